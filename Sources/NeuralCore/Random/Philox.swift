import Foundation

/// The Philox4x32-10 counter-based generator (Salmon et al., 2011): a 64-bit key (the seed)
/// and a 128-bit counter; each counter value gives four 32-bit outputs. Its whole state is
/// the key, the counter and the position in the current block, so it is saved into
/// checkpoints and training resumes with the same stream.
public struct PhiloxGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    public private(set) var key: UInt64
    public private(set) var counter: SIMD4<UInt32>
    /// Outputs of the current block already used (0...4; 4 means a new block is needed).
    public private(set) var used: Int
    private var block: SIMD4<UInt32>

    public init(seed: UInt64, stream: UInt64 = 0) {
        key = seed
        counter = SIMD4(0, 0, UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
        used = 4
        block = SIMD4(repeating: 0)
    }

    /// A generator for an independent stream of the same seed (e.g. one per purpose: init,
    /// noise, dropout).
    public func forked(stream: UInt64) -> PhiloxGenerator { PhiloxGenerator(seed: key, stream: stream) }

    public mutating func next() -> UInt64 {
        let lo = UInt64(nextUInt32()), hi = UInt64(nextUInt32())
        return hi << 32 | lo
    }

    public mutating func nextUInt32() -> UInt32 {
        if used == 4 {
            block = Self.philox(counter, key)
            used = 0
            incrementCounter()
        }
        defer { used += 1 }
        return block[used]
    }

    /// A uniform Float in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float { Float(nextUInt32() >> 8) * 0x1p-24 }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal value (Box-Muller on two uniforms; one value per call, so the stream
    /// position is simple to reason about).
    public mutating func nextNormal() -> Double {
        let u1 = 1 - nextUnitDouble()  // (0, 1]
        let u2 = nextUnitDouble()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    private enum CodingKeys: String, CodingKey { case key, counter, used, block }

    /// Decodes a saved state (as encoded: key, counter, used, block) and checks it is one the
    /// generator can be in: `used` within 0...4, and a partly used block equal to the block
    /// of the previous counter value. A damaged state is refused rather than giving another
    /// stream (or reading past the block).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(UInt64.self, forKey: .key)
        counter = try c.decode(SIMD4<UInt32>.self, forKey: .counter)
        used = try c.decode(Int.self, forKey: .used)
        block = try c.decode(SIMD4<UInt32>.self, forKey: .block)
        guard (0...4).contains(used) else {
            throw DecodingError.dataCorruptedError(forKey: .used, in: c, debugDescription:
                "the generator state has used = \(used); it must be 0 to 4 (outputs taken from the current block)")
        }
        var previous = counter
        for i in 0..<4 {
            previous[i] &-= 1
            if previous[i] != UInt32.max { break }
        }
        guard used == 4 || block == Self.philox(previous, key) else {
            throw DecodingError.dataCorruptedError(forKey: .block, in: c, debugDescription:
                "the generator state's block does not follow from its key and counter; the state is damaged")
        }
    }

    private mutating func incrementCounter() {
        for i in 0..<4 {
            counter[i] &+= 1
            if counter[i] != 0 { break }
        }
    }

    /// Ten rounds of Philox4x32 on `c` with key `k`.
    static func philox(_ c: SIMD4<UInt32>, _ k: UInt64) -> SIMD4<UInt32> {
        var (c0, c1, c2, c3) = (c[0], c[1], c[2], c[3])
        var k0 = UInt32(truncatingIfNeeded: k), k1 = UInt32(truncatingIfNeeded: k >> 32)
        let m0: UInt64 = 0xD251_1F53, m1: UInt64 = 0xCD9E_8D57
        for round in 0..<10 {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = m0 * UInt64(c0), p1 = m1 * UInt64(c2)
            let hi0 = UInt32(p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
            let hi1 = UInt32(p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
        }
        return SIMD4(c0, c1, c2, c3)
    }
}
