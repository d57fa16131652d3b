import DICOM
import Foundation
import Testing
@testable import Anonymization

/// A crafted dataset with something for every rule of the profile.
enum Crafted {
    static func t(_ keyword: String) -> Tag { Tag(parsing: keyword)! }
    static func text(_ keyword: String, _ vr: VR, _ value: String) -> DataElement {
        DataElement(tag: t(keyword), vr: vr, strings: [value])
    }

    static let patientID = "MRN-0042-77"
    static let studyUID = "1.2.826.0.1.3680043.9.1.1"
    static let seriesUID = "1.2.826.0.1.3680043.9.1.2"
    static let sopUID = "1.2.826.0.1.3680043.9.1.3"
    static let referencedUID = "1.2.826.0.1.3680043.9.1.99"
    static let frameUID = "1.2.826.0.1.3680043.9.1.4"

    static var dataset: Dataset {
        let referenced = Dataset([
            DataElement(tag: t("ReferencedSOPClassUID"), vr: .UI, strings: ["1.2.840.10008.5.1.4.1.1.4"]),
            DataElement(tag: t("ReferencedSOPInstanceUID"), vr: .UI, strings: [referencedUID]),
        ])
        let innerContent = Dataset([
            DataElement(tag: Tag(0x0040, 0xA123), vr: .PN, strings: ["Doe^Jane"]),
            DataElement(tag: Tag(0x0040, 0xA160), vr: .UT, strings: ["Seen by Dr Jones on 2021-03-04, call 555-123-4567"]),
        ])
        let content = Dataset([
            DataElement(tag: Tag(0x0040, 0xA160), vr: .UT, strings: ["Report for Rivera"]),
            DataElement(tag: Tag(0x0040, 0xA730), items: [innerContent]),
        ])
        let request = Dataset([text("AccessionNumber", .SH, "ACC777"), text("RequestedProcedureID", .SH, "RP1")])
        return Dataset([
            text("SOPClassUID", .UI, "1.2.840.10008.5.1.4.1.1.4"),
            text("SOPInstanceUID", .UI, sopUID),
            text("StudyDate", .DA, "20210304"),
            text("SeriesDate", .DA, "20210304"),
            text("ContentDate", .DA, "20210305"),
            text("StudyTime", .TM, "101500"),
            DataElement(tag: t("AcquisitionDateTime"), vr: .DT, strings: ["20210304101700.5+0100"]),
            text("AccessionNumber", .SH, "ACC777"),
            text("Modality", .CS, "MR"),
            text("Manufacturer", .LO, "ACME"),
            text("InstitutionName", .LO, "Saint Elsewhere Hospital"),
            text("ReferringPhysicianName", .PN, "Jones^Indiana"),
            text("StationName", .SH, "SCANNER7"),
            text("StudyDescription", .LO, "Brain follow-up Rivera 20210304"),
            text("SeriesDescription", .LO, "T1 AX"),
            text("ManufacturerModelName", .LO, "Rivera Special"),
            DataElement(tag: t("ReferencedImageSequence"), items: [referenced]),
            DataElement(tag: t("RequestAttributesSequence"), items: [request]),
            text("PatientName", .PN, "Rivera^Maria^^Dr"),
            text("PatientID", .LO, patientID),
            text("PatientBirthDate", .DA, "19700101"),
            text("PatientSex", .CS, "F"),
            text("PatientAge", .AS, "051Y"),
            DataElement(tag: t("PatientWeight"), vr: .DS, strings: ["61.5"]),
            text("DeviceSerialNumber", .LO, "SN-998877"),
            text("ProtocolName", .LO, "BRAIN ROUTINE"),
            DataElement(tag: t("RepetitionTime"), vr: .DS, strings: ["500"]),
            text("StudyInstanceUID", .UI, studyUID),
            text("SeriesInstanceUID", .UI, seriesUID),
            text("FrameOfReferenceUID", .UI, frameUID),
            DataElement(tag: t("ImagePositionPatient"), vr: .DS, strings: ["-10", "20", "30.5"]),
            DataElement(tag: Tag(0x0040, 0xA730), items: [content]),
            // A private block with PHI, and a nested private sequence.
            DataElement(tag: Tag(0x0009, 0x0010), vr: .LO, strings: ["ACME RIS 1.0"]),
            DataElement(tag: Tag(0x0009, 0x1010), vr: .LO, strings: ["Rivera Maria"]),
            // An overlay plane with its comment and a curve.
            DataElement(tag: Tag(0x6000, 0x0010), vr: .US, integers: [UInt16(8)]),
            DataElement(tag: Tag(0x6000, 0x0011), vr: .US, integers: [UInt16(8)]),
            DataElement(tag: Tag(0x6000, 0x0040), vr: .CS, strings: ["G"]),
            DataElement(tag: Tag(0x6000, 0x3000), vr: .OW, value: .bytes([UInt8](repeating: 0xFF, count: 8))),
            DataElement(tag: Tag(0x6000, 0x4000), vr: .LT, strings: ["Rivera left knee"]),
            DataElement(tag: Tag(0x5000, 0x3000), vr: .OW, value: .bytes([1, 2, 3, 4])),
            // Unlisted: a person name and a date the table does not name, an unknown even tag.
            DataElement(tag: Tag(0x4010, 0x1041), vr: .DT, strings: ["20210304101800"]),
            DataElement(tag: Tag(0x0014, 0x1020), vr: .DA, strings: ["20210310"]),
            DataElement(tag: Tag(0x0019, 0x0010), vr: .LO, strings: ["SIEMENS MR HEADER"]),
            DataElement(tag: Tag(0x7776, 0x0010), vr: .LO, strings: ["unknown group"]),
            DataElement(tag: t("PixelData"), vr: .OW, value: .bytes([1, 0, 2, 0, 3, 0, 4, 0])),
        ])
    }

    static let key = try! PseudonymKey(bytes: Array(repeating: 7, count: 32))
    static let otherKey = try! PseudonymKey(bytes: Array(repeating: 8, count: 32))

    static func deidentifier(_ options: Set<ProfileOption> = [], removeUnlisted: Bool = false, compound: CompoundRule = .conformant,
                             recipe: Recipe? = nil, key: PseudonymKey = key, lookup: PseudonymLookupTable? = nil) throws -> Deidentifier {
        Deidentifier(options: try DeidentificationOptions(options: options, compoundRule: compound, removeUnlisted: removeUnlisted),
                     pseudonymizer: try Pseudonymizer(key: key, lookup: lookup), recipe: recipe, software: "medsynth test")
    }

    /// Every text value at every depth, upper-cased, joined.
    static func allText(_ ds: Dataset) -> String {
        var out: [String] = []
        ds.walk { _, e in
            if let b = e.bytes { out.append(String(decoding: b, as: UTF8.self).uppercased()) }
        }
        return out.joined(separator: "|")
    }
}

@Suite struct DeidentifierTests {
    let out = try! Crafted.deidentifier().deidentify(Crafted.dataset).dataset

    @Test func basicProfileActionCodes() throws {
        // Z: Study Date, Accession Number, Referring Physician, Patient Sex are present and empty.
        for k in ["StudyDate", "AccessionNumber", "ReferringPhysicianName", "PatientSex", "PatientBirthDate"] {
            let e = try #require(out[Crafted.t(k)], "\(k) must stay (Z)")
            #expect(e.length == 0, "\(k) must be empty")
        }
        // X: descriptions, age, weight, Request Attributes Sequence are gone.
        for k in ["StudyDescription", "SeriesDescription", "PatientAge", "PatientWeight", "RequestAttributesSequence"] {
            #expect(out[Crafted.t(k)] == nil, "\(k) must be removed (X)")
        }
        // D and compound codes resolved to D (non-empty input): dummies.
        #expect(out.string(Crafted.t("InstitutionName")) == DummyValue.text)        // X/Z/D
        #expect(out.string(Crafted.t("DeviceSerialNumber")) == DummyValue.text)     // X/Z/D
        #expect(out.string(Crafted.t("SeriesDate")) == DummyValue.date)             // X/D
        #expect(out.string(Crafted.t("ContentDate")) == DummyValue.date)            // Z/D
        #expect(out.string(Crafted.t("AcquisitionDateTime")) == DummyValue.dateTime) // X/Z/D
        // K-by-default / unlisted numbers and codes stay.
        #expect(out.string(Crafted.t("Modality")) == "MR")
        #expect(out.numbers(Crafted.t("ImagePositionPatient")) == [-10, 20, 30.5])
        #expect(out[Crafted.t("PixelData")]?.bytes == [1, 0, 2, 0, 3, 0, 4, 0])
    }

    @Test func uidsAreKeyedConsistentAndValid() throws {
        let p = try Pseudonymizer(key: Crafted.key)
        #expect(out.string(Crafted.t("StudyInstanceUID")) == p.uid(Crafted.studyUID))
        #expect(out.string(Crafted.t("SOPInstanceUID")) == p.uid(Crafted.sopUID))
        #expect(out.string(Crafted.t("FrameOfReferenceUID")) == p.uid(Crafted.frameUID))
        // A reference inside a sequence (X/Z/U*) keeps its item with the referenced UID replaced.
        let item = try #require(out.items(Crafted.t("ReferencedImageSequence")).first)
        #expect(item.string(Crafted.t("ReferencedSOPInstanceUID")) == p.uid(Crafted.referencedUID))
        #expect(item.string(Crafted.t("ReferencedSOPClassUID")) == "1.2.840.10008.5.1.4.1.1.4")
        for uid in [p.uid(Crafted.studyUID), p.uid(Crafted.referencedUID)] {
            #expect(uid.hasPrefix("2.25."))
            #expect(uid.count <= 64)
            #expect(!uid.dropFirst(5).hasPrefix("0"))
            #expect(uid.dropFirst(5).allSatisfy { $0.isNumber })
        }
        // A different key gives different UIDs; the same key, the same (no state).
        let other = try Pseudonymizer(key: Crafted.otherKey)
        #expect(other.uid(Crafted.studyUID) != p.uid(Crafted.studyUID))
        #expect(try Pseudonymizer(key: Crafted.key).uid(Crafted.studyUID + "\0") == p.uid(Crafted.studyUID))
    }

    @Test func patientPseudonymsAndIdentityAttributes() throws {
        let p = try Pseudonymizer(key: Crafted.key)
        let id = try #require(out.string(Crafted.t("PatientID")))
        #expect(id == p.patientID(Crafted.patientID))
        #expect(id.hasPrefix("ANON") && id.count == 20)
        #expect(out.string(Crafted.t("PatientName")) == id)
        #expect(out.string(Tag(0x0012, 0x0062)) == "YES")
        #expect(out.string(Tag(0x0028, 0x0303)) == "REMOVED")
        let codes = out.items(Tag(0x0012, 0x0064)).compactMap { $0.string(Tag(0x0008, 0x0100)) }
        #expect(codes == ["113100"])
        #expect(out.strings(Tag(0x0012, 0x0063)).first?.contains("2024b") == true)
    }

    @Test func lookupTableWins() throws {
        let table = PseudonymLookupTable(entries: [Crafted.patientID: "STUDY-001"])
        let d = try Crafted.deidentifier(lookup: table).deidentify(Crafted.dataset).dataset
        #expect(d.string(Crafted.t("PatientID")) == "STUDY-001")
        #expect(d.string(Crafted.t("PatientName")) == "STUDY-001")
    }

    @Test func nestedSequencesAreProcessedAtEveryDepth() throws {
        // Content Sequence is D: kept, each item de-identified; the nested Person Name (D) is a dummy
        // and unlisted free text (Text Value, UT) is removed.
        let level1 = try #require(out.items(Tag(0x0040, 0xA730)).first)
        #expect(level1[Tag(0x0040, 0xA160)] == nil)
        let level2 = try #require(level1.items(Tag(0x0040, 0xA730)).first)
        #expect(level2.string(Tag(0x0040, 0xA123)) == DummyValue.text)
        #expect(level2[Tag(0x0040, 0xA160)] == nil)
        let text = Crafted.allText(out)
        for phi in ["RIVERA", "JONES", "ACC777", "SAINT ELSEWHERE", "MRN-0042", "SN-998877", "19700101", "20210304", "555-123"] {
            #expect(!text.contains(phi), "\(phi) survived")
        }
    }

    @Test func privateElementsAreRemovedWithTheirCreators() throws {
        #expect(out.elements.allSatisfy { !$0.tag.isPrivate })
        let t = try Crafted.deidentifier().deidentify(Crafted.dataset).tally
        // (0009,0010) creator and (0009,1010); (0019,0010), a creator with no elements.
        #expect(t.count(.privateRemoved) == 3)
    }

    @Test func overlaysAndCurvesFollowCleanGraphics() throws {
        #expect(out.elements.allSatisfy { !$0.tag.isOverlay && !$0.tag.isCurve })
        let g = try Crafted.deidentifier([.cleanGraphics]).deidentify(Crafted.dataset).dataset
        #expect(g[Tag(0x6000, 0x3000)]?.bytes == [UInt8](repeating: 0xFF, count: 8))
        #expect(g.int(Tag(0x6000, 0x0010)) == 8)
        #expect(g[Tag(0x5000, 0x3000)]?.bytes == [1, 2, 3, 4])
        // The overlay comment is cleaned of the patient's name.
        let comment = try #require(g.string(Tag(0x6000, 0x4000)))
        #expect(!comment.uppercased().contains("RIVERA"))
        #expect(comment.contains("left knee"))
        let codes = g.items(Tag(0x0012, 0x0064)).compactMap { $0.string(Tag(0x0008, 0x0100)) }
        #expect(codes == ["113100", "113103"])
    }

    @Test func unlistedAttributesFollowThePolicy() throws {
        // Unlisted short text is kept but cleaned; unlisted dates removed; unknown group removed;
        // numbers kept; the model name kept (no identifier in it... except the patient's name).
        #expect(AnnexETable.row(for: Crafted.t("ManufacturerModelName")) == nil)
        #expect(AnnexETable.row(for: Tag(0x4010, 0x1041)) == nil && AnnexETable.row(for: Tag(0x0014, 0x1020)) == nil)
        #expect(out.string(Crafted.t("ManufacturerModelName")) == "****** Special")
        #expect(out[Tag(0x4010, 0x1041)] == nil)
        #expect(out[Tag(0x0014, 0x1020)] == nil)
        #expect(out[Tag(0x7776, 0x0010)] == nil)
        #expect(out.number(Crafted.t("RepetitionTime")) == 500)
        #expect(out.string(Crafted.t("Manufacturer")) == "ACME")
        // --remove-unlisted: text goes, numbers, codes, UIDs and pixels stay.
        let strict = try Crafted.deidentifier(removeUnlisted: true).deidentify(Crafted.dataset).dataset
        #expect(strict[Crafted.t("Manufacturer")] == nil)
        #expect(strict[Crafted.t("ManufacturerModelName")] == nil)
        #expect(strict.number(Crafted.t("RepetitionTime")) == 500)
        #expect(strict.string(Crafted.t("SOPClassUID")) == "1.2.840.10008.5.1.4.1.1.4")
        #expect(strict[Crafted.t("PixelData")] != nil)
    }

    @Test func compoundRuleRemoveDropsEverything() throws {
        let d = try Crafted.deidentifier(compound: .remove).deidentify(Crafted.dataset).dataset
        for k in ["InstitutionName", "SeriesDate", "AcquisitionDateTime", "DeviceSerialNumber", "ReferencedImageSequence"] {
            #expect(d[Crafted.t(k)] == nil, "\(k)")
        }
        // Z/D has no X: it resolves to Z.
        #expect(d[Crafted.t("ContentDate")]?.length == 0)
    }

    @Test func compoundRuleTable() {
        let r = CompoundRule.conformant
        #expect(r.resolve(.removeOrZero, emptyValue: false, isSequence: false) == .zero)
        #expect(r.resolve(.removeOrDummy, emptyValue: false, isSequence: false) == .dummy)
        #expect(r.resolve(.removeOrDummy, emptyValue: true, isSequence: false) == .remove)
        #expect(r.resolve(.zeroOrDummy, emptyValue: true, isSequence: false) == .zero)
        #expect(r.resolve(.removeOrZeroOrDummy, emptyValue: true, isSequence: false) == .zero)
        #expect(r.resolve(.removeOrZeroOrUID, emptyValue: false, isSequence: true) == .keep)
        #expect(r.resolve(.removeOrZero, emptyValue: false, isSequence: true) == .zero)
        #expect(CompoundRule.remove.resolve(.zeroOrDummy, emptyValue: false, isSequence: false) == .zero)
        #expect(CompoundRule.remove.resolve(.removeOrZeroOrUID, emptyValue: false, isSequence: true) == .remove)
        #expect(r.resolve(.keep, emptyValue: false, isSequence: false) == .keep)
    }
}

@Suite struct ProfileOptionTests {
    func run(_ options: Set<ProfileOption>) throws -> Dataset {
        try Crafted.deidentifier(options).deidentify(Crafted.dataset).dataset
    }

    @Test func retainUIDs() throws {
        let d = try run([.retainUIDs])
        #expect(d.string(Crafted.t("StudyInstanceUID")) == Crafted.studyUID)
        #expect(d.items(Crafted.t("ReferencedImageSequence")).first?.string(Crafted.t("ReferencedSOPInstanceUID")) == Crafted.referencedUID)
    }

    @Test func retainDeviceIdentity() throws {
        let d = try run([.retainDeviceIdentity])
        #expect(d.string(Crafted.t("DeviceSerialNumber")) == "SN-998877")
        #expect(d.string(Crafted.t("StationName")) == "SCANNER7")
    }

    @Test func retainInstitutionIdentity() throws {
        #expect(try run([.retainInstitutionIdentity]).string(Crafted.t("InstitutionName")) == "Saint Elsewhere Hospital")
    }

    @Test func retainPatientCharacteristics() throws {
        let d = try run([.retainPatientCharacteristics])
        #expect(d.string(Crafted.t("PatientSex")) == "F")
        #expect(d.string(Crafted.t("PatientAge")) == "051Y")
        #expect(d.number(Crafted.t("PatientWeight")) == 61.5)
        #expect(d[Crafted.t("PatientBirthDate")]?.length == 0)
    }

    @Test func retainFullDates() throws {
        let d = try run([.retainLongitudinalFullDates])
        #expect(d.string(Crafted.t("StudyDate")) == "20210304")
        #expect(d.string(Crafted.t("AcquisitionDateTime")) == "20210304101700.5+0100")
        #expect(d.string(Tag(0x0028, 0x0303)) == "UNMODIFIED")
    }

    @Test func retainModifiedDatesShiftsEveryDateByOnePatientOffset() throws {
        let d = try run([.retainLongitudinalModifiedDates])
        let shift = try Pseudonymizer(key: Crafted.key).dateShiftDays(patientID: Crafted.patientID)
        #expect((-365 ... -1).contains(shift))
        let study = try #require(d.string(Crafted.t("StudyDate")))
        #expect(study == DateShift.shiftDA("20210304", days: shift))
        #expect(d.string(Crafted.t("ContentDate")) == DateShift.shiftDA("20210305", days: shift))
        // The one-day interval between study and content date is kept; so are times of day and offsets.
        #expect(DateShift.shiftDA(study, days: 1) == d.string(Crafted.t("ContentDate")))
        #expect(d.string(Crafted.t("StudyTime")) == nil || d[Crafted.t("StudyTime")] != nil)
        let dt = try #require(d.string(Crafted.t("AcquisitionDateTime")))
        #expect(dt == study + "101700.5+0100")
        #expect(d.string(Crafted.t("PatientBirthDate")) == nil)  // birth date is Z in every option
        // Unlisted dates and date-times are shifted too.
        #expect(d.string(Tag(0x4010, 0x1041)) == study + "101800")
        #expect(d.string(Tag(0x0014, 0x1020)) == DateShift.shiftDA("20210310", days: shift))
        #expect(d.string(Tag(0x0028, 0x0303)) == "MODIFIED")
        #expect(throws: AnonymizationError.self) {
            try DeidentificationOptions(options: [.retainLongitudinalFullDates, .retainLongitudinalModifiedDates])
        }
    }

    @Test func cleanDescriptorsKeepsDescriptionsWithoutIdentifiers() throws {
        let d = try run([.cleanDescriptors])
        let desc = try #require(d.string(Crafted.t("StudyDescription")))
        #expect(desc == "Brain follow-up ****** ********")
        #expect(d.string(Crafted.t("SeriesDescription")) == "T1 AX")
        let codes = d.items(Tag(0x0012, 0x0064)).compactMap { $0.string(Tag(0x0008, 0x0100)) }
        #expect(codes == ["113100", "113105"])
    }

    @Test func cleanStructuredContentCleansTextValues() throws {
        let d = try run([.cleanStructuredContent])
        let level1 = try #require(d.items(Tag(0x0040, 0xA730)).first)
        #expect(level1.string(Tag(0x0040, 0xA160)) == "Report for ******")
        let level2 = try #require(level1.items(Tag(0x0040, 0xA730)).first)
        let text = try #require(level2.string(Tag(0x0040, 0xA160)))
        #expect(!text.contains("2021") && !text.contains("555"))
        #expect(!text.uppercased().contains("JONES"))
    }

    @Test func retainSafePrivateKeepsOnlyListedSafeAttributes() throws {
        let safe = try #require(SafePrivateAttributes.all.first { $0.group == 0x0019 && $0.creator == "SIEMENS MR HEADER" })
        var ds = Crafted.dataset
        ds.set(DataElement(tag: Tag(0x0019, 0x1000 | UInt16(safe.elementOffset)), vr: .DS, strings: ["1.5"]))
        ds.set(DataElement(tag: Tag(0x0019, 0x10FE), vr: .LO, strings: ["Rivera"]))
        let d = try Crafted.deidentifier([.retainSafePrivate]).deidentify(ds).dataset
        #expect(d[Tag(0x0019, 0x1000 | UInt16(safe.elementOffset))] != nil)
        #expect(d.string(Tag(0x0019, 0x0010)) == "SIEMENS MR HEADER")
        #expect(d[Tag(0x0019, 0x10FE)] == nil)
        #expect(d[Tag(0x0009, 0x1010)] == nil)
        #expect(d[Tag(0x0009, 0x0010)] == nil)
        // Without the option nothing private stays.
        #expect(try Crafted.deidentifier().deidentify(ds).dataset.elements.allSatisfy { !$0.tag.isPrivate })
    }

    @Test func eachOptionAddsItsCode() throws {
        for option in ProfileOption.allCases where option != .retainLongitudinalFullDates || true {
            let d = try run([option])
            let codes = d.items(Tag(0x0012, 0x0064)).compactMap { $0.string(Tag(0x0008, 0x0100)) }
            #expect(codes == ["113100", DeidentificationMethod.code(for: option).value], "\(option)")
        }
    }
}
