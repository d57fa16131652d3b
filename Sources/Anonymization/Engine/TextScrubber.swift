import DICOM

/// Cleans free text (action C on descriptions and comments, and unlisted short text that is
/// kept): every occurrence of this file's own identifiers, and anything shaped like a date,
/// a phone number or an e-mail address, is overwritten with "*" of the same length (so VR
/// length limits hold). Matching ignores case; identifiers shorter than 4 characters must
/// stand alone as a word to match.
public struct TextScrubber: Sendable {
    /// Upper-cased identifiers (name components, IDs, addresses, institution...).
    public private(set) var needles: [[UInt8]]

    public init(needles: [String]) {
        self.init(needleBytes: needles.map { Array($0.utf8) })
    }

    init(needleBytes: [[UInt8]]) {
        var seen = Set<[UInt8]>()
        var list: [[UInt8]] = []
        for n in needleBytes {
            let u = TextScrubber.asciiUpper(n)
            guard u.count >= 2, !seen.contains(u) else { continue }
            seen.insert(u)
            list.append(u)
        }
        // Longest first, so "JOHNSON" is blanked whole before "JOHN" is tried.
        self.needles = list.sorted { $0.count > $1.count }
    }

    /// The identifiers of a dataset: every component of every person name at any depth, and
    /// the values of the attributes the profile resolves to X, Z, D or a compound code
    /// (names, IDs, addresses, institution, station...) at any depth. Values need two letters
    /// or four digits to count (shorter ones match ordinary words and numbers by chance).
    public init(identifiersOf dataset: Dataset, profile: ResolvedProfile) {
        var values: [[UInt8]] = []
        TextScrubber.collect(dataset, profile: profile, into: &values)
        self.init(needleBytes: values.filter { v in
            var letters = 0, digits = 0
            for b in v {
                if (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b >= 0x80 { letters += 1 } else if TextScrubber.isDigit(b) { digits += 1 }
            }
            return letters >= 2 || digits >= 4
        })
    }

    private static let needleVRs: Set<String> = ["LO", "SH", "AE", "UC"]

    private static func collect(_ ds: Dataset, profile: ResolvedProfile, into values: inout [[UInt8]]) {
        for e in ds.elements {
            switch e.value {
            case .sequence(let items):
                for item in items { collect(item, profile: profile, into: &values) }
            case .bytes(let b) where !b.isEmpty:
                if e.vr == .PN {
                    split(b, separators: [0x5E, 0x3D, 0x5C], into: &values)  // ^ = \
                } else if needleVRs.contains(e.vr.rawValue), let code = profile.code(for: e.tag), code != .keep, code != .clean, code != .uid {
                    split(b, separators: [0x5C], into: &values)
                }
            default:
                break
            }
        }
    }

    /// Splits on separators, trimming spaces and NULs from each part.
    private static func split(_ b: [UInt8], separators: Set<UInt8>, into values: inout [[UInt8]]) {
        var start = 0
        for i in 0...b.count where i == b.count || separators.contains(b[i]) {
            var lo = start, hi = i
            while lo < hi, b[lo] == 0x20 || b[lo] == 0 { lo += 1 }
            while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0 { hi -= 1 }
            if hi > lo { values.append(Array(b[lo..<hi])) }
            start = i + 1
        }
    }

    /// The cleaned text; `changed` tells whether anything was overwritten.
    public func clean(_ text: String) -> (text: String, changed: Bool) {
        var bytes = Array(text.utf8)
        var upper = TextScrubber.asciiUpper(bytes)
        var changed = false
        func blank(_ start: Int, _ count: Int) {
            for i in start..<(start + count) { bytes[i] = 0x2A; upper[i] = 0x2A }
            changed = true
        }
        for n in needles where n.count <= upper.count {
            let wholeWord = n.count < 4
            var i = 0
            while i + n.count <= upper.count {
                if upper[i] == n[0] && Array(upper[i..<(i + n.count)]) == n {
                    let before = i == 0 || !TextScrubber.isAlnum(upper[i - 1])
                    let after = i + n.count == upper.count || !TextScrubber.isAlnum(upper[i + n.count])
                    if !wholeWord || (before && after) { blank(i, n.count); i += n.count; continue }
                }
                i += 1
            }
        }
        TextScrubber.blankPatterns(&bytes, changed: &changed)
        return (String(decoding: bytes, as: UTF8.self), changed)
    }

    /// Upper-cases ASCII letters only, so byte offsets match the original text.
    static func asciiUpper(_ b: [UInt8]) -> [UInt8] { b.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 } }

    static func isAlnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// Dates (8 digits, or digit groups joined by - / . such as 2021-03-04 or 04.03.2021),
    /// phone-like runs of 7+ digits with separators, and e-mail addresses.
    static func blankPatterns(_ b: inout [UInt8], changed: inout Bool) {
        var i = 0
        while i < b.count {
            guard isDigit(b[i]), i == 0 || !isAlnum(b[i - 1]) else { i += 1; continue }
            // A run of digits and separators ( - / . space ( ) + ).
            var j = i, digits = 0, groups = 1, lastDigit = i
            while j < b.count {
                if isDigit(b[j]) { digits += 1; lastDigit = j } else if "-/.() +".utf8.contains(b[j]), j + 1 < b.count, isDigit(b[j + 1]) || b[j] == 0x28 || b[j] == 0x29 {
                    groups += 1
                } else { break }
                j += 1
            }
            let end = lastDigit + 1
            let isDate = (digits == 8 && groups == 1) || (digits >= 6 && digits <= 8 && groups == 3)
            let isPhone = digits >= 7 && groups >= 2
            if isDate || isPhone {
                for k in i..<end where b[k] != 0x20 { b[k] = 0x2A }
                changed = true
            }
            i = max(end, i + 1)
        }
        // e-mail: blank the word around every "@".
        for k in 0..<b.count where b[k] == 0x40 {
            var s = k, e = k
            while s > 0, b[s - 1] > 0x20 { s -= 1 }
            while e + 1 < b.count, b[e + 1] > 0x20 { e += 1 }
            for m in s...e { b[m] = 0x2A }
            changed = true
        }
    }
}
