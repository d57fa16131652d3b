import XCTest
import DICOM
import Imaging
@testable import Pipelines

/// `medsynth info` and `medsynth convert` on the real samples in ../shared/data.
final class InspectorTests: XCTestCase {
    static var shared: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    func sample(_ relative: String) throws -> String {
        let p = Self.shared.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: p) else { throw XCTSkip("sample data absent: \(p)") }
        return p
    }

    func field(_ r: InfoReport, _ key: String) -> JSONValue? { r.fields.first { $0.key == key }?.value }

    func testDicomFile() throws {
        let r = try Inspector.inspect(try sample("dicom/samples/CT_small.dcm"))
        XCTAssertEqual(r.kind, "dicom")
        XCTAssertEqual(field(r, "modality"), .string("CT"))
        XCTAssertEqual(field(r, "shape"), .array([.number(128), .number(128), .number(1)]))
        XCTAssertEqual(field(r, "voxelType"), .string("int16"))
        XCTAssertEqual(field(r, "orientation"), .string("LPS"))
        XCTAssertEqual(field(r, "rescale"), .array([.number(1), .number(-1024)]))
        XCTAssertNil(field(r, "patientName"), "info prints no patient identifiers")
        XCTAssertFalse(try JSONOutput.string(r).contains("CompressedSamples"), "patient name must not be printed")
    }

    func testNIfTI() throws {
        let r = try Inspector.inspect(try sample("nifti/example4d.nii.gz"))
        XCTAssertEqual(r.kind, "nifti")
        XCTAssertEqual(field(r, "shape"), .array([.number(128), .number(96), .number(24), .number(2)]))
        XCTAssertEqual(field(r, "orientation"), .string("LAS"))
        XCTAssertEqual(field(r, "extensions"), .number(2))
    }

    func testDicomFolderAccountsForEveryFile() throws {
        let r = try Inspector.inspect(try sample("dicom/samples"))
        XCTAssertEqual(r.kind, "dicom-folder")
        let files = r.series?.reduce(0) { $0 + $1.files } ?? 0
        XCTAssertEqual(files + (r.skipped?.count ?? 0), 33)
        XCTAssertTrue(r.skipped?.contains { $0.path.hasSuffix("MR_truncated.dcm") && $0.reason.contains("truncated") } ?? false)
    }

    func testPNG() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-info-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try PNGCodec.write(try Volume(values: (0..<12).map { UInt16($0 * 1000) }, shape: [4, 3]), to: tmp)
        let r = try Inspector.inspect(tmp)
        XCTAssertEqual(r.kind, "png")
        XCTAssertEqual(field(r, "voxelType"), .string("uint16"))
        XCTAssertEqual(field(r, "max"), .number(11000))
    }

    func testMissingPathIsAnError() {
        XCTAssertThrowsError(try Inspector.inspect("/nonexistent/medsynth/path"))
    }

    func testConvertEverySampleWithoutFailure() throws {
        let input = try sample("dicom/samples")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-samples-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let summary = try ConvertJob.run(ConvertOptions(input: input, output: out))
        XCTAssertEqual(summary.failed, 0, "\(summary.series.compactMap(\.reason))")
        XCTAssertEqual(summary.filesSeen, 33)
        XCTAssertEqual(summary.series.reduce(0) { $0 + $1.files } + summary.skippedFiles.count, 33)
        // 16-bit RGB becomes a uint16 vector image.
        XCTAssertTrue(summary.series.contains { $0.shape == [100, 100, 1, 1, 3] && $0.voxelType == "uint16" })
    }
}
