import DICOM
import Foundation
import Testing
@testable import Anonymization

@Suite struct AnnexETableTests {
    static let published = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/dicom/ps3.15-table-E.1-1-2024b.csv").path
    static var available: Bool { FileManager.default.fileExists(atPath: published) }

    /// The published table's rows: tag, in-IOD flag and the eleven action columns.
    static func publishedRows() throws -> [[String]] {
        let text = try String(contentsOfFile: published, encoding: .utf8)
        // RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
        var rows: [[String]] = [], fields: [String] = [], field = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                fields.append(field); field = ""
                rows.append(fields); fields = []
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); rows.append(fields) }
        rows = Array(rows.dropFirst())
        return rows
    }

    @Test(.enabled(if: available, "../shared/data is not beside the repository"))
    func everyRowEqualsThePublishedTable() throws {
        let published = try Self.publishedRows()
        #expect(published.count == AnnexETable.rows.count)
        for (row, ours) in zip(published, AnnexETable.rows) {
            #expect(row.count == 14, "\(row)")
            let pattern = row[0].hasPrefix("(GGGG") ? TagPattern.privateElements : TagPattern(parsing: row[0])
            #expect(pattern == ours.pattern, "\(row[0])")
            #expect((row[2] == "Y") == ours.inStandardIOD, "\(row[0])")
            #expect(row[3] == ours.basic.rawValue, "\(row[0]) basic")
            for (n, option) in ProfileOption.allCases.enumerated() {
                #expect(row[4 + n] == (ours.options[option]?.rawValue ?? ""), "\(row[0]) \(option)")
            }
        }
    }

    @Test func patternsMatchTheTagsTheyName() throws {
        #expect(AnnexETable.rows.count == 621)
        #expect(AnnexETable.row(for: Tag(0x0010, 0x0010))?.basic == .zero)
        #expect(AnnexETable.row(for: Tag(0x0008, 0x0050))?.basic == .zero)
        #expect(AnnexETable.row(for: Tag(0x0020, 0x000D))?.basic == .uid)
        let overlay = try #require(TagPattern(parsing: "(60XX,4000)"))
        #expect(overlay.matches(Tag(0x6002, 0x4000)) && !overlay.matches(Tag(0x6002, 0x3000)))
        #expect(overlay.description == "(60XX,4000)")
        let curve = try #require(TagPattern(parsing: "(50XX,XXXX)"))
        #expect(curve.matches(Tag(0x501E, 0x0010)) && !curve.matches(Tag(0x6000, 0x0010)))
        #expect(TagPattern.privateElements.matches(Tag(0x0009, 0x1010)) && !TagPattern.privateElements.matches(Tag(0x0010, 0x0010)))
        // Every row parsed: the table's text has as many lines as rows.
        #expect(AnnexETableData.text.split(separator: "\n").count == AnnexETable.rows.count)
    }
}
