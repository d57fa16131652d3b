import DICOM
import Foundation
import Testing
@testable import Anonymization

/// The PHI audit's engine: text normal form, the multi-needle matcher, needles from an original
/// dataset, and every check of `DatasetAuditor` on crafted datasets.
@Suite struct PHIAuditTests {
    // MARK: - helpers

    static func text(_ keyword: String, _ vr: VR, _ values: String...) -> DataElement {
        DataElement(tag: Tag(parsing: keyword) ?? Tag(0xFFFF, 0xFFFF), vr: vr, strings: values)
    }

    static func sequence(_ keyword: String, _ items: [DataElement]...) -> DataElement {
        DataElement(tag: Tag(parsing: keyword) ?? Tag(0xFFFF, 0xFFFF), items: items.map { Dataset($0) })
    }

    static func normal(_ s: String) -> String { String(decoding: PHIText.normalize(s), as: UTF8.self) }

    /// An original dataset with identifiers everywhere real files keep them.
    static func original() -> Dataset {
        Dataset([
            text("PatientName", .PN, "O'BRIEN-MÜLLER^JOHANNA^ELISE^DR"),
            text("PatientID", .LO, "MRN0048213"),
            text("PatientBirthDate", .DA, "19610423"),
            text("PatientSex", .CS, "F"),
            text("PatientAddress", .LO, "12 Larkspur Lane, Springfield"),
            text("PatientTelephoneNumbers", .SH, "555-0142", "555-0199"),
            text("AccessionNumber", .SH, "ACC77120034"),
            text("StudyDate", .DA, "20220310"),
            text("AcquisitionDateTime", .DT, "20220310101530.25"),
            text("StudyDescription", .LO, "MR BRAIN WITHOUT CONTRAST"),
            text("InstitutionName", .LO, "Saint Leopold Hospital"),
            text("StationName", .SH, "SLH-MR-7"),
            text("ReferringPhysicianName", .PN, "LINDQVIST^ASTRID"),
            text("StudyInstanceUID", .UI, "1.2.826.0.1.3680043.9.7.1.100"),
            text("SeriesInstanceUID", .UI, "1.2.826.0.1.3680043.9.7.1.100.1"),
            text("SOPInstanceUID", .UI, "1.2.826.0.1.3680043.9.7.1.100.1.1"),
            text("SOPClassUID", .UI, "1.2.840.10008.5.1.4.1.1.4"),
            sequence("OtherPatientIDsSequence", [text("PatientID", .LO, "REG-99120477"), text("TypeOfPatientID", .CS, "TEXT")]),
            sequence("ReferencedPatientSequence", [text("ReferencedSOPClassUID", .UI, "1.2.840.10008.3.1.2.1.1"),
                                                   text("ReferencedSOPInstanceUID", .UI, "1.2.826.0.1.3680043.9.7.2.55")]),
            sequence("ReferringPhysicianIdentificationSequence", [
                sequence("PersonIdentificationCodeSequence", [
                    text("CodeValue", .SH, "4402918837"), text("CodingSchemeDesignator", .SH, "99HOSP"),
                    text("CodeMeaning", .LO, "Referring physician code")]),
            ]),
            DataElement(tag: Tag(0x0009, 0x0010), vr: .LO, strings: ["SLH RIS EXPORT"]),
            DataElement(tag: Tag(0x0009, 0x1010), vr: .LO, strings: ["Call back on 555-0142 re: Johanna"]),
            DataElement(tag: Tag(0x0009, 0x1011), vr: .UN, value: .bytes(Array("WARD 7B BED 12".utf8))),
        ])
    }

    // MARK: - normal form

    @Test func normalFormIgnoresCaseAndPunctuation() {
        #expect(Self.normal("DOE^JOHN") == "DOE JOHN")
        #expect(Self.normal("Doe_John") == "DOE JOHN")
        #expect(Self.normal("  doe   john\\") == "DOE JOHN")
        #expect(Self.normal("(512) 555-0171") == "512 555 0171")
        #expect(Self.normal("^^^") == "")
        // Latin-1 bytes, UTF-8 text and a decomposed accent agree.
        let latin1: [UInt8] = [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]  // "Müller" in ISO 8859-1
        #expect(PHIText.normalize(bytes: latin1) == PHIText.normalize("MÜLLER"))
        #expect(PHIText.normalize("Mu\u{308}ller") == PHIText.normalize("müller"))
        #expect(PHIText.normalize("José García") == PHIText.normalize("JOSÉ^GARCÍA"))
    }

    @Test func keyedTokensAndUIDRunsAreRecognised() {
        #expect(PHIText.isKeyedToken("ANONABCDEFGHJKLMNPQR"))
        #expect(PHIText.isKeyedToken("ABCDEFGHJKLMNP23"))
        #expect(!PHIText.isKeyedToken("ANONABCDEFGHIJKLMNOP"))  // I and O are not in the alphabet
        #expect(!PHIText.isKeyedToken("MRN0048213"))
        #expect(PHIText.uidCandidates(Array("see 1.2.3.4.5.6, and 12.34.".utf8)) == ["1.2.3.4.5.6"])
        #expect(AuditDates.datePart("20220310101530.25+0100") == "20220310")
        #expect(AuditDates.isDummy("19000101") && AuditDates.isDummy("19000101000000") && !AuditDates.isDummy("19000102"))
        #expect(AuditDates.compact("1961-04-23") == "19610423" && AuditDates.compact("19610423") == "19610423")
        #expect(AuditDates.compact("1961-04/23") == nil && AuditDates.compact("19611323") == nil)
    }

    // MARK: - matcher

    @Test func matcherFindsOverlappingNeedles() {
        let m = PHIMatcher(needles: ["Anna", "annabel", "NABE", "bell", "ANNA"])
        let found = m.matches(in: "annabelle")
        func ranges(_ n: Int) -> [Range<Int>] { found.filter { $0.needle == n }.map(\.range) }
        #expect(ranges(0) == [0..<4])
        #expect(ranges(1) == [0..<7])
        #expect(ranges(2) == [2..<6])
        #expect(ranges(3) == [4..<8])
        #expect(ranges(4) == [0..<4], "a duplicate needle is reported under its own index too")
        // Every occurrence, including repeats and needles that are suffixes of others.
        let m2 = PHIMatcher(needles: ["AB", "B", "ABAB"])
        #expect(m2.matches(in: "ababab").filter { $0.needle == 0 }.count == 3)
        #expect(m2.matches(in: "ababab").filter { $0.needle == 1 }.count == 3)
        #expect(m2.matches(in: "ababab").filter { $0.needle == 2 }.count == 2)
        #expect(PHIMatcher(needles: []).matches(in: "anything").isEmpty)
        #expect(PHIMatcher(needles: ["", "^^"]).matches(in: "x y").isEmpty)
    }

    @Test func matcherIsCaseAndPunctuationBlindAndReadsLatin1() {
        let m = PHIMatcher(needles: ["Doe^John", "MÜLLER"])
        #expect(m.matches(in: "Results for doe, john.").map(\.needle) == [0])
        #expect(m.matches(in: "doe_john") .map(\.needle) == [0])
        #expect(m.matches(in: "DOEJOHN").isEmpty, "a word break in the needle needs one in the text")
        let latin1 = PHIText.normalize(bytes: Array("Patient ".utf8) + [0x4D, 0xDC, 0x4C, 0x4C, 0x45, 0x52])
        #expect(m.matches(normalized: latin1).map(\.needle) == [1])
    }

    @Test func numbersMatchOnlyWhole() {
        let m = PHIMatcher(needles: ["123456", "1.2.3.4"])
        #expect(m.matches(in: "MRN 123456").count == 1)
        #expect(m.matches(in: "ID123456B").count == 1, "letters around a number are no boundary problem")
        #expect(m.matches(in: "91234567").isEmpty)
        #expect(m.matches(in: "uid 1.2.3.4.5").filter { $0.needle == 1 }.count == 1, "1.2.3.4 is a prefix of 1.2.3.4.5 on a dot")
        #expect(m.matches(in: "uid 1.2.3.45").filter { $0.needle == 1 }.isEmpty)
    }

    @Test func matcherAgreesWithANaiveSearchOnManyNeedles() {
        var g = AuditTestRandom(seed: 42)
        let letters = Array("ABCDEFGH")
        func word(_ n: Int) -> String { String((0..<n).map { _ in letters[Int(g.next() % UInt64(letters.count))] }) }
        let needles = (0..<800).map { _ in word(3 + Int(g.next() % 5)) }
        let m = PHIMatcher(needles: needles)
        let norm = needles.map { PHIText.normalize($0) }
        var total = 0
        for _ in 0..<120 {
            let hay = word(60)
            let got = Set(m.matches(in: hay).map { "\($0.needle)@\($0.range.lowerBound)" })
            var expected = Set<String>()
            let bytes = Array(hay.utf8)
            for (n, needle) in norm.enumerated() where needle.count <= bytes.count {
                for s in 0...(bytes.count - needle.count) where Array(bytes[s..<(s + needle.count)]) == needle {
                    expected.insert("\(n)@\(s)")
                }
            }
            #expect(got == expected)
            total += got.count
        }
        #expect(total > 1000)
    }

    @Test func matcherIsFastOnThousandsOfNeedles() {
        var g = AuditTestRandom(seed: 7)
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789 ".utf8)
        func word(_ n: Int) -> [UInt8] { (0..<n).map { _ in letters[Int(g.next() % UInt64(letters.count))] } }
        let needles = (0..<5000).map { _ in word(6 + Int(g.next() % 10)) }
        let haystacks = (0..<20_000).map { _ in word(32) }
        var built = Date()
        let m = PHIMatcher(normalizedNeedles: needles)
        let buildSeconds = Date().timeIntervalSince(built)
        built = Date()
        var hits = 0
        for h in haystacks { hits += m.matches(normalized: h).count }
        let seconds = Date().timeIntervalSince(built)
        print("matcher: 5000 needles (\(m.stateCount) states) built in \(String(format: "%.3f", buildSeconds)) s; 20000 values of 32 bytes: \(hits) hits in \(String(format: "%.3f", seconds)) s")
        #expect(m.stateCount > 40_000)
    }

    // MARK: - needles

    @Test func needlesLeaveOutWhatMatchesByChance() {
        var n = PHINeedles()
        func kept(_ value: String) -> Bool { n.add(identifier: value, kind: "x", source: .original) }
        #expect(!kept("DOE"))
        #expect(!kept("12345"))
        #expect(kept("123456"))
        #expect(!kept("555-01"), "five digits however written")
        #expect(!kept("Anonymized"))
        #expect(kept("A123"))
        #expect(kept("山田太郎"), "ideographs count twice")
        #expect(!kept("山"))
        #expect(n.rejected == 5)
        n.add(personName: "DR^WU^LI^PROF^JR=ウ^リ", kind: "PatientName", source: .original)
        let texts = Set(n.identifiers.map { String(decoding: $0.text, as: UTF8.self) })
        #expect(texts.contains("DR WU LI"), "a short name is kept whole")
        #expect(!texts.contains("PROF"), "prefixes and suffixes are no needles")
        // The same value from the manifest adds a label, once per source.
        n.add(identifier: "a123", kind: "planted", source: .manifest)
        let a = n.identifiers.first { $0.text == PHIText.normalize("A123") }
        #expect(a?.labels.count == 2 && a?.primary.source == .manifest)
    }

    @Test func originalIdentifiersFollowTheProfile() {
        let ids = OriginalIdentifiers.extract(from: Self.original())
        #expect(ids.patientID == "MRN0048213")
        let values = Set(ids.values.map(\.text))
        for v in ["O'BRIEN-MÜLLER^JOHANNA^ELISE^DR", "MRN0048213", "12 Larkspur Lane, Springfield", "555-0142", "555-0199", "ACC77120034",
                  "Saint Leopold Hospital", "SLH-MR-7", "LINDQVIST^ASTRID", "REG-99120477", "4402918837",
                  "Call back on 555-0142 re: Johanna", "WARD 7B BED 12"] {
            #expect(values.contains(v), "\(v) is identifying")
        }
        for v in ["MR BRAIN WITHOUT CONTRAST", "F", "TEXT", "99HOSP", "Referring physician code", "SLH RIS EXPORT", "19610423"] {
            #expect(!values.contains(v), "\(v) is not an identifier needle")
        }
        #expect(Set(ids.uids.map(\.text)) == ["1.2.826.0.1.3680043.9.7.1.100", "1.2.826.0.1.3680043.9.7.1.100.1",
                                               "1.2.826.0.1.3680043.9.7.1.100.1.1", "1.2.826.0.1.3680043.9.7.2.55"])
        #expect(ids.dates[AttributePath(Tag(parsing: "PatientBirthDate")!)] == ["19610423"])
        #expect(ids.dates[AttributePath(Tag(parsing: "AcquisitionDateTime")!)] == ["20220310"])
        var needles = PHINeedles()
        needles.add(ids, pseudonym: "ANONPSEUDONYM")
        #expect(needles.patientDates["MRN0048213"]?["19610423"]?.kind == "PatientBirthDate")
        #expect(needles.patientDates["ANONPSEUDONYM"]?["20220310"] != nil)
        let texts = Set(needles.identifiers.map { String(decoding: $0.text, as: UTF8.self) })
        #expect(texts.isSuperset(of: ["O BRIEN MÜLLER", "JOHANNA", "ELISE", "O BRIEN MÜLLER JOHANNA ELISE", "LINDQVIST", "ASTRID", "555 0142"]))
    }

    // MARK: - auditing one dataset

    static func auditor() -> DatasetAuditor {
        var needles = PHINeedles()
        needles.add(OriginalIdentifiers.extract(from: original()), pseudonym: "ANONKD3MN8PQRSTUV2WX")
        return DatasetAuditor(needles: needles)
    }

    /// What a correct de-identification of `original()` looks like.
    static func clean() -> Dataset {
        Dataset([
            text("PatientName", .PN, "ANONKD3MN8PQRSTUV2WX"),
            text("PatientID", .LO, "ANONKD3MN8PQRSTUV2WX"),
            text("PatientBirthDate", .DA, ""),
            text("PatientSex", .CS, "F"),
            text("StudyDate", .DA, "20211102"),
            text("AcquisitionDateTime", .DT, "20211102101530.25"),
            text("StudyDescription", .LO, "MR BRAIN WITHOUT CONTRAST"),
            text("InstitutionName", .LO, "ANONYMIZED"),
            text("ReferringPhysicianName", .PN, ""),
            text("OperatorsName", .PN, "ANONYMIZED"),
            text("StudyInstanceUID", .UI, "2.25.1111111111111"),
            text("SeriesInstanceUID", .UI, "2.25.2222222222222"),
            text("SOPInstanceUID", .UI, "2.25.3333333333333"),
            text("SOPClassUID", .UI, "1.2.840.10008.5.1.4.1.1.4"),
            text("Modality", .CS, "MR"),
            text("PatientIdentityRemoved", .CS, "YES"),
            text("LongitudinalTemporalInformationModified", .CS, "MODIFIED"),
            sequence("DeidentificationMethodCodeSequence", [text("CodeValue", .SH, "113100"), text("CodingSchemeDesignator", .SH, "DCM")]),
        ])
    }

    @Test func aCleanDatasetHasNoFinding() {
        let findings = Self.auditor().audit(Self.clean(), file: "a/b-0123456789abcdef.dcm",
                                            originalDates: OriginalIdentifiers.extract(from: Self.original()).dates)
        #expect(findings.isEmpty, "\(findings)")
    }

    func kinds(_ findings: [PHIFinding]) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for f in findings { out[f.kind.rawValue, default: []].insert(f.attribute ?? "-") }
        return out
    }

    @Test func personNamesAnywhereAreFound() {
        var ds = Self.clean()
        ds.set(Self.text("PerformingPhysicianName", .PN, "", "HOLM^KARI"))
        ds.set(Self.sequence("(0009,1020)", [Self.text("PatientName", .PN, "SOMEONE^ELSE")]))
        ds.set(Self.sequence("RequestAttributesSequence", [Self.text("PatientName", .PN, "ANONKD3MN8PQRSTUV2WX")]))
        let f = Self.auditor().audit(ds, file: "x.dcm")
        #expect(kinds(f)["person_name"] == ["PerformingPhysicianName", "(0009,1020)[0].PatientName"])
        var renamed = Self.clean()
        renamed.set(Self.text("PatientName", .PN, "JANE^DOE"))
        #expect(kinds(Self.auditor().audit(renamed, file: "x.dcm"))["person_name"] == ["PatientName"])
    }

    @Test func datesThatWereNotShiftedAreFound() {
        let auditor = Self.auditor()
        let originalDates = OriginalIdentifiers.extract(from: Self.original()).dates
        // Not marked MODIFIED: every real date is a finding, the dummies are not.
        var unmarked = Self.clean()
        unmarked.set(Self.text("LongitudinalTemporalInformationModified", .CS, "UNMODIFIED"))
        unmarked.set(Self.text("SeriesDate", .DA, "19000101"))
        #expect(kinds(auditor.audit(unmarked, file: "x"))["unshifted_date"] == ["StudyDate", "AcquisitionDateTime"])
        unmarked.remove(Tag(0x0028, 0x0303))
        #expect(auditor.audit(unmarked, file: "x").first { $0.kind == .unshiftedDate }?.hint.contains("is absent") == true)
        // Marked MODIFIED but the original file's date kept at its attribute.
        var kept = Self.clean()
        kept.set(Self.text("StudyDate", .DA, "20220310"))
        #expect(kinds(auditor.audit(kept, file: "x", originalDates: originalDates))["unshifted_date"] == ["StudyDate"])
        // ... or a date of the same patient elsewhere (per patient, through the pseudonym).
        var moved = Self.clean()
        moved.set(Self.sequence("(0009,1020)", [Self.text("PatientBirthDate", .DA, "19610423")]))
        let f = auditor.audit(moved, file: "x")
        #expect(kinds(f)["unshifted_date"] == ["(0009,1020)[0].PatientBirthDate"])
        #expect(f.first?.identifierKind == "PatientBirthDate")
        // A date of another patient is no finding.
        var other = Self.clean()
        other.set(Self.text("PatientID", .LO, "ANONZZZZZZZZZZZZZZZZ"))
        other.set(Self.text("PatientName", .PN, "ANONZZZZZZZZZZZZZZZZ"))
        other.set(Self.text("StudyDate", .DA, "19610423"))
        #expect(auditor.audit(other, file: "x").isEmpty)
    }

    @Test func identifiersAreFoundInsideAnyText() {
        var ds = Self.clean()
        ds.set(Self.text("StudyDescription", .LO, "MR brain for Lindqvist follow-up"))
        ds.set(Self.text("ImageComments", .LT, "pt phone 555 0199"))
        ds.set(Self.sequence("ContentSequence", [Self.text("TextValue", .UT, "Ward 7b bed 12")]))
        ds.set(DataElement(tag: Tag(0x0011, 0x0010), vr: .LO, strings: ["SLH RIS EXPORT"]))
        // A private OB value in Latin-1, and a private UN value.
        ds.set(DataElement(tag: Tag(0x0011, 0x1001), vr: .OB, value: .bytes([0x00, 0x01] + Array("o'brien-m".utf8) + [0xFC] + Array("ller ".utf8))))
        ds.set(DataElement(tag: Tag(0x0011, 0x1002), vr: .UN, value: .bytes(Array("REG-99120477".utf8))))
        let f = Self.auditor().audit(ds, file: "x")
        let ids = f.filter { $0.kind == .identifier }
        #expect(Set(ids.map { $0.attribute ?? "" }) == ["StudyDescription", "ImageComments", "ContentSequence[0].TextValue",
                                                          "(0011,1001)", "(0011,1002)"])
        #expect(ids.first { $0.attribute == "StudyDescription" }?.identifierKind == "ReferringPhysicianName")
        #expect(ids.first { $0.attribute == "(0011,1001)" }?.identifierKind == "PatientName")
        #expect(ids.first { $0.attribute == "ImageComments" }?.identifierKind == "PatientTelephoneNumbers")
        // Hints never carry the value.
        for finding in f {
            for secret in ["LINDQVIST", "Lindqvist", "0199", "WARD", "BRIEN", "99120477", "SLH"] {
                #expect(!finding.hint.contains(secret), "\(finding.hint)")
            }
        }
    }

    @Test func originalUIDsAreFoundInUIDsAndText() {
        var ds = Self.clean()
        ds.set(Self.text("StudyInstanceUID", .UI, "1.2.826.0.1.3680043.9.7.1.100"))
        ds.set(Self.sequence("ReferencedImageSequence", [Self.text("ReferencedSOPInstanceUID", .UI, "1.2.826.0.1.3680043.9.7.1.100.1.1")]))
        ds.set(Self.text("ImageComments", .LT, "copied from 1.2.826.0.1.3680043.9.7.2.55;"))
        ds.set(Self.text("SeriesDescription", .LO, "1.2.826.0.1.3680043.9.7.1.1000"))
        let meta = Dataset([Self.text("MediaStorageSOPInstanceUID", .UI, "1.2.826.0.1.3680043.9.7.1.100.1.1")])
        let f = Self.auditor().audit(ds, meta: meta, file: "x")
        #expect(kinds(f)["original_uid"] == ["StudyInstanceUID", "ReferencedImageSequence[0].ReferencedSOPInstanceUID", "ImageComments",
                                             "MediaStorageSOPInstanceUID"])
        #expect(f.first { $0.attribute == "StudyInstanceUID" }?.identifierKind == "StudyInstanceUID")
    }

    @Test func unredactedPixelsAreFound() {
        var ds = Self.clean()
        ds.set(Self.text("SOPClassUID", .UI, "1.2.840.10008.5.1.4.1.1.7"))
        ds.set(Self.text("BurnedInAnnotation", .CS, "NO"))
        let f = Self.auditor().audit(ds, file: "x")
        #expect(kinds(f)["unredacted_pixels"] == ["PixelData"])
        #expect(f.first?.hint.contains("Secondary Capture") == true)
        ds.set(Self.sequence("DeidentificationMethodCodeSequence",
                             [Self.text("CodeValue", .SH, "113100"), Self.text("CodingSchemeDesignator", .SH, "DCM")],
                             [Self.text("CodeValue", .SH, "113101"), Self.text("CodingSchemeDesignator", .SH, "DCM")]))
        #expect(Self.auditor().audit(ds, file: "x").isEmpty)
    }

    @Test func namesOfFilesAndFoldersAreChecked() {
        let auditor = Self.auditor()
        let folder = auditor.auditName("release/LINDQVIST_ASTRID", isFolder: true)
        #expect(folder.map(\.kind) == [.pathName] && folder.first?.file == "release/LINDQVIST_ASTRID/")
        #expect(auditor.auditName("release/MR-0123456789abcdef.dcm", isFolder: false).isEmpty)
        #expect(auditor.auditName("release/1.2.826.0.1.3680043.9.7.1.100.1.1.dcm", isFolder: false).first?.identifierKind == "SOPInstanceUID")
        #expect(auditor.auditName("release/acc77120034.dcm", isFolder: false).first?.identifierKind == "AccessionNumber")
        #expect(DatasetAuditor.maskingHexTokens("mr-0123456789abcdef.dcm") == "mr- .dcm")
        #expect(DatasetAuditor.maskingHexTokens("x0123456789abcdef") == "x0123456789abcdef")
    }

    @Test func textOfOtherFilesIsSearched() {
        let auditor = Self.auditor()
        let f = auditor.auditText(Array("original_id,pseudonym\nMRN0048213,ANONKD3MN8PQRSTUV2WX\n".utf8), file: "map.csv")
        #expect(f.map(\.kind) == [.identifier] && f.first?.identifierKind == "PatientID" && f.first?.attribute == nil)
    }
}

/// A small seeded generator for test data.
private struct AuditTestRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
