import DICOM

/// Keyed pseudonyms, computed from the original value and the key alone (no shared state),
/// so runs, machines and shards agree.
public struct Pseudonymizer: Sendable {
    public let key: PseudonymKey
    /// Original Patient ID -> pseudonym, when the user supplies one.
    public let lookup: PseudonymLookupTable?
    /// Date shifts are drawn from `-maximumShiftDays ... -minimumShiftDays` (back in time).
    public let minimumShiftDays: Int
    public let maximumShiftDays: Int

    public init(key: PseudonymKey, lookup: PseudonymLookupTable? = nil, minimumShiftDays: Int = 1, maximumShiftDays: Int = 365) throws {
        guard minimumShiftDays >= 0, maximumShiftDays >= minimumShiftDays, maximumShiftDays <= 36_500 else {
            throw AnonymizationError(.options, "date shift range \(minimumShiftDays)...\(maximumShiftDays) days is invalid: need 0 <= min <= max <= 36500")
        }
        self.key = key
        self.lookup = lookup
        self.minimumShiftDays = minimumShiftDays
        self.maximumShiftDays = maximumShiftDays
    }

    /// A `2.25.` UID (PS3.5 B.2) from the first 128 bits of the keyed hash of `uid`.
    /// Trailing NULs and spaces of the stored value do not change the result.
    public func uid(_ uid: String) -> String {
        let clean = uid.trimmingCharacters(in: [" ", "\0"])
        let m = key.mac("uid", clean)
        let hi = m[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let lo = m[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return "2.25." + UIDGenerator.decimal(hi: hi, lo: lo)
    }

    /// The Patient ID pseudonym: the lookup table's entry when there is one, else
    /// "ANON" and 16 base-32 characters (80 bits) of the keyed hash.
    public func patientID(_ original: String) -> String {
        let id = original.trimmingCharacters(in: .whitespaces)
        if let mapped = lookup?.pseudonym(for: id) { return mapped }
        return "ANON" + Pseudonymizer.base32(key.mac("patient-id", id), characters: 16)
    }

    /// A keyed token for any other value (the `hash` recipe action): 16 base-32 characters.
    public func token(_ value: String, domain: String = "value") -> String {
        Pseudonymizer.base32(key.mac(domain, value), characters: 16)
    }

    /// The per-patient date shift in days (negative: back in time), keyed on the original Patient ID.
    public func dateShiftDays(patientID original: String) -> Int {
        let m = key.mac("date-shift", original.trimmingCharacters(in: .whitespaces))
        let v = m[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let span = UInt64(maximumShiftDays - minimumShiftDays + 1)
        return -(minimumShiftDays + Int(v % span))
    }

    /// The name part of output file names: 16 hex digits of the keyed hash of the input's
    /// path relative to the input root, so names are stable, distinct, and carry no PHI.
    public func fileToken(relativePath: String) -> String {
        hexToken(relativePath, domain: "file", digits: 16)
    }

    /// `digits` lowercase hexadecimal digits (at most 64) of the keyed hash of `value`.
    public func hexToken(_ value: String, domain: String, digits: Int) -> String {
        let digitsOf: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digits)
        for b in key.mac(domain, value) where out.count < digits {
            out.append(digitsOf[Int(b >> 4)])
            if out.count < digits { out.append(digitsOf[Int(b & 15)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")  // 32 symbols, no I/O/0/1

    static func base32(_ bytes: [UInt8], characters: Int) -> String {
        var out = ""
        var acc: UInt32 = 0, bits = 0, i = 0
        while out.count < characters {
            if bits < 5 { acc = acc << 8 | UInt32(bytes[i]); i += 1; bits += 8 }
            bits -= 5
            out.append(alphabet[Int((acc >> UInt32(bits)) & 31)])
        }
        return out
    }
}
