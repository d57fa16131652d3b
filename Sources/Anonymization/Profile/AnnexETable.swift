import DICOM

/// One row of PS3.15 Table E.1-1.
public struct AnnexERow: Sendable, Equatable {
    public var pattern: TagPattern
    /// Whether the attribute is used in a standard composite IOD.
    public var inStandardIOD: Bool
    /// The Basic Profile's action.
    public var basic: ActionCode
    /// The action under each option that changes it.
    public var options: [ProfileOption: ActionCode]
}

/// The project's copy of PS3.15 (2024b) Table E.1-1.
public enum AnnexETable {
    /// Edition of the table.
    public static let edition = "2024b"

    /// Every row, in the table's order.
    public static let rows: [AnnexERow] = parse(AnnexETableData.text)

    static func parse(_ text: String) -> [AnnexERow] {
        text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3 + ProfileOption.allCases.count, let pattern = TagPattern(parsing: f[0]),
                  let basic = ActionCode(rawValue: f[2]) else { return nil }
            var options: [ProfileOption: ActionCode] = [:]
            for (n, option) in ProfileOption.allCases.enumerated() {
                if let a = ActionCode(rawValue: f[3 + n]) { options[option] = a }
            }
            return AnnexERow(pattern: pattern, inStandardIOD: f[1] == "Y", basic: basic, options: options)
        }
    }

    /// The row for an exact tag, if the table lists it.
    public static func row(for tag: Tag) -> AnnexERow? { byTag[tag] }

    private static let byTag: [Tag: AnnexERow] = {
        var d: [Tag: AnnexERow] = [:]
        for r in rows { if case .exact(let t) = r.pattern { d[t] = r } }
        return d
    }()
}
