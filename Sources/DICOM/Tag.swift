import CDCMTK
import Foundation

/// A DICOM attribute tag (group, element).
public struct Tag: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var group: UInt16
    public var element: UInt16

    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    /// Odd groups (other than 1, 3, 5, 7 and FFFF) are private.
    public var isPrivate: Bool { group & 1 == 1 && group > 7 && group != 0xFFFF }
    /// (gggg,0010)-(gggg,00FF) in a private group reserve a block for a private creator.
    public var isPrivateCreator: Bool { isPrivate && element >= 0x10 && element <= 0xFF }
    /// For a private data element (gggg,xxyy), the tag of its creator element (gggg,00xx).
    public var privateCreatorTag: Tag? {
        guard isPrivate, element > 0xFF else { return nil }
        return Tag(group, element >> 8)
    }
    /// The 60xx overlay and 50xx curve repeating groups.
    public var isOverlay: Bool { group & 0xFF00 == 0x6000 && group & 1 == 0 }
    public var isCurve: Bool { group & 0xFF00 == 0x5000 && group & 1 == 0 }

    public static func < (a: Tag, b: Tag) -> Bool {
        a.group != b.group ? a.group < b.group : a.element < b.element
    }

    public var description: String { String(format: "(%04X,%04X)", group, element) }
    /// Eight hex digits, e.g. "00100010" (as DICOM JSON keys).
    public var hex: String { String(format: "%04X%04X", group, element) }

    /// Parses "(0010,0010)", "0010,0010", "00100010" or a dictionary keyword such as "PatientName".
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let hexDigits = t.filter { $0.isHexDigit }
        let stripped = t.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
            .replacingOccurrences(of: ",", with: "")
        if stripped.count == 8, hexDigits.count == 8, let v = UInt32(hexDigits, radix: 16) {
            self.init(UInt16(v >> 16), UInt16(v & 0xFFFF))
            return
        }
        guard let tag = DataDictionary.tag(forKeyword: t) else { return nil }
        self = tag
    }

    /// The dictionary keyword (e.g. "PatientName"), or nil for unknown / private tags.
    public var keyword: String? { DataDictionary.keyword(for: self) }
}

