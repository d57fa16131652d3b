import DICOM

/// One row of PS3.15 Table E.3.10-1: a private data element (group, xxEE) of a named Private
/// Creator that the standard lists as safe to keep under the Retain Safe Private Option.
public struct SafePrivateAttribute: Sendable, Hashable {
    /// The odd group.
    public var group: UInt16
    /// The low byte EE of the element (gggg,xxEE); the block byte xx is wherever the creator's
    /// reservation (gggg,00xx) put it in a given data set.
    public var elementOffset: UInt8
    /// The Private Creator, exactly as the table spells it.
    public var creator: String
    /// The VR as the table gives it ("OW/OB" for alternatives); nil where the table gives none.
    public var vr: String?
    /// The VM as the table gives it ("1", "1-n", "3-4", ...).
    public var vm: String

    public init(group: UInt16, elementOffset: UInt8, creator: String, vr: String?, vm: String) {
        self.group = group
        self.elementOffset = elementOffset
        self.creator = creator
        self.vr = vr
        self.vm = vm
    }
}

/// The project's copy of PS3.15 (2026d) Table E.3.10-1, "Safe Private Attributes".
///
/// Creators are compared exactly (case-sensitive) once padding is removed. The standard names
/// each private dictionary by its exact creator string, and this list decides what is *kept*
/// during de-identification: a case-insensitive match could keep an element of a different
/// dictionary that only resembles a listed one, and so leak what that element holds. An exact
/// match can only err by dropping a listed element whose creator a device spelled differently,
/// which loses data but never identity.
public enum SafePrivateAttributes {
    /// The edition of the table.
    public static let edition = "2026d"
    /// Where the rows come from.
    public static let source = "DICOM PS3.15 2026d, Annex E, Table E.3.10-1 (Safe Private Attributes, Retain Safe Private Option)"

    /// Every row, in the table's order.
    public static let all: [SafePrivateAttribute] = parse(SafePrivateData.text).entries

    /// Whether the element at `elementOffset` (the low byte of the element) in `group`, in the
    /// block of `creator`, is listed as safe. `creator` may carry the padding of its LO value.
    public static func isSafe(group: UInt16, elementOffset: UInt8, creator: String) -> Bool {
        keys.contains(Key(group: group, elementOffset: elementOffset, creator: normalizedCreator(creator)))
    }

    /// Whether the private data element `tag` (gggg,xxEE), whose block belongs to `creator`, is
    /// listed as safe. False for standard tags, creator reservations (gggg,00xx) and a missing
    /// creator.
    public static func isSafe(_ tag: Tag, creator: String?) -> Bool {
        guard let creator, tag.privateCreatorTag != nil else { return false }
        return isSafe(group: tag.group, elementOffset: UInt8(tag.element & 0xFF), creator: creator)
    }

    /// A creator value without the padding that an LO value may carry: leading and trailing
    /// spaces (not significant in LO) and trailing NULs.
    static func normalizedCreator(_ creator: String) -> String {
        var s = Substring(creator)
        while let last = s.last, last == " " || last == "\0" { s = s.dropLast() }
        while let first = s.first, first == " " { s = s.dropFirst() }
        return String(s)
    }

    /// Parses `GGGG|xxEE|CREATOR|VR|VM` lines (see `SafePrivateData`). Every non-empty line is
    /// either an entry or reported in `malformed`, so nothing is dropped silently.
    static func parse(_ text: String) -> (entries: [SafePrivateAttribute], malformed: [String]) {
        var entries: [SafePrivateAttribute] = [], malformed: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if let entry = entry(String(line)) { entries.append(entry) } else { malformed.append(String(line)) }
        }
        return (entries, malformed)
    }

    private static func entry(_ line: String) -> SafePrivateAttribute? {
        let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 5, f[0].count == 4, f[0].allSatisfy(\.isHexDigit), let group = UInt16(f[0], radix: 16), group & 1 == 1,
              Tag(group, 0x1000).isPrivate,
              f[1].count == 4, f[1].hasPrefix("xx"), f[1].dropFirst(2).allSatisfy(\.isHexDigit), let offset = UInt8(f[1].dropFirst(2), radix: 16),
              !f[2].isEmpty, normalizedCreator(f[2]) == f[2],
              f[3].isEmpty || f[3].split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isVRText),
              !f[4].isEmpty, f[4].allSatisfy({ $0.isNumber || $0 == "-" || $0 == "n" })
        else { return nil }
        return SafePrivateAttribute(group: group, elementOffset: offset, creator: f[2],
                                    vr: f[3].isEmpty ? nil : f[3], vm: f[4])
    }

    private static func isVRText(_ s: Substring) -> Bool {
        s.count == 2 && s.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    private struct Key: Hashable {
        var group: UInt16
        var elementOffset: UInt8
        var creator: String
    }

    private static let keys: Set<Key> = Set(all.map { Key(group: $0.group, elementOffset: $0.elementOffset, creator: $0.creator) })
}
