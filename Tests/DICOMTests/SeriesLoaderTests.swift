import XCTest
@testable import DICOM
import Imaging

final class SeriesLoaderTests: XCTestCase {
    func testSlicesWithDifferentRescaleBecomeFloat() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-loader-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        guard let c = try GeometryTestCases.named("axial_int16_asc") else { return XCTFail("case missing") }
        let written = try SeriesWriter.write(c.volume, to: tmp, options: c.options)
        // Give the third file its own rescale (as some scanners do), editing the header only.
        let path = written.paths[2]
        var f = try DicomFile.read(path, options: DicomFile.ReadOptions(decodePixels: false))
        let k = 2  // ascending order: the third file holds slice 2
        f.dataset.set(DataElement(tag: Tags.rescaleSlope, vr: .DS, strings: ["2"]))
        f.dataset.set(DataElement(tag: Tags.rescaleIntercept, vr: .DS, strings: ["-1"]))
        try DicomWriter.write(f, to: path)

        let scan = SeriesScanner.scan(tmp)
        let v = try SeriesLoader.load(try SeriesGeometry.layout(scan.series[0]))
        XCTAssertEqual(v.voxelType, .float32)
        XCTAssertNil(v.scale)
        let values = try XCTUnwrap(v.values(as: Float.self))
        let stored = try XCTUnwrap(c.volume.values(as: Int16.self))
        let n = 12 * 10
        XCTAssertEqual(values[0], Float(stored[0]))
        XCTAssertEqual(values[k * n + 5], Float(stored[k * n + 5]) * 2 - 1)
    }
}
