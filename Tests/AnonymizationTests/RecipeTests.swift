import DICOM
import Foundation
import Testing
@testable import Anonymization

@Suite struct RecipeTests {
    static let yaml = """
    # site rules
    rules:
      - tag: InstitutionName
        action: replace
        value: Research Site A
      - tag: StudyDescription
        action: keep
      - tag: "(0008,0050)"
        action: hash
      - tag: StudyInstanceUID
        action: hash
      - tag: PatientID
        action: keep
      - tag: "(0009,xx10)"
        creator: ACME RIS 1.0
        action: keep
      - tag: ReferencedImageSequence
        action: empty
      - tag: "(60XX,3000)"
        action: remove
      - tag: RepetitionTime
        action: remove
    """

    @Test func rulesOverrideTheProfile() throws {
        let recipe = try Recipe(yaml: Self.yaml)
        #expect(recipe.rules.count == 9)
        let d = try Crafted.deidentifier([.cleanGraphics], recipe: recipe).deidentify(Crafted.dataset)
        let ds = d.dataset
        #expect(ds.string(Crafted.t("InstitutionName")) == "Research Site A")
        #expect(ds.string(Crafted.t("StudyDescription")) == "Brain follow-up Rivera 20210304")
        let p = try Pseudonymizer(key: Crafted.key)
        let accession = try #require(ds.string(Crafted.t("AccessionNumber")))
        #expect(accession == String(p.token("ACC777", domain: "recipe").prefix(16)))
        #expect(ds.string(Crafted.t("StudyInstanceUID")) == p.uid(Crafted.studyUID))
        #expect(ds.string(Crafted.t("PatientID")) == Crafted.patientID)
        // The private element and its creator stay; the other private block goes.
        #expect(ds.string(Tag(0x0009, 0x1010)) == "Rivera Maria")
        #expect(ds.string(Tag(0x0009, 0x0010)) == "ACME RIS 1.0")
        #expect(ds[Tag(0x0019, 0x0010)] == nil)
        #expect(ds[Crafted.t("ReferencedImageSequence")]?.items == [])
        #expect(ds[Tag(0x6000, 0x3000)] == nil)
        #expect(ds[Tag(0x6000, 0x0010)] != nil)  // the rest of the overlay follows Clean Graphics
        #expect(ds[Crafted.t("RepetitionTime")] == nil)
        #expect(d.tally.count(.recipe) == 9)
        // Keep on a sequence keeps it but still de-identifies inside.
        let keepSeq = try Recipe(yaml: "rules:\n  - tag: RequestAttributesSequence\n    action: keep\n")
        let k = try Crafted.deidentifier(recipe: keepSeq).deidentify(Crafted.dataset).dataset
        let item = try #require(k.items(Crafted.t("RequestAttributesSequence")).first)
        #expect(item[Crafted.t("AccessionNumber")]?.length == 0)
    }

    @Test func aPrivateRuleNeedsTheRightCreator() throws {
        let recipe = try Recipe(yaml: "rules:\n  - tag: \"(0009,xx10)\"\n    creator: OTHER\n    action: keep\n")
        let ds = try Crafted.deidentifier(recipe: recipe).deidentify(Crafted.dataset).dataset
        #expect(ds[Tag(0x0009, 0x1010)] == nil)
    }

    @Test(arguments: [
        ("rules: 3", "must be a list"),
        ("rule:\n  - tag: PatientID\n    action: keep", "unknown key `rule`"),
        ("rules:\n  - tag: PatientID\n    action: scramble", "`action` must be one of"),
        ("rules:\n  - tag: PatientIdentity\n    action: keep", "neither a keyword"),
        ("rules:\n  - tag: PatientID\n    action: replace", "needs a `value`"),
        ("rules:\n  - tag: PatientID\n    action: keep\n    value: x", "only for `replace`"),
        ("rules:\n  - tag: PatientID\n    actoin: keep", "unknown key `actoin`"),
        ("rules:\n  - tag: \"(0009,xx10)\"\n    action: keep", "needs its `creator`"),
        ("rules:\n  - tag: PatientID\n    creator: X\n    action: keep", "only for private"),
        ("rules: [", "not valid YAML"),
    ])
    func errorsNameTheRuleAndTheProblem(yaml: String, message: String) {
        do {
            _ = try Recipe(yaml: yaml, path: "site.yaml")
            Issue.record("accepted: \(yaml)")
        } catch let e as AnonymizationError {
            #expect(e.description.hasPrefix("site.yaml: "))
            #expect(e.description.contains(message), "\(e)")
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite struct PseudonymTests {
    @Test func keyFilesAreReadAsHexOrBytesAndNeverOverwritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-key-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/k"
        let created = try PseudonymKey.create(at: path)
        let reread = try PseudonymKey(contentsOf: path)
        #expect(try Pseudonymizer(key: created).uid("1.2.3") == Pseudonymizer(key: reread).uid("1.2.3"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: AnonymizationError.self) { try PseudonymKey.create(at: path) }
        try Data(repeating: 1, count: 8).write(to: URL(fileURLWithPath: dir + "/short"))
        #expect(throws: AnonymizationError.self) { try PseudonymKey(contentsOf: dir + "/short") }
        do { _ = try PseudonymKey(contentsOf: dir + "/missing") } catch let e as AnonymizationError {
            #expect(e.description.contains("--create-key"))
        }
    }

    @Test func pseudonymsAreStableAndDistinct() throws {
        let p = try Pseudonymizer(key: Crafted.key)
        #expect(p.patientID("A") == p.patientID(" A "))
        #expect(p.patientID("A") != p.patientID("B"))
        // Fixed values: the same key gives these on every machine (a change here breaks every
        // earlier release's linkage, so it must be deliberate).
        // HMAC-SHA256 over "uid", a NUL and the UID, key 32 bytes of 7; the first 128 bits (checked with Python's hmac).
        #expect(p.uid("1.2.3") == "2.25.156106980995948140184147729527512321640")
        #expect(p.patientID("MRN-1") == "ANON6K5442TC6LMNZUXF")
        #expect(p.fileToken(relativePath: "a/b").count == 16)
        let shifts = (0..<500).map { p.dateShiftDays(patientID: "P\($0)") }
        #expect(shifts.allSatisfy { (-365 ... -1).contains($0) })
        #expect(Set(shifts).count > 200)
        let narrow = try Pseudonymizer(key: Crafted.key, minimumShiftDays: 10, maximumShiftDays: 12)
        #expect(Set((0..<100).map { narrow.dateShiftDays(patientID: "P\($0)") }) == [-10, -11, -12])
        #expect(throws: AnonymizationError.self) { try Pseudonymizer(key: Crafted.key, minimumShiftDays: 5, maximumShiftDays: 2) }
    }

    @Test func dateShiftKeepsPrecisionAndHandlesLeapYears() {
        #expect(DateShift.shiftDA("20200301", days: -1) == "20200229")
        #expect(DateShift.shiftDA("20210301", days: -1) == "20210228")
        #expect(DateShift.shiftDA("20000101", days: -1) == "19991231")
        #expect(DateShift.shiftDA("202003", days: -40) == "202001")
        #expect(DateShift.shiftDA("2020", days: -1) == "2019")
        #expect(DateShift.shiftDA("20200101-20200110", days: -1) == "20191231-20200109")
        #expect(DateShift.shiftDA("-20200110", days: -1) == "-20200109")
        #expect(DateShift.shiftDA("2020-01-01", days: 1) == nil)
        #expect(DateShift.shiftDA("20201301", days: 1) == nil)
        #expect(DateShift.shiftDT("20200301120000.123456-0500", days: -1) == "20200229120000.123456-0500")
        #expect(DateShift.shiftDT("2020", days: -1) == "2019")
        #expect(DateShift.shiftDT("ABC", days: -1) == nil)
        // Round trip over many days.
        for d in stride(from: -800, through: 800, by: 37) {
            #expect(DateShift.shiftDA(DateShift.shiftDA("19991231", days: d)!, days: -d) == "19991231")
        }
    }

    @Test func lookupTableParsing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-lut-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func write(_ text: String) throws -> String {
            let p = dir + "/t\(text.hashValue).csv"
            try Data(text.utf8).write(to: URL(fileURLWithPath: p))
            return p
        }
        let ok = try PseudonymLookupTable(contentsOf: write("original_id,pseudonym\nMRN1,SUBJ-001\n\"MRN,2\",SUBJ-002\n# comment\n"))
        #expect(ok.entries == ["MRN1": "SUBJ-001", "MRN,2": "SUBJ-002"])
        for bad in ["MRN1\n", "MRN1,A\nMRN1,B\n", "MRN1,A\nMRN2,A\n", "MRN1," + String(repeating: "x", count: 65) + "\n"] {
            #expect(throws: AnonymizationError.self, "\(bad)") { try PseudonymLookupTable(contentsOf: write(bad)) }
        }
    }
}
