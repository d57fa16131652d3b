import Anonymization
import DICOM
import Foundation
import Imaging
import Phantoms
import Testing
@testable import Pipelines

/// `medsynth audit phi` end to end: a crafted original archive and releases made from it, one
/// de-identified as medsynth's anonymizer does (no finding) and one with every kind of leak
/// planted; and the simulated archive audited against its own manifest.
@Suite(.serialized) struct PHIAuditJobTests {
    // MARK: - a crafted archive

    static let keyHex = String(repeating: "5a17c0de", count: 8)

    struct Patient {
        var name: String
        var id: String
        var birthDate: String
        var studyDate: String
        var accession: String
        var phone: String
    }

    static let patients = [
        Patient(name: "LINDQVIST^ASTRID^MAJA", id: "MRN0048213", birthDate: "19610423", studyDate: "20220310",
                accession: "ACC77120034", phone: "555-0142"),
        Patient(name: "OKONKWO^CHIDI", id: "MRN0099871", birthDate: "19790815", studyDate: "20230102",
                accession: "ACC77120991", phone: "555-0188"),
    ]

    static func text(_ keyword: String, _ vr: VR, _ value: String) -> DataElement {
        DataElement(tag: Tag(parsing: keyword) ?? Tag(0xFFFF, 0xFFFF), vr: vr, strings: [value])
    }

    static func uid(_ patient: Int, _ what: Int, _ n: Int = 0) -> String { "1.2.826.0.1.3680043.9.7.\(patient + 1).\(what).\(n)" }

    /// An original file: patient module, study, a private block, and (screenshot) a secondary capture.
    static func original(_ p: Int, file n: Int, screenshot: Bool) -> Dataset {
        let patient = patients[p]
        var elements: [DataElement] = [
            text("SOPClassUID", .UI, screenshot ? "1.2.840.10008.5.1.4.1.1.7" : "1.2.840.10008.5.1.4.1.1.4"),
            text("SOPInstanceUID", .UI, uid(p, 3, n)),
            text("StudyDate", .DA, patient.studyDate),
            text("SeriesDate", .DA, patient.studyDate),
            text("StudyTime", .TM, "101530"),
            text("AccessionNumber", .SH, patient.accession),
            text("Modality", .CS, screenshot ? "OT" : "MR"),
            text("InstitutionName", .LO, "Saint Leopold Hospital"),
            text("ReferringPhysicianName", .PN, "HOLMBERG^KARI"),
            text("StudyDescription", .LO, "MR BRAIN"),
            text("PatientName", .PN, patient.name),
            text("PatientID", .LO, patient.id),
            text("PatientBirthDate", .DA, patient.birthDate),
            text("PatientSex", .CS, "F"),
            text("PatientTelephoneNumbers", .SH, patient.phone),
            text("StudyInstanceUID", .UI, uid(p, 1)),
            text("SeriesInstanceUID", .UI, uid(p, screenshot ? 4 : 2)),
            text("InstanceNumber", .IS, "\(n + 1)"),
            DataElement(tag: Tag(0x0009, 0x0010), vr: .LO, strings: ["SLH RIS EXPORT"]),
            DataElement(tag: Tag(0x0009, 0x1010), vr: .LO, strings: ["Results to Dr Holmberg"]),
        ]
        elements += pixels(screenshot: screenshot)
        if screenshot { elements.append(text("BurnedInAnnotation", .CS, "YES")) }
        return Dataset(elements)
    }

    static func pixels(screenshot: Bool) -> [DataElement] {
        [DataElement(tag: Tags.samplesPerPixel, vr: .US, integers: [UInt16(1)]),
         text("PhotometricInterpretation", .CS, "MONOCHROME2"),
         DataElement(tag: Tags.rows, vr: .US, integers: [UInt16(4)]),
         DataElement(tag: Tags.columns, vr: .US, integers: [UInt16(4)]),
         DataElement(tag: Tags.bitsAllocated, vr: .US, integers: [UInt16(8)]),
         DataElement(tag: Tags.bitsStored, vr: .US, integers: [UInt16(8)]),
         DataElement(tag: Tags.highBit, vr: .US, integers: [UInt16(7)]),
         DataElement(tag: Tags.pixelRepresentation, vr: .US, integers: [UInt16(0)]),
         DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes([UInt8](repeating: screenshot ? 200 : 7, count: 16)))]
    }

    /// The original archive's files: relative path -> (patient, file number, screenshot).
    static let originalFiles: [(path: String, patient: Int, n: Int, screenshot: Bool)] = [
        ("LINDQVIST_ASTRID_MRN0048213/20220310/IM0001.dcm", 0, 0, false),
        ("LINDQVIST_ASTRID_MRN0048213/20220310/IM0002.dcm", 0, 1, false),
        ("OKONKWO_CHIDI_MRN0099871/20230102/IM0001.dcm", 1, 0, false),
        ("OKONKWO_CHIDI_MRN0099871/20230102/SC0001.dcm", 1, 1, true),
    ]

    /// What medsynth's anonymizer makes of an original file (its conventions, not its code).
    static func deidentified(_ ds: Dataset, pseudonymizer: Pseudonymizer, screenshot: Bool) -> Dataset {
        let id = ds.string(Tags.patientID) ?? ""
        let pseudonym = pseudonymizer.patientID(id)
        let shift = pseudonymizer.dateShiftDays(patientID: id)
        var out = Dataset([
            text("SOPClassUID", .UI, ds.string(Tags.sopClassUID) ?? ""),
            text("SOPInstanceUID", .UI, pseudonymizer.uid(ds.string(Tags.sopInstanceUID) ?? "")),
            text("StudyDate", .DA, DateShift.shiftDA(ds.string(Tags.studyDate) ?? "", days: shift) ?? ""),
            text("SeriesDate", .DA, DateShift.shiftDA(ds.string(Tags.seriesDate) ?? "", days: shift) ?? ""),
            text("StudyTime", .TM, "101530"),
            text("AccessionNumber", .SH, ""),
            text("Modality", .CS, ds.string(Tags.modality) ?? ""),
            text("ReferringPhysicianName", .PN, ""),
            text("StudyDescription", .LO, "MR BRAIN"),
            text("PatientName", .PN, pseudonym),
            text("PatientID", .LO, pseudonym),
            text("PatientBirthDate", .DA, ""),
            text("PatientSex", .CS, "F"),
            text("PatientIdentityRemoved", .CS, "YES"),
            text("StudyInstanceUID", .UI, pseudonymizer.uid(ds.string(Tags.studyInstanceUID) ?? "")),
            text("SeriesInstanceUID", .UI, pseudonymizer.uid(ds.string(Tags.seriesInstanceUID) ?? "")),
            text("InstanceNumber", .IS, ds.string(Tags.instanceNumber) ?? ""),
            text("LongitudinalTemporalInformationModified", .CS, "MODIFIED"),
            DataElement(tag: Tag(0x0012, 0x0064), items: ([("113100", "Basic Application Confidentiality Profile")]
                + (screenshot ? [("113101", "Clean Pixel Data Option")] : [])).map { code, meaning in
                    Dataset([text("CodeValue", .SH, code), text("CodingSchemeDesignator", .SH, "DCM"), text("CodeMeaning", .LO, meaning)])
                }),
        ] + pixels(screenshot: false))
        if screenshot { out.set(text("BurnedInAnnotation", .CS, "NO")) }
        return out
    }

    struct Crafted {
        var root: String
        var original: String { root + "/original" }
        var release: String { root + "/release" }
        var keyFile: String { root + "/site.key" }
        var pseudonymizer: Pseudonymizer
        /// Original relative path -> release relative path.
        var outputOf: [String: String]
    }

    /// Writes the original archive and its correct release; with `lookup`, the release's
    /// pseudonyms come from a lookup table (`root/lookup.csv`).
    static func craft(lookup: [String: String]? = nil) throws -> Crafted {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-phi-audit-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Data((keyHex + "\n").utf8).write(to: URL(fileURLWithPath: root + "/site.key"))
        if let lookup {
            let csv = "original_id,pseudonym\n" + lookup.sorted { $0.key < $1.key }.map { "\($0.key),\($0.value)\n" }.joined()
            try Data(csv.utf8).write(to: URL(fileURLWithPath: root + "/lookup.csv"))
        }
        let pseudonymizer = try Pseudonymizer(key: PseudonymKey(contentsOf: root + "/site.key"),
                                              lookup: lookup == nil ? nil : PseudonymLookupTable(contentsOf: root + "/lookup.csv"))
        var outputOf: [String: String] = [:]
        for f in originalFiles {
            let ds = original(f.patient, file: f.n, screenshot: f.screenshot)
            let path = root + "/original/" + f.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try DicomWriter.write(ds, to: path)
            let pseudonym = pseudonymizer.patientID(patients[f.patient].id)
            let rel = "\(pseudonym)/\(f.screenshot ? "OT" : "MR")-\(pseudonymizer.fileToken(relativePath: f.path)).dcm"
            outputOf[f.path] = rel
            let out = root + "/release/" + rel
            try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try DicomWriter.write(deidentified(ds, pseudonymizer: pseudonymizer, screenshot: f.screenshot), to: out)
        }
        try Data("not a DICOM file".utf8).write(to: URL(fileURLWithPath: root + "/original/README.txt"))
        try Data("Release of 2 patients, de-identified.\n".utf8).write(to: URL(fileURLWithPath: root + "/release/README.txt"))
        return Crafted(root: root, pseudonymizer: pseudonymizer, outputOf: outputOf)
    }

    func edit(_ path: String, _ change: (inout Dataset) -> Void) throws {
        var ds = try DicomFile.read(path).dataset
        change(&ds)
        try DicomWriter.write(ds, to: path)
    }

    // MARK: - crafted tests

    @Test func aCorrectReleaseHasNoFinding() throws {
        let c = try Self.craft()
        defer { try? FileManager.default.removeItem(atPath: c.root) }
        let report = try PHIAuditJob.run(PHIAuditOptions(output: c.release, original: c.original, keyFile: c.keyFile))
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.clean && report.filesScanned == 4 && report.filesUnreadable == 0 && report.otherFiles == ["README.txt"])
        #expect(report.originalFilesRead == 4 && report.originalFilesUnreadable == 1)
        #expect(report.needles.identifiers > 10 && report.needles.uids == 9 && report.needles.patientsWithDates == 4)
        #expect(report.counts.values.allSatisfy { $0 == 0 } && report.counts.count == PHIFinding.Kind.allCases.count)
        // Without the key the per-patient check cannot run: a note, not a finding.
        let unkeyed = try PHIAuditJob.run(PHIAuditOptions(output: c.release, original: c.original))
        #expect(unkeyed.findings.isEmpty && unkeyed.notes.contains { $0.contains("--key-file") })
        // Without original or manifest only the structural checks run.
        let bare = try PHIAuditJob.run(PHIAuditOptions(output: c.release))
        #expect(bare.findings.isEmpty && bare.notes.contains { $0.contains("neither --original nor --manifest") })
        // The report is JSON.
        let json = try JSONOutput.string(report)
        #expect(json.contains("\"clean\" : true") && json.contains("\"unshifted_date\" : 0"))
    }

    @Test func everyKindOfLeakIsFound() throws {
        let c = try Self.craft()
        defer { try? FileManager.default.removeItem(atPath: c.root) }
        let a = c.outputOf["LINDQVIST_ASTRID_MRN0048213/20220310/IM0001.dcm"]!
        let b = c.outputOf["LINDQVIST_ASTRID_MRN0048213/20220310/IM0002.dcm"]!
        let d = c.outputOf["OKONKWO_CHIDI_MRN0099871/20230102/IM0001.dcm"]!
        let sc = c.outputOf["OKONKWO_CHIDI_MRN0099871/20230102/SC0001.dcm"]!
        // A: a person name, an identifier in a description, an original UID, a private element kept.
        try edit(c.release + "/" + a) { ds in
            ds.set(Self.text("OperatorsName", .PN, "NYGAARD^PER"))
            ds.set(Self.text("StudyDescription", .LO, "MR brain, follow-up for Lindqvist"))
            ds.set(Self.text("SeriesInstanceUID", .UI, Self.uid(0, 2)))
            ds.set(DataElement(tag: Tag(0x0009, 0x0010), vr: .LO, strings: ["SLH RIS EXPORT"]))
            ds.set(DataElement(tag: Tag(0x0009, 0x1010), vr: .LO, strings: ["Results to Dr Holmberg"]))
        }
        // B: the original study date kept in a file marked MODIFIED (found through the key's file token).
        try edit(c.release + "/" + b) { ds in ds.set(Self.text("StudyDate", .DA, Self.patients[0].studyDate)) }
        // D: not marked MODIFIED, dates kept; and a copy under a folder named after the patient,
        // its birth date hidden in an acquisition date (found per patient, through the pseudonym).
        try edit(c.release + "/" + d) { ds in
            ds.set(Self.text("LongitudinalTemporalInformationModified", .CS, "UNMODIFIED"))
            ds.set(Self.text("StudyDate", .DA, Self.patients[1].studyDate))
        }
        try FileManager.default.createDirectory(atPath: c.release + "/okonkwo_chidi", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: c.release + "/" + d, toPath: c.release + "/okonkwo_chidi/copy.dcm")
        try edit(c.release + "/okonkwo_chidi/copy.dcm") { ds in
            ds.set(Self.text("LongitudinalTemporalInformationModified", .CS, "MODIFIED"))
            ds.set(Self.text("StudyDate", .DA, "20200101"))
            ds.set(Self.text("AcquisitionDate", .DA, Self.patients[1].birthDate))
        }
        // The screenshot released without its pixels redacted.
        try edit(c.release + "/" + sc) { ds in
            ds.set(DataElement(tag: Tag(0x0012, 0x0064), items: [Dataset([Self.text("CodeValue", .SH, "113100")])]))
        }
        // A truncated DICOM file, and a mapping table left in the release.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: c.release + "/" + a))
        try bytes.prefix(400).write(to: URL(fileURLWithPath: c.release + "/broken.dcm"))
        try Data("original,pseudonym\nMRN0048213,\(c.pseudonymizer.patientID("MRN0048213"))\n".utf8)
            .write(to: URL(fileURLWithPath: c.release + "/mapping.csv"))

        let report = try PHIAuditJob.run(PHIAuditOptions(output: c.release, original: c.original, keyFile: c.keyFile))
        func found(_ kind: PHIFinding.Kind) -> Set<String> {
            Set(report.findings(kind).map { [$0.file, $0.attribute ?? "-", $0.identifierKind ?? "-"].joined(separator: " ") })
        }
        #expect(found(.personName) == ["\(a) OperatorsName OperatorsName"])
        #expect(found(.identifier) == ["\(a) StudyDescription PatientName", "\(a) (0009,1010) ReferringPhysicianName",
                                       "\(a) (0009,1010) (0009,1010)", "mapping.csv - PatientID"])
        #expect(found(.originalUID) == ["\(a) SeriesInstanceUID SeriesInstanceUID"])
        #expect(found(.unshiftedDate) == ["\(b) StudyDate StudyDate", "\(d) StudyDate StudyDate", "\(d) SeriesDate SeriesDate",
                                          "okonkwo_chidi/copy.dcm AcquisitionDate PatientBirthDate"])
        #expect(found(.pathName) == ["okonkwo_chidi/ - PatientName"])
        #expect(found(.unredactedPixels) == ["\(sc) PixelData -"])
        #expect(found(.unreadable) == ["broken.dcm - -"])
        #expect(report.findings(.plantedPHI).isEmpty)
        #expect(!report.clean && report.counts["identifier"] == 4 && report.filesUnreadable == 1)
        #expect(Set(report.otherFiles) == ["README.txt", "mapping.csv"])
        // No finding shows a value.
        for f in report.findings {
            for secret in ["LINDQVIST", "Lindqvist", "NYGAARD", "Holmberg", "MRN0048213", "20220310", "19790815", "1.2.826.0.1"] {
                #expect(!f.hint.contains(secret), "\(f.hint)")
            }
        }
        // Leaving a folder out.
        let excluded = try PHIAuditJob.run(PHIAuditOptions(output: c.release, original: c.original, keyFile: c.keyFile,
                                                            excluded: ["okonkwo_chidi"], scanOtherFiles: false))
        #expect(excluded.findings(.pathName).isEmpty && excluded.findings.allSatisfy { !$0.file.hasPrefix("okonkwo_chidi") })
        #expect(excluded.findings(.identifier).count == 3)
    }

    @Test func aLookupTableGivesThePseudonyms() throws {
        let c = try Self.craft(lookup: ["MRN0048213": "STUDY-0001", "MRN0099871": "STUDY-0002"])
        defer { try? FileManager.default.removeItem(atPath: c.root) }
        // The original birth date hidden in a file of the first patient is found through the table's pseudonym.
        let a = try #require(c.outputOf["LINDQVIST_ASTRID_MRN0048213/20220310/IM0001.dcm"])
        #expect(a.hasPrefix("STUDY-0001/"))
        try edit(c.release + "/" + a) { ds in ds.set(Self.text("AcquisitionDate", .DA, Self.patients[0].birthDate)) }
        let report = try PHIAuditJob.run(PHIAuditOptions(output: c.release, original: c.original, keyFile: c.keyFile,
                                                         lookupFile: c.root + "/lookup.csv"))
        #expect(report.findings.map { "\($0.kind.rawValue) \($0.file) \($0.attribute ?? "")" } == ["unshifted_date \(a) AcquisitionDate"])
        #expect { try PHIAuditJob.run(PHIAuditOptions(output: c.release, lookupFile: c.root + "/lookup.csv")) } throws: {
            "\($0)".contains("--key-file")
        }
    }

    @Test func badInputsAreErrorsNotFindings() throws {
        let c = try Self.craft()
        defer { try? FileManager.default.removeItem(atPath: c.root) }
        #expect { try PHIAuditJob.run(PHIAuditOptions(output: c.root + "/nowhere")) } throws: { "\($0)".contains("no such folder") }
        #expect { try PHIAuditJob.run(PHIAuditOptions(output: c.release, manifest: c.root + "/missing.json")) } throws: {
            "\($0)".contains("no such manifest")
        }
        #expect { try PHIAuditJob.run(PHIAuditOptions(output: c.release, manifest: c.keyFile)) } throws: { "\($0)".contains("manifest.json") }
        #expect { try PHIAuditJob.run(PHIAuditOptions(output: c.release, keyFile: c.root + "/no.key")) } throws: { "\($0)".contains("key") }
    }

    // MARK: - the simulated archive and its manifest

    @Test(.enabled(if: DemoDataFixture.installed, "mricron-data is not installed"))
    func everyPlantedValueOfTheDemoArchiveIsReported() throws {
        let made = try DemoDataFixture.make(patients: 2, seed: 1, slices2d: nil)
        defer { try? FileManager.default.removeItem(atPath: made.root) }
        let report = try PHIAuditJob.run(PHIAuditOptions(output: made.archive, manifest: made.root + "/manifest.json"))
        let findings = Set(report.findings.map { [$0.kind.rawValue, $0.file, $0.attribute ?? "-", $0.identifierKind ?? "-"].joined(separator: "|") })
        var missed: [String] = []
        var checked = 0
        for p in made.manifest.patients {
            let series = Dictionary(uniqueKeysWithValues: p.studies.flatMap(\.series).map { ($0.seriesInstanceUID, $0) })
            for item in p.phi {
                if let uid = item.series, let attribute = item.attribute, let s = series[uid] {
                    for f in s.files {
                        checked += 1
                        if !findings.contains("planted_phi|\(f.path)|\(attribute)|\(item.kind)") { missed.append("\(item.kind) at \(f.path) \(attribute)") }
                    }
                } else if let folder = item.folder {
                    checked += 1
                    if !findings.contains("path_name|\(folder)/|-|\(item.kind)") { missed.append("\(item.kind) in folder \(folder)") }
                } else if let file = item.file, item.pixelBox != nil {
                    checked += 1
                    if !findings.contains("planted_phi|\(file)|PixelData|\(item.kind)") { missed.append("\(item.kind) burned into \(file)") }
                }
            }
        }
        #expect(missed.isEmpty, "\(missed.count) planted values not reported, e.g. \(missed.prefix(5))")
        #expect(checked > 1000)
        let shots = made.manifest.patients.flatMap { $0.studies.flatMap(\.series) }.filter { $0.kind == .screenshot }.flatMap(\.files)
        #expect(Set(report.findings(.unredactedPixels).map(\.file)) == Set(shots.map(\.path)))
        #expect(report.pixelBoxes == PHIAuditReport.PixelBoxes(files: shots.count, checked: shots.count, absent: 0, unchecked: 0))
        #expect(report.findings(.originalUID).count >= made.manifest.files, "every SOP Instance UID is the original's")
        #expect(report.findings(.personName).count >= made.manifest.files)
        #expect(report.filesScanned == made.manifest.files && report.filesUnreadable == 0)
        print("demo archive of 2 patients, \(made.manifest.files) files: \(report.findings.count) findings in \(String(format: "%.2f", report.seconds)) s")
    }

    @Test(.enabled(if: DemoDataFixture.installed, "mricron-data is not installed"))
    func burnedInBoxesAreFoundThroughTheKey() throws {
        let made = try DemoDataFixture.make(patients: 2, seed: 1, slices2d: nil)
        defer { try? FileManager.default.removeItem(atPath: made.root) }
        try Data((Self.keyHex + "\n").utf8).write(to: URL(fileURLWithPath: made.root + "/site.key"))
        let pseudonymizer = try Pseudonymizer(key: PseudonymKey(contentsOf: made.root + "/site.key"))
        let shots = made.manifest.patients.flatMap { $0.studies.flatMap(\.series) }.filter { $0.kind == .screenshot }.flatMap(\.files)
        try #require(shots.count == 2)
        let boxes = Dictionary(grouping: made.manifest.patients.flatMap(\.phi).filter { $0.pixelBox != nil }, by: { $0.file ?? "" })
        // A release with the first screenshot redacted, the second as it was, under token names.
        let release = made.root + "/release"
        try FileManager.default.createDirectory(atPath: release + "/x", withIntermediateDirectories: true)
        var names: [String] = []
        for (n, shot) in shots.enumerated() {
            let name = "x/SC-\(pseudonymizer.fileToken(relativePath: shot.path)).dcm"
            names.append(name)
            let file = try DicomFile.read(made.archive + "/" + shot.path)
            var ds = file.dataset
            if n == 0 {
                var pixels = try #require(ds[Tags.pixelData]?.bytes)
                let width = try #require(ds.int(Tags.columns))
                for p in boxes[shot.path] ?? [] {
                    let box = try #require(p.pixelBox)
                    for y in box.y..<(box.y + box.height) { for x in box.x..<(box.x + box.width) { pixels[y * width + x] = 0 } }
                }
                ds.set(DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes(pixels)))
            }
            try DicomWriter.write(ds, to: release + "/" + name)
        }
        let report = try PHIAuditJob.run(PHIAuditOptions(output: release, manifest: made.root + "/manifest.json", keyFile: made.root + "/site.key"))
        let pixelFindings = report.findings(.plantedPHI).filter { $0.attribute == "PixelData" }
        #expect(Set(pixelFindings.map(\.file)) == [names[1]])
        #expect(Set(pixelFindings.map { $0.identifierKind ?? "" }) == Set((boxes[shots[1].path] ?? []).map(\.kind)))
        #expect(report.pixelBoxes == PHIAuditReport.PixelBoxes(files: 2, checked: 2, absent: 0, unchecked: 0))
        // A quarantined screenshot (absent from the release) is no finding.
        try FileManager.default.removeItem(atPath: release + "/" + names[1])
        let quarantined = try PHIAuditJob.run(PHIAuditOptions(output: release, manifest: made.root + "/manifest.json", keyFile: made.root + "/site.key"))
        #expect(quarantined.findings(.plantedPHI).filter { $0.attribute == "PixelData" }.isEmpty)
        #expect(quarantined.pixelBoxes == PHIAuditReport.PixelBoxes(files: 2, checked: 1, absent: 1, unchecked: 0))
        // Without the key the renamed files cannot be found: a note says so.
        let unkeyed = try PHIAuditJob.run(PHIAuditOptions(output: release, manifest: made.root + "/manifest.json"))
        #expect(unkeyed.pixelBoxes?.unchecked == 2 && unkeyed.notes.contains { $0.contains("burned-in text boxes of 2 files were not checked") })
    }
}
