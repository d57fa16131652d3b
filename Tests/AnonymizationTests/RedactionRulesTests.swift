import DICOM
import Foundation
import Imaging
import Testing
@testable import Anonymization

@Suite struct RedactionRulesTests {
    static let example = """
        rules:
          - name: "Workstation screenshots 384x384"
            manufacturer: "ACME"
            model: "View 3"
            rows: 384
            columns: 384
            modality: "OT"
            sop_class: "1.2.840.10008.5.1.4.1.1.7"
            regions:
              - [0, 0, 384, 40]
              - [300, 344, 84, 40]
          - manufacturer: "ACME*"
            modality: US
            regions: []
        """

    static func dataset(manufacturer: String? = "ACME", model: String? = "View 3", rows: Int = 384, columns: Int = 384,
                        modality: String? = "OT", sopClass: String? = "1.2.840.10008.5.1.4.1.1.7") -> Dataset {
        var ds = Dataset()
        if let manufacturer { ds.set(DataElement(tag: Tags.manufacturer, vr: .LO, strings: [manufacturer])) }
        if let model { ds.set(DataElement(tag: Tags.manufacturerModelName, vr: .LO, strings: [model])) }
        ds.set(DataElement(tag: Tags.rows, vr: .US, integers: [UInt16(rows)]))
        ds.set(DataElement(tag: Tags.columns, vr: .US, integers: [UInt16(columns)]))
        if let modality { ds.set(DataElement(tag: Tags.modality, vr: .CS, strings: [modality])) }
        if let sopClass { ds.set(DataElement(tag: Tags.sopClassUID, vr: .UI, strings: [sopClass])) }
        return ds
    }

    /// The error thrown for `yaml`, checked to be a redaction-rules error naming `path`.
    static func error(_ yaml: String, path: String? = "rules.yaml") -> AnonymizationError? {
        do {
            _ = try RedactionRules(yaml: yaml, path: path)
            return nil
        } catch let e as AnonymizationError {
            #expect(e.kind == .redactionRules)
            #expect(e.path == path)
            return e
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    // MARK: parsing

    @Test func theDocumentedFormatParses() throws {
        let rules = try RedactionRules(yaml: Self.example, path: "rules.yaml")
        #expect(rules.rules.count == 2)
        #expect(rules.path == "rules.yaml")
        let first = rules.rules[0]
        #expect(first.name == "Workstation screenshots 384x384")
        #expect(first.index == 1)
        #expect(first.manufacturer == .init("ACME"))
        #expect(first.model == .init("View 3"))
        #expect(first.rows == 384 && first.columns == 384)
        #expect(first.modality == .init("OT"))
        #expect(first.sopClass == .init("1.2.840.10008.5.1.4.1.1.7"))
        #expect(first.regions == [PixelRegion(x: 0, y: 0, width: 384, height: 40), PixelRegion(x: 300, y: 344, width: 84, height: 40)])
        let second = rules.rules[1]
        #expect(second.name == "rule 2")
        #expect(second.index == 2)
        #expect(second.model == nil && second.rows == nil && second.sopClass == nil)
        #expect(second.regions.isEmpty)
    }

    @Test func anEmptyListOfRulesIsAllowed() throws {
        #expect(try RedactionRules(yaml: "rules: []").rules.isEmpty)
        #expect(try RedactionRules(yaml: "rules:").rules.isEmpty)
    }

    @Test func numbersStayTextWhereTextIsExpected() throws {
        // An unquoted model "3" or a manufacturer "yes" must not turn into a number or a boolean.
        let rules = try RedactionRules(yaml: """
            rules:
              - {manufacturer: yes, model: 3, regions: [[1, 2, 3, 4]]}
            """)
        #expect(rules.rules[0].manufacturer == .init("yes"))
        #expect(rules.rules[0].model == .init("3"))
        #expect(rules.rules[0].regions == [PixelRegion(x: 1, y: 2, width: 3, height: 4)])
    }

    @Test func readsAFileAndNamesItInErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.yaml").path
        try Self.example.write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try RedactionRules(contentsOf: good).rules.count == 2)
        #expect(try RedactionRules(contentsOf: good).path == good)

        let bad = dir.appendingPathComponent("bad.yaml").path
        try "rules:\n  - name: x\n    modle: A\n    regions: []\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let e = try #require(#expect(throws: AnonymizationError.self) { try RedactionRules(contentsOf: bad) })
        #expect(e.kind == .redactionRules)
        #expect(e.path == bad)
        #expect(e.description.hasPrefix(bad + ": "))
        #expect(e.reason.contains("rule 1 \"x\"") && e.reason.contains("'modle'") && e.reason.contains("line 3"), "\(e.reason)")

        let missing = dir.appendingPathComponent("missing.yaml").path
        let absent = #expect(throws: AnonymizationError.self) { try RedactionRules(contentsOf: missing) }
        #expect(absent?.path == missing)
        #expect(absent?.reason.contains("no such") == true)
        let folder = #expect(throws: AnonymizationError.self) { try RedactionRules(contentsOf: dir.path) }
        #expect(folder?.reason.contains("directory") == true)
    }

    @Test func unknownKeysAreErrorsNamingTheRule() throws {
        let e = try #require(Self.error("""
            rules:
              - name: "US Acme"
                manufacturer: ACME
                modle: "View 3"
                regions: []
            """))
        #expect(e.reason.contains("rule 1 \"US Acme\""))
        #expect(e.reason.contains("unknown key 'modle'"))
        #expect(e.reason.contains("line 4"))
        #expect(e.reason.contains("known keys: name, manufacturer, model"))

        let top = try #require(Self.error("rules: []\nrule: []\n"))
        #expect(top.reason.contains("unknown top-level key 'rule'"))
    }

    @Test func malformedRulesGiveClearErrors() throws {
        let cases: [(yaml: String, expected: [String])] = [
            ("rules:\n  - {name: a, regions: [[0, 0, -5, 10]]}", ["rule 1 \"a\", region 1", "width must not be negative (-5)"]),
            ("rules:\n  - {name: a, regions: [[-1, 0, 5, 10]]}", ["x must not be negative"]),
            ("rules:\n  - {name: a, regions: [[0, 0, 0, 10]]}", ["width and height must be at least 1"]),
            ("rules:\n  - {name: a, regions: [[0, 0, 5]]}", ["expected 4 numbers", "found 3"]),
            ("rules:\n  - {name: a, regions: [[0, 0, 5, 2.5]]}", ["height must be a whole number", "'2.5'"]),
            ("rules:\n  - {name: a, regions: [{x: 0}]}", ["expected [x, y, width, height]"]),
            ("rules:\n  - {name: a, regions: [0, 0, 5, 5]}", ["rule 1 \"a\", region 1", "expected [x, y, width, height], not '0'"]),
            ("rules:\n  - {name: a, regions: 5}", ["'regions' must be a list"]),
            ("rules:\n  - {name: a, manufacturer: ACME}", ["rule 1 \"a\": missing 'regions'", "regions: []"]),
            ("rules:\n  - {regions: [], rows: abc}", ["rule 1: 'rows' must be a whole number, not 'abc'"]),
            ("rules:\n  - {regions: [], columns: 0}", ["'columns' must be at least 1"]),
            ("rules:\n  - {regions: [], manufacturer: }", ["'manufacturer' has no value"]),
            ("rules:\n  - {regions: [], model: [a, b]}", ["'model' must be a text"]),
            ("rules:\n  - {name: '', regions: []}", ["'name' must be a non-empty text"]),
            ("rules:\n  - {rows: 100, columns: 200, regions: [[150, 0, 60, 10]]}", ["region 1 [150, 0, 60, 10] runs past the right edge of the 200-column"]),
            ("rules:\n  - {rows: 100, columns: 200, regions: [[0, 95, 60, 10]]}", ["runs past the bottom edge of the 100-row"]),
            ("rules:\n  - {regions: []}\n  - just a name", ["rule 2 must be a mapping"]),
            ("rules: {name: a}", ["'rules' must be a list"]),
            ("- {regions: []}", ["expected a mapping with the key 'rules'"]),
            ("other: 1", ["unknown top-level key 'other'"]),
            ("# nothing here\n", ["the file is empty"]),
            ("rules: [\n  {regions: []\n", ["not valid YAML"]),
            ("rules:\n  - {regions: [], regions: []}", ["not valid YAML"]),
        ]
        for (yaml, expected) in cases {
            guard let e = Self.error(yaml) else {
                Issue.record("no error for:\n\(yaml)")
                continue
            }
            for text in expected {
                #expect(e.reason.contains(text), "\(e.reason) -- expected '\(text)' for:\n\(yaml)")
            }
        }
        // Without a path the error is the reason alone.
        let e = try #require(Self.error("other: 1", path: nil))
        #expect(e.description == e.reason)
    }

    // MARK: matching

    @Test func theFirstMatchingRuleWins() throws {
        let rules = try RedactionRules(yaml: """
            rules:
              - {name: narrow, manufacturer: ACME, model: View 3, rows: 384, columns: 384, regions: [[0, 0, 384, 40]]}
              - {name: any acme, manufacturer: ACME, regions: [[0, 0, 10, 10]]}
              - {name: everything, regions: []}
            """)
        #expect(rules.match(Self.dataset())?.name == "narrow")
        #expect(rules.match(Self.dataset(rows: 512))?.name == "any acme")
        #expect(rules.match(Self.dataset(manufacturer: "Other"))?.name == "everything")
        #expect(rules.match(Self.dataset())?.index == 1)
    }

    @Test func criteriaLeftOutMatchAnything() throws {
        let rules = try RedactionRules(yaml: "rules:\n  - {modality: OT, regions: []}\n")
        #expect(rules.match(Self.dataset()) != nil)
        #expect(rules.match(Self.dataset(manufacturer: nil, model: nil, rows: 17, columns: 3, sopClass: nil)) != nil)
        #expect(rules.match(Self.dataset(modality: "US")) == nil)
        #expect(rules.match(Self.dataset(modality: nil)) == nil)
        #expect(rules.match(Dataset()) == nil)
    }

    @Test func textMatchingIgnoresCaseAndPaddingAndSupportsPrefixes() throws {
        let rules = try RedactionRules(yaml: """
            rules:
              - {name: exact, manufacturer: " acme corp ", regions: []}
              - {name: prefix, manufacturer: "GE *", regions: []}
              - {name: any model, manufacturer: "Philips", model: "*", regions: []}
              - {name: no model, manufacturer: "Toshiba", model: "", regions: []}
              - {name: sc family, sop_class: "1.2.840.10008.5.1.4.1.1.7*", regions: []}
            """)
        #expect(rules.match(Self.dataset(manufacturer: "ACME Corp", sopClass: nil))?.name == "exact")
        #expect(rules.match(Self.dataset(manufacturer: "ACME Corporation", sopClass: nil)) == nil)
        #expect(rules.match(Self.dataset(manufacturer: "GE MEDICAL SYSTEMS", sopClass: nil))?.name == "prefix")
        #expect(rules.match(Self.dataset(manufacturer: "ge healthcare", sopClass: nil))?.name == "prefix")
        #expect(rules.match(Self.dataset(manufacturer: "GEMINI", sopClass: nil)) == nil)
        #expect(rules.match(Self.dataset(manufacturer: "Philips", model: nil, sopClass: nil))?.name == "any model")
        #expect(rules.match(Self.dataset(manufacturer: "Philips", model: "iU22", sopClass: nil))?.name == "any model")
        #expect(rules.match(Self.dataset(manufacturer: "Toshiba", model: nil, sopClass: nil))?.name == "no model")
        #expect(rules.match(Self.dataset(manufacturer: "Toshiba", model: "Aplio", sopClass: nil)) == nil)
        #expect(rules.match(Self.dataset(manufacturer: "X", sopClass: "1.2.840.10008.5.1.4.1.1.7.4"))?.name == "sc family")
        #expect(rules.match(Self.dataset(manufacturer: "X", sopClass: "1.2.840.10008.5.1.4.1.1.6.1")) == nil)
    }

    @Test func sizeCriteriaCompareRowsAndColumnsSeparately() throws {
        let rules = try RedactionRules(yaml: "rules:\n  - {rows: 480, columns: 640, regions: [[0, 0, 640, 60]]}\n")
        #expect(rules.match(Self.dataset(rows: 480, columns: 640)) != nil)
        #expect(rules.match(Self.dataset(rows: 640, columns: 480)) == nil)
        #expect(rules.match(Self.dataset(rows: 480, columns: 641)) == nil)
    }

    @Test func regionsClipToTheImage() {
        let r = PixelRegion(x: 10, y: -5, width: 100, height: 10)
        let c = r.clipped(columns: 50, rows: 40)
        #expect(c?.columns == 10..<50)
        #expect(c?.rows == 0..<5)
        #expect(PixelRegion(x: 60, y: 0, width: 5, height: 5).clipped(columns: 50, rows: 40) == nil)
        #expect(PixelRegion(x: 0, y: 0, width: 0, height: 5).clipped(columns: 50, rows: 40) == nil)
        #expect(PixelRegion(x: Int.max - 1, y: 0, width: Int.max, height: 5).clipped(columns: 50, rows: 40) == nil)
        #expect(PixelRegion(x: 1, y: 2, width: 3, height: 4).description == "[1, 2, 3, 4]")
    }
}
