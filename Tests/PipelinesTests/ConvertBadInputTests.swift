import XCTest
import DICOM
import Imaging
import NIfTI
@testable import Pipelines

/// Bad inputs are reported, never dropped silently, never a crash.
final class ConvertBadInputTests: XCTestCase {
    var tmp: URL!
    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func write(_ name: String, _ mutate: (inout SeriesWriterOptions) -> Void = { _ in }) throws -> String {
        guard var c = try GeometryTestCases.named("axial_int16_asc") else { throw XCTSkip("case missing") }
        mutate(&c.options)
        let dir = tmp.appendingPathComponent("archive/\(name)").path
        _ = try SeriesWriter.write(c.volume, to: dir, options: c.options)
        return dir
    }

    func testMixedArchiveAccountsForEveryFile() throws {
        let good = try write("good") { $0.seriesNumber = 1; $0.seed = 11 }
        _ = try write("missing") { $0.omitSlices = [3]; $0.seriesNumber = 2; $0.seed = 12 }
        _ = try write("dup") { $0.duplicateSlices = [2]; $0.seriesNumber = 3; $0.seed = 13 }
        let archive = tmp.appendingPathComponent("archive")
        try Data().write(to: archive.appendingPathComponent("empty.dcm"))
        try Data("not dicom".utf8).write(to: archive.appendingPathComponent("notes.txt"))
        // A truncated copy of a good slice.
        let files = try FileManager.default.contentsOfDirectory(atPath: good).sorted()
        let full = try Data(contentsOf: URL(fileURLWithPath: good + "/" + files[0]))
        try full.prefix(full.count - 100).write(to: archive.appendingPathComponent("cut"))

        let out = tmp.appendingPathComponent("out").path
        let summary = try ConvertJob.run(ConvertOptions(input: archive.path, output: out))
        // 7 + 6 + 8 slices + empty + text + truncated.
        XCTAssertEqual(summary.filesSeen, 7 + 6 + 8 + 3)
        let skippedNames = Set(summary.skippedFiles.map { ($0.path as NSString).lastPathComponent })
        XCTAssertTrue(skippedNames.isSuperset(of: ["empty.dcm", "notes.txt"]), "\(skippedNames)")
        let failed = summary.series.filter { $0.status == .failed }
        XCTAssertTrue(failed.contains { ($0.reason ?? "").contains("missing slices") }, "\(failed.map(\.reason))")
        // A duplicated slice (its own SOP Instance UID, same position and time) fails its series.
        XCTAssertTrue(failed.contains { ($0.reason ?? "").contains("duplicated") }, "\(failed.map(\.reason))")
        // Every file is in a series (written or failed) or skipped, with a reason.
        let accounted = summary.series.reduce(0) { $0 + $1.files } + summary.skippedFiles.count
        XCTAssertEqual(accounted, summary.filesSeen)
        XCTAssertGreaterThan(summary.failed, 0)
        // Failed series leave no output file behind.
        for f in failed { XCTAssertTrue(f.outputs.isEmpty) }
        let written = try FileManager.default.contentsOfDirectory(atPath: out)
        XCTAssertFalse(written.contains { $0.contains(".tmp-") })
        // The summary encodes as JSON with its counts.
        let json = try JSONOutput.string(summary)
        XCTAssertTrue(json.contains("\"failed\""))
    }

    func testSameFileTwiceIsDroppedWithWarning() throws {
        let dir = try write("good")
        let first = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()[2]
        try FileManager.default.copyItem(atPath: dir + "/" + first, toPath: dir + "/copy-of-\(first)")
        let summary = try ConvertJob.run(ConvertOptions(input: dir, output: tmp.appendingPathComponent("out").path))
        XCTAssertEqual(summary.written, 1)
        XCTAssertTrue(summary.series[0].warnings.contains { $0.contains("duplicate") }, "\(summary.series[0].warnings)")
        XCTAssertEqual(summary.series[0].shape, [12, 10, 7])
    }

    func testDuplicatedSliceFailsTheSeriesWithAReason() throws {
        let dir = try write("dup") { $0.duplicateSlices = [2] }
        let summary = try ConvertJob.run(ConvertOptions(input: dir, output: tmp.appendingPathComponent("out").path))
        XCTAssertEqual(summary.failed, 1)
        XCTAssertTrue((summary.series[0].reason ?? "").contains("duplicated"), summary.series[0].reason ?? "")
    }

    func testMissingInputIsAnError() {
        XCTAssertThrowsError(try ConvertJob.run(ConvertOptions(input: tmp.appendingPathComponent("nope").path, output: tmp.path)))
    }

    func testInputsAreNotModified() throws {
        let dir = try write("good")
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)) }
        _ = try ConvertJob.run(ConvertOptions(input: dir, output: tmp.appendingPathComponent("out").path))
        let after = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)) }
        XCTAssertEqual(before, after)
    }
}
