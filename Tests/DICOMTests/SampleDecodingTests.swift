import XCTest
@testable import DICOM
import Imaging

final class SampleDecodingTests: XCTestCase {
    func testEverySampleDecodesOrFailsWithReason() throws {
        let dir = try SampleData.samplesDirectory()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".dcm") }.sorted()
        XCTAssertGreaterThan(files.count, 30)
        for name in files {
            let path = dir.appendingPathComponent(name).path
            do {
                let f = try DicomFile.read(path)
                if f.dataset.contains(Tags.pixelData) {
                    let px = try PixelDecoder.decode(f)
                    print("OK   \(name): \(f.transferSyntax.name) \(px.columns)x\(px.rows)x\(px.frames) \(px.voxelType) \(px.photometricInterpretation)")
                } else {
                    print("OK   \(name): \(f.transferSyntax.name) no pixel data, \(f.dataset.count) elements")
                }
            } catch let e as DicomError {
                print("FAIL \(name): \(e)")
                XCTAssertEqual(e.path, path)
            }
        }
    }
}
