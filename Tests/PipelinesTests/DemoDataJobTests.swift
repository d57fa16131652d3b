import DICOM
import Foundation
import Imaging
import Phantoms
import Testing
@testable import Pipelines

@Suite(.enabled(if: DemoDataFixture.installed, "mricron-data is not installed"), .serialized)
struct DemoDataJobTests {
    func made() throws -> DemoDataFixture.Made { try DemoDataFixture.shared.get() }

    @Test func everyPlantedValueIsWhereTheManifestSays() throws {
        let m = try made()
        var files: [String: DicomFile] = [:]
        func file(_ relative: String) throws -> DicomFile {
            if let f = files[relative] { return f }
            let f = try DicomFile.read(m.archive + "/" + relative)
            files[relative] = f
            return f
        }
        var checked = 0
        for p in m.manifest.patients {
            let series = Dictionary(uniqueKeysWithValues: p.studies.flatMap(\.series).map { ($0.seriesInstanceUID, $0) })
            for item in p.phi {
                if let uid = item.series, let attribute = item.attribute {
                    let s = try #require(series[uid], "\(p.key): PHI names series \(uid), which the manifest does not list")
                    let path = try #require(AttributePath(parsing: attribute), "\(attribute) does not parse")
                    for f in s.files {
                        let e = try #require(try file(f.path).dataset[path: path], "\(f.path): no \(attribute) (\(item.kind))")
                        let values = e.strings.map { $0.trimmingCharacters(in: .whitespaces) }
                        switch item.match {
                        case .exact: #expect(values.contains(item.value), "\(f.path) \(attribute): \(values) lacks \(item.value)")
                        case .contains: #expect(values.joined(separator: "\\").contains(item.value), "\(f.path) \(attribute): \(values) lacks \(item.value)")
                        }
                        checked += 1
                    }
                } else if let folder = item.folder {
                    var isDir: ObjCBool = false
                    #expect(FileManager.default.fileExists(atPath: m.archive + "/" + folder, isDirectory: &isDir) && isDir.boolValue, "\(folder)")
                    #expect((folder as NSString).lastPathComponent.contains(item.value), "\(folder) lacks \(item.value)")
                    checked += 1
                } else if let relative = item.file, let box = item.pixelBox {
                    let f = try file(relative)
                    let pixels = try #require(f.decodedPixels?.bytes ?? f.dataset[Tags.pixelData]?.bytes)
                    let width = try #require(f.dataset.int(Tags.columns))
                    // Re-drawing the value at the box gives lit pixels that are all burned in.
                    var lit = 0
                    let drawn = BitmapFont.standard.draw(item.value, x: box.x, y: box.y, scale: 2) { x, y in
                        if pixels[y * width + x] == 255 { lit += 1 } else { lit -= 1_000_000 }
                    }
                    #expect(lit > 0 && drawn == box, "\(relative): '\(item.value)' is not burned in at \(box)")
                    checked += 1
                } else {
                    Issue.record("\(p.key): a PHI entry without a location: \(item)")
                }
            }
        }
        #expect(checked > 1000, "only \(checked) locations checked")
    }

    @Test func everyFileIsInTheManifestAndReadable() throws {
        let m = try made()
        let listed = m.manifest.patients.flatMap { $0.studies.flatMap { $0.series.flatMap { $0.files.map(\.path) } } }
        #expect(Set(listed).count == listed.count, "a file is listed twice")
        #expect(DemoDataFixture.files(under: m.archive) == listed.sorted())
        #expect(m.summary.files == listed.count)
        for p in m.manifest.patients {
            for s in p.studies.flatMap(\.series) {
                for (n, f) in s.files.enumerated() {
                    let file = try DicomFile.read(m.archive + "/" + f.path)
                    #expect(file.dataset.string(Tags.sopInstanceUID) == f.sopInstanceUID)
                    #expect(file.dataset.string(Tags.seriesInstanceUID) == s.seriesInstanceUID)
                    #expect(file.dataset.string(Tags.patientID) == p.identity.medicalRecordNumber)
                    if s.kind == .mr {
                        #expect(file.dataset.int(Tags.instanceNumber) == n + 1)
                        #expect(file.dataset.int(Tags.rows) == s.acquisition?.matrix)
                        #expect(s.files.count == s.acquisition?.slices)
                    }
                    // The class is never written into the files.
                    file.dataset.walk { _, e in
                        guard [.LO, .LT, .ST, .SH, .UT, .CS, .PN].contains(e.vr) else { return }
                        let text = e.strings.joined(separator: " ").lowercased()
                        for word in ["glioma", "meningioma", "pituitary", "tumour", "tumor", "adenoma"] {
                            #expect(!text.contains(word), "\(f.path) \(e.tag): '\(text)' gives the class away")
                        }
                    }
                }
            }
        }
    }

    @Test func screenshotsCarryBurnedInAnnotationAndOneIsMislabelled() throws {
        let m = try made()
        let shots = m.manifest.patients.flatMap { $0.studies.flatMap(\.series) }.filter { $0.kind == .screenshot }
        #expect(shots.count >= 2)
        #expect(shots.filter { $0.burnedInAnnotation == "NO" }.count == 1)
        for s in shots {
            let f = try DicomFile.read(m.archive + "/" + s.files[0].path)
            #expect(f.dataset.string("BurnedInAnnotation") == s.burnedInAnnotation)
            #expect(f.dataset.string(Tags.sopClassUID) == "1.2.840.10008.5.1.4.1.1.7")
        }
        // Every patient with a screenshot has its name, ID, birth date and study date in the pixels.
        for p in m.manifest.patients where p.phi.contains(where: { $0.pixelBox != nil }) {
            let kinds = Set(p.phi.filter { $0.pixelBox != nil }.map(\.kind))
            #expect(kinds.isSuperset(of: ["patient_name", "patient_id", "birth_date", "date"]), "\(p.key): \(kinds)")
        }
    }

    @Test func identifiersAreEverywhereRealArchivesHideThem() throws {
        let m = try made()
        let attributes = Set(m.manifest.patients.flatMap { $0.phi.compactMap(\.attribute) })
        for a in ["PatientName", "PatientID", "OtherPatientIDsSequence[0].PatientID", "PatientBirthDate", "PatientAddress",
                  "PatientTelephoneNumbers", "AccessionNumber", "ReferringPhysicianName", "PerformingPhysicianName", "OperatorsName",
                  "InstitutionName", "InstitutionAddress", "StationName", "DeviceSerialNumber", "RequestAttributesSequence[0].AccessionNumber",
                  "ReferencedPatientSequence[0].ReferencedSOPInstanceUID",
                  "ReferringPhysicianIdentificationSequence[0].PersonIdentificationCodeSequence[0].CodeValue",
                  "AdditionalPatientHistory", "(0009,1010)", "(0009,1020)[0].PatientName", "StudyInstanceUID", "StudyDate"] {
            #expect(attributes.contains(a), "no identifier planted at \(a)")
        }
        let kinds = Set(m.manifest.patients.flatMap { $0.phi.map(\.kind) })
        #expect(kinds.isSuperset(of: ["patient_name", "patient_id", "other_patient_id", "birth_date", "age", "sex", "weight", "address",
                                      "phone", "accession_number", "referring_physician", "institution", "station_name",
                                      "device_serial_number", "uid", "date", "time"]))
    }

    @Test func classesAreBalancedAndSplitsNeverShareAPatient() throws {
        let m = try made()
        let byClass = Dictionary(grouping: m.manifest.patients, by: \.tumourClass)
        let sizes = TumourClass.allCases.map { byClass[$0]?.count ?? 0 }
        #expect(sizes.max()! - sizes.min()! <= 1 && sizes.reduce(0, +) == DemoDataFixture.patients)
        #expect(m.manifest.counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } == DemoDataFixture.patients)
        // Patient records agree with the cohort plan (the documented split rule).
        let plan = CohortPlan(patients: DemoDataFixture.patients, holdoutFraction: 0.25, seed: DemoDataFixture.seed)
        for (i, p) in m.manifest.patients.enumerated() {
            #expect(p.tumourClass == plan.classes[i] && p.split == plan.splits[i])
            #expect((p.lesion == nil) == (p.tumourClass == .noTumour))
            // Lesions are named by the AAL region they lie in (or the sella).
            if let l = p.lesion { #expect(l.region != nil && (l.region == "sella turcica") == (p.tumourClass == .pituitary), "\(l.region ?? "-")") }
        }
        // The 2D dataset: every PNG in its patient's split and class folder; no patient in two splits.
        let patients = Dictionary(uniqueKeysWithValues: m.manifest.patients.map { ($0.key, $0) })
        let pngs = DemoDataFixture.files(under: m.root + "/slices2d").filter { $0.hasSuffix(".png") && $0 != "preview.png" }
        #expect(pngs.count == m.summary.slices2d?.pngs && pngs.count == DemoDataFixture.patients * 4)
        var splitOf: [String: String] = [:]
        for png in pngs {
            let parts = png.split(separator: "/").map(String.init)
            let key = String(parts[2].prefix(5))
            let p = try #require(patients[key], "\(png) names no patient")
            #expect(parts[0] == p.split.rawValue && parts[1] == p.tumourClass.rawValue, "\(png)")
            #expect(splitOf.updateValue(parts[0], forKey: key).map { $0 == parts[0] } ?? true)
            let image = try PNGCodec.read(path: m.root + "/slices2d/" + png)
            #expect(image.width == 32 && image.height == 32 && image.voxelType == .uint8)
        }
        let index = try JSONDecoder().decode(SlicesIndex.self, from: Data(contentsOf: URL(fileURLWithPath: m.root + "/slices2d/index.json")))
        #expect(index.slices.count == pngs.count)
        #expect(Set(index.patients["train"] ?? []).isDisjoint(with: Set(index.patients["holdout"] ?? [])))
        #expect(FileManager.default.fileExists(atPath: m.root + "/slices2d/preview.png"))
    }

    @Test func dciodvfyReportsNoErrors() throws {
        let m = try made()
        var warnings = 0, checked = 0
        for s in m.manifest.patients.flatMap({ $0.studies.flatMap(\.series) }) {
            guard let r = try DemoDataFixture.run("dciodvfy", [m.archive + "/" + s.files[0].path]) else {
                print("dciodvfy (dicom3tools) is not installed: validity not checked")
                return
            }
            let lines = r.output.split(separator: "\n")
            let errors = lines.filter { $0.hasPrefix("Error") }
            #expect(errors.isEmpty, "\(s.files[0].path): \(errors.joined(separator: "; "))")
            warnings += lines.filter { $0.hasPrefix("Warning") }.count
            checked += 1
        }
        print("dciodvfy: \(checked) series, 0 errors expected, \(warnings) warnings")
    }

    @Test func dcmdumpReadsEveryFile() throws {
        let m = try made()
        let paths = DemoDataFixture.files(under: m.archive).map { m.archive + "/" + $0 }
        for batch in stride(from: 0, to: paths.count, by: 200).map({ Array(paths[$0..<min($0 + 200, paths.count)]) }) {
            guard let r = try DemoDataFixture.run("dcmdump", ["-q"] + batch) else {
                print("dcmdump (dcmtk) is not installed: not checked")
                return
            }
            #expect(r.status == 0, "dcmdump failed: \(r.output.prefix(500))")
        }
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        let a = try DemoDataFixture.make(patients: 2, seed: 21, slices2d: 16)
        let b = try DemoDataFixture.make(patients: 2, seed: 21, slices2d: 16)
        let c = try DemoDataFixture.make(patients: 2, seed: 22, slices2d: nil)
        defer { for x in [a, b, c] { try? FileManager.default.removeItem(atPath: x.root) } }
        let files = DemoDataFixture.files(under: a.root).filter { $0 != "summary.json" }
        #expect(files == DemoDataFixture.files(under: b.root).filter { $0 != "summary.json" })
        for f in files {
            #expect(FileManager.default.contents(atPath: a.root + "/" + f) == FileManager.default.contents(atPath: b.root + "/" + f), "\(f) differs")
        }
        #expect(FileManager.default.contents(atPath: a.root + "/manifest.json") != FileManager.default.contents(atPath: c.root + "/manifest.json"))
    }

    @Test func missingTemplatesNameThePackage() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-demo-missing-" + UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let options = DemoDataOptions(output: root, archive: PhantomArchiveOptions(patients: 2, templates: "/nonexistent/templates"))
        #expect { try DemoDataJob.run(options) } throws: { "\($0)".contains("mricron-data") }
    }

    @Test func refusesANonEmptyOutputFolderWithoutOverwrite() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-demo-busy-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("keep".utf8).write(to: URL(fileURLWithPath: root + "/notes.txt"))
        #expect { try DemoDataJob.run(DemoDataOptions(output: root, archive: PhantomArchiveOptions(patients: 1))) } throws: {
            "\($0)".contains("--overwrite")
        }
    }
}
