import Anonymization
import DICOM
import Foundation
import Imaging
import NIfTI
import Phantoms
import XCTest
@testable import Pipelines

/// The anonymizer on the simulated archive, checked against its manifest of planted PHI
/// directly (not through the audit), and against the converter.
final class AnonymizeDemoArchiveTests: XCTestCase {
    var tmp = ""

    override func setUpWithError() throws {
        try XCTSkipUnless(DemoDataFixture.installed, "mricron-data (Colin27) is not installed")
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-anon-demo-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if !tmp.isEmpty { try? FileManager.default.removeItem(atPath: tmp) }
    }

    /// Upper-case letters and digits, every other run of characters one space.
    static func normalized(_ s: String) -> String {
        var out = "", space = false
        for c in s.uppercased() {
            if c.isLetter || c.isNumber { out.append(c); space = false } else if !space { out.append(" "); space = true }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// OCR alone (no redaction rule) finds and blanks every planted burned-in box of every
    /// screenshot; the audit's OCR then reads no text in the release's at-risk files.
    func testOCRAloneBlanksEveryPlantedBurnedInBox() throws {
        let demo = try DemoDataFixture.shared.get()
        let key = tmp + "/site.key"
        let release = tmp + "/release-ocr"
        let summary = try AnonymizeJob.run(AnonymizeOptions(input: demo.archive, output: release, keyFile: key, createKey: true,
                                                             ocr: .redact))
        XCTAssertFalse(summary.hasFailures, "\(summary.quarantined) \(summary.failed)")
        let screenshots = demo.manifest.patients.flatMap { $0.studies.flatMap { $0.series.filter { $0.kind == .screenshot } } }
        XCTAssertEqual(summary.ocrFilesRead, screenshots.count)
        XCTAssertEqual(summary.ocrFilesWithText, screenshots.count)
        let audit = try PHIAuditJob.run(PHIAuditOptions(output: release, manifest: demo.root + "/manifest.json", keyFile: key, ocr: true))
        XCTAssertEqual(audit.pixelBoxes?.checked, screenshots.count)
        XCTAssertEqual(audit.pixelText?.files, screenshots.count)
        XCTAssertTrue(audit.clean, "\(audit.findings.prefix(5))")
    }

    func testNoPlantedValueSurvivesAndConversionIsUnchanged() throws {
        let demo = try DemoDataFixture.shared.get()
        let key = tmp + "/site.key"
        let rules = tmp + "/rules.yaml"
        try Data(DemoJob.redactionRules.utf8).write(to: URL(fileURLWithPath: rules))
        let release = tmp + "/release"
        let summary = try AnonymizeJob.run(AnonymizeOptions(input: demo.archive, output: release, keyFile: key, createKey: true,
                                                             redactRegions: rules))
        XCTAssertEqual(summary.filesFound, demo.manifest.files)
        XCTAssertEqual(summary.written, demo.manifest.files, "\(summary.quarantined) \(summary.failed)")
        XCTAssertFalse(summary.hasFailures)
        let screenshots = demo.manifest.patients.flatMap { $0.studies.flatMap { $0.series.filter { $0.kind == .screenshot } } }
        XCTAssertGreaterThan(screenshots.count, 1)
        XCTAssertEqual(summary.pixelsRedacted, screenshots.count)

        // Every text value of every output file (all depths, private included), normalized.
        let p = try Pseudonymizer(key: PseudonymKey(contentsOf: key))
        let outputs = DemoDataFixture.files(under: release)
        // UIDs are left out: they are all keyed 2.25 UIDs, whose digits hold any short number by chance.
        var parts: [String] = []
        var bySeries: [String: [Dataset]] = [:]
        for f in outputs {
            let ds = try DicomFile.read(release + "/" + f, options: .header).dataset
            bySeries[ds.string(Tags.seriesInstanceUID) ?? "", default: []].append(ds)
            ds.walk { _, e in
                if let b = e.bytes, e.vr != .UI, e.vr.isString || e.vr == .UN || e.vr == .OB { parts.append(String(decoding: b, as: UTF8.self)) }
            }
        }
        let allText = " " + Self.normalized(parts.joined(separator: " | ")) + " "
        let allPaths = " " + Self.normalized(outputs.joined(separator: " | ")) + " "
        var checked = 0
        for patient in demo.manifest.patients {
            for phi in patient.phi {
                let needle = Self.normalized(phi.value)
                if let file = phi.file, let box = phi.pixelBox {
                    // Burned-in text: the box is blank in the released file.
                    let token = p.fileToken(relativePath: file)
                    let out = try XCTUnwrap(outputs.first { $0.hasSuffix("-\(token).dcm") }, "\(file) not released")
                    let ds = try DicomFile.read(release + "/" + out).dataset
                    let pixels = try XCTUnwrap(ds[Tags.pixelData]?.bytes)
                    let columns = try XCTUnwrap(ds.int(Tags.columns)), spp = ds.int(Tags.samplesPerPixel) ?? 1
                    for y in box.y..<(box.y + box.height) {
                        for x in box.x..<(box.x + box.width) {
                            for s in 0..<spp where pixels[(y * columns + x) * spp + s] != 0 {
                                XCTFail("\(phi.kind) burned into \(file) is still visible at (\(x), \(y))")
                                return
                            }
                        }
                    }
                    checked += 1
                    continue
                }
                // Short values (sex "M", age, weight) are checked where they were planted only.
                if needle.count >= 5 {
                    // Numbers must match a whole token; text anywhere. Release names are made of keyed
                    // tokens and zero-padded instance numbers, so numbers under 6 digits are not
                    // looked for there (they occur by chance).
                    let numeric = needle.allSatisfy(\.isNumber)
                    let found = numeric ? allText.contains(" " + needle + " ") : allText.contains(needle)
                    XCTAssertFalse(found, "\(phi.kind) planted at \(phi.attribute ?? phi.folder ?? "") survives in a header")
                    if !numeric || needle.count >= 6 {
                        let inPaths = numeric ? allPaths.contains(" " + needle + " ") : allPaths.contains(needle)
                        XCTAssertFalse(inPaths, "\(phi.kind) survives in a file or folder name")
                    }
                }
                if let series = phi.series, let path = phi.attribute, let attribute = AttributePath(parsing: path) {
                    let prefix = p.uid(series)
                    let released = bySeries[prefix] ?? []
                    XCTAssertFalse(released.isEmpty, "series of \(phi.kind) not released")
                    for ds in released {
                        var value: String?
                        ds.walk { at, e in if at == attribute { value = e.strings.joined(separator: "\\") } }
                        if let value, !value.isEmpty {
                            let leaked = phi.match == .exact ? value.split(separator: "\\").contains { String($0) == phi.value }
                                                             : Self.normalized(value).contains(needle)
                            XCTAssertFalse(leaked, "\(phi.kind) survives at \(path)")
                        }
                    }
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, demo.manifest.patients.reduce(0) { $0 + $1.phi.count })

        // The release converts to the same NIfTI (voxels and geometry) as the original archive.
        let before = try ConvertJob.run(ConvertOptions(input: demo.archive, output: tmp + "/nii-original", gzip: false, pattern: "%j"))
        let after = try ConvertJob.run(ConvertOptions(input: release, output: tmp + "/nii-release", gzip: false, pattern: "%j"))
        XCTAssertEqual(before.failed, 0)
        XCTAssertEqual(after.failed, 0)
        let mrSeries = demo.manifest.patients.flatMap { $0.studies.flatMap { $0.series.filter { $0.kind == .mr } } }
        for s in mrSeries {
            let a = try NIfTIReader.read(at: tmp + "/nii-original/\(s.seriesInstanceUID).nii")
            let b = try NIfTIReader.read(at: tmp + "/nii-release/\(p.uid(s.seriesInstanceUID)).nii")
            XCTAssertEqual(a.volume.shape, b.volume.shape, s.seriesInstanceUID)
            XCTAssertEqual(a.volume.data, b.volume.data, "voxels of series \(s.seriesNumber)")
            XCTAssertLessThan(a.header.bestAffine.maxAbsDifference(b.header.bestAffine), 1e-9)
            XCTAssertEqual(a.header.sformCode, b.header.sformCode)
            XCTAssertEqual(a.volume.scale, b.volume.scale)
        }
    }
}
