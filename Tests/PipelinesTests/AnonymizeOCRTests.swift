import Anonymization
import DICOM
import Foundation
import Imaging
import XCTest
@testable import Pipelines

/// `medsynth anonymize --ocr` and `medsynth audit phi --ocr` on an archive with a screenshot
/// whose banner (name, ID) and footer (institution) are burned in.
final class AnonymizeOCRTests: XCTestCase {
    var root = ""
    var archive = ""
    var key = ""
    /// Boxes of the banner lines and of the footer in the screenshot.
    var banner: [PixelRegion] = []
    var footer = PixelRegion(x: 0, y: 0, width: 0, height: 0)
    let width = 300, height = 200

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-ocr-" + UUID().uuidString).path
        archive = root + "/archive/RIVERA_MARIA"
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        var pixels = [UInt8](repeating: 30, count: width * height)
        for y in 60..<170 { for x in 60..<240 { pixels[y * width + x] = UInt8(90 + (x + y) % 60) } }
        let font = BitmapFont.standard
        banner = [font.draw("RIVERA, MARIA", into: &pixels, width: width, height: height, x: 6, y: 6, scale: 2, value: 250),
                  font.draw("ID P7734021", into: &pixels, width: width, height: height, x: 6, y: 24, scale: 2, value: 250)]
        footer = font.draw("MERCY GENERAL", into: &pixels, width: width, height: height, x: 140, y: 180, scale: 2, value: 250)
        var ds = CraftedArchive.screenshot(patient: "P7734021")
        ds.set(DataElement(tag: Tags.rows, vr: .US, integers: [UInt16(height)]))
        ds.set(DataElement(tag: Tags.columns, vr: .US, integers: [UInt16(width)]))
        ds.set(DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes(pixels)))
        try DicomWriter.write(ds, to: archive + "/screen.dcm")
        try DicomWriter.write(CraftedArchive.mr(patient: "P7734021", name: "Rivera^Maria", study: 1, series: 1, instance: 1),
                              to: archive + "/IM1")
        key = root + "/site.key"
        _ = try PseudonymKey.create(at: key)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    func run(_ out: String, ocr: OCRMode, rules: String? = nil) throws -> (AnonymizeSummary, [FileOutcome]) {
        var rulesPath: String?
        if let rules {
            rulesPath = root + "/rules.yaml"
            try Data(rules.utf8).write(to: URL(fileURLWithPath: root + "/rules.yaml"))
        }
        let s = try AnonymizeJob.run(AnonymizeOptions(input: root + "/archive", output: root + "/" + out, keyFile: key,
                                                      redactRegions: rulesPath, jobs: 2, ocr: ocr))
        let log = try String(contentsOfFile: root + "/" + out + "-log.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(FileOutcome.self, from: Data($0.utf8))
        }
        return (s, log)
    }

    /// The pixels of the released screenshot.
    func releasedScreen(_ out: String) throws -> [UInt8] {
        let files = DemoDataFixture.files(under: root + "/" + out).filter { $0.contains("-OT-") }
        XCTAssertEqual(files.count, 1)
        let f = try DicomFile.read(root + "/" + out + "/" + XCTUnwrap(files.first))
        return try XCTUnwrap(f.dataset[Tags.pixelData]?.bytes)
    }

    /// Dots of the text (value 250) left inside a box.
    func dots(_ pixels: [UInt8], _ box: PixelRegion) -> Int {
        var n = 0
        for y in box.y..<(box.y + box.height) { for x in box.x..<(box.x + box.width) where pixels[y * width + x] == 250 { n += 1 } }
        return n
    }

    func testRedactModeBlanksEveryLineAndReleasesTheScreenshot() throws {
        let (s, log) = try run("out", ocr: .redact)
        XCTAssertEqual(s.written, 2)
        XCTAssertTrue(s.quarantined.isEmpty)
        XCTAssertEqual(s.ocrFilesRead, 1)
        XCTAssertEqual(s.ocrFilesWithText, 1)
        XCTAssertGreaterThanOrEqual(s.ocrTextBoxes ?? 0, 2)
        XCTAssertEqual(s.pixelsRedacted, 1)
        XCTAssertTrue(s.ocrEngine?.hasPrefix("Tesseract") == true)
        let screen = try XCTUnwrap(log.first { $0.textBoxes != nil })
        XCTAssertTrue(screen.pixels?.contains("OCR blanked") == true)
        let pixels = try releasedScreen("out")
        for box in banner + [footer] { XCTAssertEqual(dots(pixels, box), 0, "text left at \(box)") }
        XCTAssertEqual(pixels[120 * width + 150], UInt8(90 + (150 + 120) % 60), "the image away from the text is kept")
        // The log never holds what OCR read.
        let text = try String(contentsOfFile: root + "/out-log.jsonl", encoding: .utf8).uppercased()
        for phi in ["RIVERA", "MARIA", "P7734021", "MERCY"] { XCTAssertFalse(text.contains(phi), phi) }

        // The audit's OCR finds no text in the release, and finds it in the original archive.
        let clean = try PHIAuditJob.run(PHIAuditOptions(output: root + "/out", original: root + "/archive", keyFile: key, ocr: true))
        XCTAssertEqual(clean.pixelText?.files, 1)
        XCTAssertEqual(clean.pixelText?.textBoxes, 0)
        XCTAssertTrue(clean.findings(.pixelText).isEmpty, "\(clean.findings)")
        let leaky = try PHIAuditJob.run(PHIAuditOptions(output: root + "/archive", ocr: true))
        XCTAssertEqual(leaky.findings(.pixelText).count, 1)
        XCTAssertFalse(leaky.findings(.pixelText)[0].hint.uppercased().contains("RIVERA"))
    }

    func testReportModeLogsTextARuleMissedAndLeavesThePixelsToTheRule() throws {
        // The rule blanks the banner only: OCR reports the footer, which stays.
        let rules = """
        rules:
          - name: ACME banner
            manufacturer: ACME
            regions:
              - [0, 0, 300, 44]
        """
        let (s, log) = try run("out", ocr: .report, rules: rules)
        XCTAssertEqual(s.written, 2)
        XCTAssertEqual(s.ocrFilesWithText, 1)
        let boxes = try XCTUnwrap(log.compactMap(\.textBoxes).first)
        XCTAssertFalse(boxes.isEmpty)
        XCTAssertTrue(boxes.allSatisfy { $0.region.y >= 44 }, "only the footer is left: \(boxes)")
        XCTAssertTrue(boxes.contains { $0.region.x <= footer.x && $0.region.x + $0.region.width >= footer.x + footer.width })
        let pixels = try releasedScreen("out")
        for box in banner { XCTAssertEqual(dots(pixels, box), 0) }
        XCTAssertGreaterThan(dots(pixels, footer), 0, "report mode does not blank")

        // Without a rule, report mode still quarantines the screenshot.
        let (q, _) = try run("out2", ocr: .report)
        XCTAssertEqual(q.quarantined.map(\.input), ["RIVERA_MARIA/screen.dcm"])
        XCTAssertEqual(q.ocrFilesRead, 0)
    }
}
