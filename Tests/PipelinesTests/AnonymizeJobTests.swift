import Anonymization
import DICOM
import Foundation
import Imaging
import XCTest
@testable import Pipelines

/// A small crafted archive with everything the runner must handle.
enum CraftedArchive {
    static func mr(patient: String, name: String, study: Int, series: Int, instance: Int, sop: String? = nil) -> Dataset {
        func t(_ k: String) -> DICOM.Tag { DICOM.Tag(parsing: k)! }
        let pixels = (0..<16).map { UInt16($0 * 10 + instance) }
        return Dataset([
            DataElement(tag: t("SOPClassUID"), vr: .UI, strings: ["1.2.840.10008.5.1.4.1.1.4"]),
            DataElement(tag: t("SOPInstanceUID"), vr: .UI, strings: [sop ?? "1.2.3.\(patient.count).\(study).\(series).\(instance)"]),
            DataElement(tag: t("StudyDate"), vr: .DA, strings: ["2021030\(study)"]),
            DataElement(tag: t("Modality"), vr: .CS, strings: ["MR"]),
            DataElement(tag: t("InstitutionName"), vr: .LO, strings: ["Mercy General"]),
            DataElement(tag: t("StudyDescription"), vr: .LO, strings: ["Head \(name)"]),
            DataElement(tag: t("PatientName"), vr: .PN, strings: [name]),
            DataElement(tag: t("PatientID"), vr: .LO, strings: [patient]),
            DataElement(tag: t("StudyInstanceUID"), vr: .UI, strings: ["1.2.3.\(patient.count).\(study)"]),
            DataElement(tag: t("SeriesInstanceUID"), vr: .UI, strings: ["1.2.3.\(patient.count).\(study).\(series)"]),
            DataElement(tag: t("SeriesNumber"), vr: .IS, strings: ["\(series)"]),
            DataElement(tag: t("InstanceNumber"), vr: .IS, strings: ["\(instance)"]),
            DataElement(tag: t("ImagePositionPatient"), vr: .DS, strings: ["0", "0", "\(instance)"]),
            DataElement(tag: t("ImageOrientationPatient"), vr: .DS, strings: ["1", "0", "0", "0", "1", "0"]),
            DataElement(tag: t("PixelSpacing"), vr: .DS, strings: ["1", "1"]),
            DataElement(tag: t("SamplesPerPixel"), vr: .US, integers: [UInt16(1)]),
            DataElement(tag: t("PhotometricInterpretation"), vr: .CS, strings: ["MONOCHROME2"]),
            DataElement(tag: t("Rows"), vr: .US, integers: [UInt16(4)]),
            DataElement(tag: t("Columns"), vr: .US, integers: [UInt16(4)]),
            DataElement(tag: t("BitsAllocated"), vr: .US, integers: [UInt16(16)]),
            DataElement(tag: t("BitsStored"), vr: .US, integers: [UInt16(16)]),
            DataElement(tag: t("HighBit"), vr: .US, integers: [UInt16(15)]),
            DataElement(tag: t("PixelRepresentation"), vr: .US, integers: [UInt16(0)]),
            DataElement(tag: t("PixelData"), vr: .OW, integers: pixels),
        ])
    }

    /// A screenshot (secondary capture, 8x8, 8 bit) whose top rows hold "text".
    static func screenshot(patient: String) -> Dataset {
        var ds = mr(patient: patient, name: "Rivera^Maria", study: 1, series: 9001, instance: 1, sop: "1.2.3.9.9.9")
        func t(_ k: String) -> DICOM.Tag { DICOM.Tag(parsing: k)! }
        ds.set(DataElement(tag: t("SOPClassUID"), vr: .UI, strings: ["1.2.840.10008.5.1.4.1.1.7"]))
        ds.set(DataElement(tag: t("Modality"), vr: .CS, strings: ["OT"]))
        ds.set(DataElement(tag: t("Manufacturer"), vr: .LO, strings: ["ACME"]))
        ds.set(DataElement(tag: t("Rows"), vr: .US, integers: [UInt16(8)]))
        ds.set(DataElement(tag: t("Columns"), vr: .US, integers: [UInt16(8)]))
        ds.set(DataElement(tag: t("BitsAllocated"), vr: .US, integers: [UInt16(8)]))
        ds.set(DataElement(tag: t("BitsStored"), vr: .US, integers: [UInt16(8)]))
        ds.set(DataElement(tag: t("HighBit"), vr: .US, integers: [UInt16(7)]))
        ds.set(DataElement(tag: t("PixelData"), vr: .OB, value: .bytes([UInt8](repeating: 200, count: 64))))
        return ds
    }

    /// Writes the archive; returns its root. Layout (names carry PHI, as in real archives):
    /// RIVERA_MARIA/s1/IM1..3, RIVERA_MARIA/s2/IM1..2, CHEN_WEI/IM1..2, CHEN_WEI/copy_of_IM1 (same SOP UID),
    /// RIVERA_MARIA/screen.dcm, notes.txt, empty.dcm, truncated.dcm.
    static func make(in root: String) throws -> String {
        let archive = root + "/archive"
        let fm = FileManager.default
        for d in ["RIVERA_MARIA/s1", "RIVERA_MARIA/s2", "CHEN_WEI"] { try fm.createDirectory(atPath: archive + "/" + d, withIntermediateDirectories: true) }
        for i in 1...3 { try DicomWriter.write(mr(patient: "P-RIV-01", name: "Rivera^Maria", study: 1, series: 1, instance: i), to: archive + "/RIVERA_MARIA/s1/IM\(i)") }
        for i in 1...2 { try DicomWriter.write(mr(patient: "P-RIV-01", name: "Rivera^Maria", study: 2, series: 1, instance: i), to: archive + "/RIVERA_MARIA/s2/IM\(i)") }
        for i in 1...2 { try DicomWriter.write(mr(patient: "P-CHEN-2", name: "Chen^Wei", study: 1, series: 3, instance: i), to: archive + "/CHEN_WEI/IM\(i)") }
        try fm.copyItem(atPath: archive + "/CHEN_WEI/IM1", toPath: archive + "/CHEN_WEI/copy_of_IM1")
        try DicomWriter.write(screenshot(patient: "P-RIV-01"), to: archive + "/RIVERA_MARIA/screen.dcm")
        try Data("not dicom".utf8).write(to: URL(fileURLWithPath: archive + "/notes.txt"))
        XCTAssertTrue(fm.createFile(atPath: archive + "/empty.dcm", contents: Data()))
        let whole = try Data(contentsOf: URL(fileURLWithPath: archive + "/CHEN_WEI/IM2"))
        try whole.prefix(whole.count - 20).write(to: URL(fileURLWithPath: archive + "/truncated.dcm"))
        return archive
    }

    static let rules = """
    rules:
      - name: ACME screenshots
        manufacturer: ACME
        rows: 8
        columns: 8
        regions:
          - [0, 0, 8, 2]
    """
}

final class AnonymizeJobTests: XCTestCase {
    var root = ""
    var archive = ""
    var key = ""
    var rules = ""

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-anon-" + UUID().uuidString).path
        archive = try CraftedArchive.make(in: root)
        key = root + "/site.key"
        _ = try PseudonymKey.create(at: key)
        rules = root + "/rules.yaml"
        try Data(CraftedArchive.rules.utf8).write(to: URL(fileURLWithPath: rules))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    func options(_ out: String, shard: Shard = .all, redact: Bool = true, jobs: Int = 2) -> AnonymizeOptions {
        AnonymizeOptions(input: archive, output: root + "/" + out, keyFile: key, redactRegions: redact ? rules : nil,
                         jobs: jobs, shard: shard)
    }

    /// Relative path -> bytes of every file under a folder.
    func tree(_ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in DemoDataFixture.files(under: folder) { out[f] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + f)) }
        return out
    }

    func logLines(_ path: String) throws -> [FileOutcome] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(FileOutcome.self, from: Data($0.utf8))
        }
    }

    func testEveryInputIsAccountedForAndNothingIsLost() throws {
        let s = try AnonymizeJob.run(options("out"))
        XCTAssertEqual(s.filesFound, 12)
        XCTAssertEqual(s.accountedFor, 12)
        XCTAssertEqual(s.written, 9)  // 8 MR (incl. the duplicate) + the redacted screenshot
        XCTAssertEqual(Set(s.skipped.map(\.input)), ["notes.txt", "empty.dcm"])
        XCTAssertEqual(s.quarantined.map(\.input), ["truncated.dcm"])
        XCTAssertTrue(s.hasFailures)
        XCTAssertEqual(s.duplicateSOPInstanceUIDs, 1)
        XCTAssertEqual(s.pixelsRedacted, 1)
        let log = try logLines(root + "/out-log.jsonl")
        XCTAssertEqual(log.count, 12)
        XCTAssertEqual(log.filter { $0.status == .written }.count, 9)
        XCTAssertEqual(log.compactMap(\.warnings).flatMap { $0 }.filter { $0.contains("duplicate SOP") }.count, 1)
        // The log holds no PHI and no input path.
        let text = try String(contentsOfFile: root + "/out-log.jsonl", encoding: .utf8).uppercased()
        for phi in ["RIVERA", "CHEN", "P-RIV", "MERCY", "NOTES.TXT", "TRUNCATED.DCM"] { XCTAssertFalse(text.contains(phi), phi) }
        // Quarantine: the original bytes and the reason.
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/out-quarantine/truncated.dcm")),
                       try Data(contentsOf: URL(fileURLWithPath: archive + "/truncated.dcm")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/out-quarantine/truncated.dcm.reason.txt"))
        // The temporary folder is gone; the release holds DICOM files only, with PHI-free names.
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out-tmp"))
        let released = try tree(root + "/out")
        XCTAssertEqual(released.count, 9)
        for (path, _) in released {
            XCTAssertTrue(path.hasSuffix(".dcm"))
            for phi in ["RIVERA", "CHEN", "P-RIV"] { XCTAssertFalse(path.uppercased().contains(phi), path) }
            let f = try DicomFile.read(root + "/out/" + path)
            XCTAssertEqual(f.meta.string(DICOM.Tag(0x0002, 0x0003)), f.dataset.string(Tags.sopInstanceUID), "meta header updated")
            XCTAssertEqual(f.dataset.string(DICOM.Tag(0x0012, 0x0062)), "YES")
        }
        // The input is untouched.
        XCTAssertEqual(DemoDataFixture.files(under: archive).count, 12)
    }

    func testScreenshotIsRedactedOrQuarantined() throws {
        _ = try AnonymizeJob.run(options("out"))
        let screen = try XCTUnwrap(try tree(root + "/out").keys.first { $0.contains("-OT-") })
        let f = try DicomFile.read(root + "/out/" + screen)
        let pixels = try XCTUnwrap(f.dataset[Tags.pixelData]?.bytes)
        XCTAssertEqual(Array(pixels[0..<16]), [UInt8](repeating: 0, count: 16))
        XCTAssertEqual(Array(pixels[16...]), [UInt8](repeating: 200, count: 48))
        XCTAssertEqual(f.dataset.string(Tags.burnedInAnnotation), "NO")
        let codes = f.dataset.items(DICOM.Tag(0x0012, 0x0064)).compactMap { $0.string(DICOM.Tag(0x0008, 0x0100)) }
        XCTAssertTrue(codes.contains("113101"))
        // Without rules, the screenshot goes to quarantine.
        let s = try AnonymizeJob.run(options("out2", redact: false))
        XCTAssertEqual(Set(s.quarantined.map(\.input)), ["truncated.dcm", "RIVERA_MARIA/screen.dcm"])
        XCTAssertTrue(s.quarantined.first { $0.input.hasSuffix("screen.dcm") }?.reason.contains("burned-in") == true)
    }

    func testTwoRunsAndShardsWriteIdenticalBytes() throws {
        _ = try AnonymizeJob.run(options("a"))
        _ = try AnonymizeJob.run(options("b", jobs: 1))
        XCTAssertEqual(try tree(root + "/a"), try tree(root + "/b"))
        // Three shards into one release folder = one machine.
        var inShards = 0
        for i in 0..<3 {
            let s = try AnonymizeJob.run(options("c", shard: Shard(index: i, count: 3)))
            inShards += s.filesInShard
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/c-log-\(i)of3.jsonl"))
        }
        XCTAssertEqual(inShards, 12)
        XCTAssertEqual(try tree(root + "/a"), try tree(root + "/c"))
        // A different key gives different bytes and names.
        let other = root + "/other.key"
        _ = try PseudonymKey.create(at: other)
        var o = options("d")
        o.keyFile = other
        _ = try AnonymizeJob.run(o)
        XCTAssertTrue(Set(try tree(root + "/a").keys).isDisjoint(with: try tree(root + "/d").keys))
    }

    func testResumeSkipsFinishedFilesAndEndsIdentical() throws {
        _ = try AnonymizeJob.run(options("a"))
        let full = try tree(root + "/a")
        // An interrupted run: some outputs missing, a stale temporary folder left behind.
        for (n, path) in full.keys.sorted().enumerated() where n % 2 == 0 { try FileManager.default.removeItem(atPath: root + "/a/" + path) }
        try FileManager.default.createDirectory(atPath: root + "/a-tmp", withIntermediateDirectories: true)
        try Data("partial".utf8).write(to: URL(fileURLWithPath: root + "/a-tmp/0123456789abcdef.dcm"))
        let s = try AnonymizeJob.run(options("a"))
        XCTAssertEqual(s.written, 5)
        XCTAssertEqual(s.alreadyWritten, 4)
        XCTAssertEqual(try tree(root + "/a"), full)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/a-tmp"))
    }

    func testUIDsStayConsistentAcrossFilesAndRuns() throws {
        _ = try AnonymizeJob.run(options("a"))
        let files = try tree(root + "/a").keys.filter { !$0.contains("-OT-") }
        var studies: [String: Set<String>] = [:]
        for f in files {
            let ds = try DicomFile.read(root + "/a/" + f).dataset
            studies[ds.string(Tags.patientID) ?? "", default: []].insert(ds.string(Tags.studyInstanceUID) ?? "")
        }
        XCTAssertEqual(studies.count, 2)
        XCTAssertEqual(studies.values.map(\.count).sorted(), [1, 2])
        let p = try Pseudonymizer(key: PseudonymKey(contentsOf: key))
        XCTAssertEqual(studies[p.patientID("P-RIV-01")], [p.uid("1.2.3.8.1"), p.uid("1.2.3.8.2")])
    }

    func testOutputInsideInputIsRefused() throws {
        XCTAssertThrowsError(try AnonymizeJob.run(AnonymizeOptions(input: archive, output: archive + "/release", keyFile: key))) { e in
            XCTAssertTrue("\(e)".contains("must not be inside the input"), "\(e)")
        }
        XCTAssertThrowsError(try AnonymizeJob.run(AnonymizeOptions(input: archive, output: root, keyFile: key))) { e in
            XCTAssertTrue("\(e)".contains("inside the output"), "\(e)")
        }
        XCTAssertThrowsError(try AnonymizeJob.run(AnonymizeOptions(input: archive, output: root + "/x", keyFile: root + "/missing.key"))) { e in
            XCTAssertTrue("\(e)".contains("--create-key"), "\(e)")
        }
    }

    func testSymlinkLoopAndUnreadableFilesAreReported() throws {
        try FileManager.default.createSymbolicLink(atPath: archive + "/CHEN_WEI/loop", withDestinationPath: archive)
        try FileManager.default.createSymbolicLink(atPath: archive + "/dangling", withDestinationPath: root + "/nowhere")
        let s = try AnonymizeJob.run(options("out"))
        XCTAssertEqual(s.filesFound, 12, "the loop is not followed twice")
        XCTAssertTrue(s.unlisted.contains { $0.input == "CHEN_WEI/loop" && $0.reason.contains("loop") })
        XCTAssertTrue(s.unlisted.contains { $0.input == "dangling" && $0.reason.contains("broken") })
        if geteuid() != 0 {
            chmod(archive + "/CHEN_WEI/IM2", 0)
            defer { chmod(archive + "/CHEN_WEI/IM2", 0o644) }
            let t = try AnonymizeJob.run(options("out3"))
            XCTAssertEqual(t.failed.map(\.input), ["CHEN_WEI/IM2"])
            XCTAssertEqual(t.accountedFor, 12)
        }
    }

    func testSingleFileInput() throws {
        let s = try AnonymizeJob.run(AnonymizeOptions(input: archive + "/CHEN_WEI/IM1", output: root + "/single", keyFile: key))
        XCTAssertEqual(s.written, 1)
        XCTAssertEqual(try tree(root + "/single").count, 1)
    }
}
