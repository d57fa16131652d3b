/// Deterministic DICOM UIDs: `2.25.<decimal of a 128-bit value>` (PS3.5 B.2), where
/// the 128-bit value is a hash of a seed and a label ("study", "instance/0/3", ...).
/// The same seed and label always give the same UID; different labels give
/// unrelated UIDs. Not a UUID: no version bits, and not meant to be secret.
public struct UIDGenerator: Sendable, Equatable {
    public var seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// The UID for `label`, at most 44 characters long.
    public func uid(_ label: String) -> String {
        let (hi, lo) = value(label)
        return "2.25." + UIDGenerator.decimal(hi: hi, lo: lo)
    }

    /// The 128-bit value behind `uid(label)`, as high and low 64-bit words.
    public func value(_ label: String) -> (hi: UInt64, lo: UInt64) {
        // FNV-1a over the label, keyed by the seed, then two SplitMix64 finalizers.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UIDGenerator.mix(seed)
        for b in label.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let lo = UIDGenerator.mix(h ^ seed)
        let hi = UIDGenerator.mix(h &+ 0x9e37_79b9_7f4a_7c15 ^ (seed << 32 | seed >> 32))
        return (hi, lo)
    }

    /// SplitMix64's output function: a bijective 64-bit mixer.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Decimal text of the unsigned 128-bit integer `hi * 2^64 + lo`, without leading zeros.
    public static func decimal(hi: UInt64, lo: UInt64) -> String {
        let chunk: UInt64 = 10_000_000_000_000_000_000  // 10^19 < 2^64
        var (h, l) = (hi, lo)
        var parts: [UInt64] = []
        repeat {
            let qh = h / chunk
            let (ql, r) = chunk.dividingFullWidth((high: h % chunk, low: l))
            parts.append(r)
            (h, l) = (qh, ql)
        } while h != 0 || l != 0
        var text = String(parts.removeLast())
        for p in parts.reversed() {
            let s = String(p)
            text += String(repeating: "0", count: 19 - s.count) + s
        }
        return text
    }
}
