import XCTest
import DICOM
import Imaging
import NIfTI
@testable import Pipelines

/// `medsynth convert` must write the same voxel array and affine as dcm2niix
/// (fixtures in Fixtures/dcm2niix, made by Tests/Reference/dcm2niix_fixtures.sh).
final class ConvertAgreementTests: XCTestCase {
    var tmp: URL!
    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/dcm2niix")
    }

    func testEveryGeometryCaseMatchesDcm2niix() throws {
        let cases = try GeometryTestCases.all()
        XCTAssertGreaterThanOrEqual(cases.count, 13)
        for c in cases {
            let input = tmp.appendingPathComponent("in/\(c.name)").path
            _ = try SeriesWriter.write(c.volume, to: input, options: c.options)
            let out = tmp.appendingPathComponent("out/\(c.name)").path
            let summary = try ConvertJob.run(ConvertOptions(input: input, output: out, gzip: false, pattern: c.name))
            XCTAssertEqual(summary.written, 1, c.name)
            XCTAssertEqual(summary.failed, 0, "\(c.name): \(summary.series.compactMap(\.reason))")
            let ours = try NIfTIReader.read(at: out + "/\(c.name).nii")
            let theirs = try NIfTIReader.read(at: Self.fixtures.appendingPathComponent("\(c.name).nii").path)
            XCTAssertEqual(ours.volume.shape, theirs.volume.shape, c.name)
            XCTAssertEqual(ours.volume.voxelType, theirs.volume.voxelType, c.name)
            XCTAssertTrue(ours.volume.data == theirs.volume.data, "\(c.name): voxel arrays differ")
            XCTAssertLessThan(ours.header.sformMatrix.maxAbsDifference(theirs.header.sformMatrix), 1e-3, c.name)
            XCTAssertLessThan(ours.header.qformMatrix.maxAbsDifference(theirs.header.qformMatrix), 1e-3, c.name)
            XCTAssertEqual(ours.header.sformCode, theirs.header.sformCode, c.name)
            XCTAssertEqual(ours.header.qformCode, theirs.header.qformCode, c.name)
            XCTAssertEqual(ours.volume.scale ?? IntensityScale(slope: 1, intercept: 0),
                           theirs.volume.scale ?? IntensityScale(slope: 1, intercept: 0), c.name)
            XCTAssertEqual(ours.volume.geometry.orientationCode, theirs.volume.geometry.orientationCode, c.name)
        }
    }

    func testSidecarCarriesAcquisitionFields() throws {
        guard let c = try GeometryTestCases.named("fmri_4d_int16") else { return XCTFail("case missing") }
        let input = tmp.appendingPathComponent("in").path
        _ = try SeriesWriter.write(c.volume, to: input, options: c.options)
        let out = tmp.appendingPathComponent("out").path
        let summary = try ConvertJob.run(ConvertOptions(input: input, output: out, pattern: "run"))
        XCTAssertEqual(summary.series.first?.outputs.map { ($0 as NSString).lastPathComponent }, ["run.nii.gz", "run.json"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let theirs = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("fmri_4d_int16.json"))) as? [String: Any]
        for key in ["Modality", "SeriesDescription", "SeriesNumber", "EchoTime", "RepetitionTime", "FlipAngle", "SliceThickness", "ImageOrientationPatientDICOM", "MagneticFieldStrength"] {
            XCTAssertNotNil(json?[key], key)
            if let a = json?[key] as? Double, let b = theirs?[key] as? Double { XCTAssertEqual(a, b, accuracy: 1e-9, key) }
            if let a = json?[key] as? String, let b = theirs?[key] as? String { XCTAssertEqual(a, b, key) }
        }
        XCTAssertNil(json?["PatientName"])
        XCTAssertEqual((try NIfTIReader.read(at: out + "/run.nii.gz")).volume.shape, [12, 10, 7, 3])
    }
}
