import DICOM
import Foundation
import Imaging
import Metrics
import XCTest
@testable import Pipelines

final class ImageSetLoadingTests: XCTestCase {
    var root = ""
    var set: ImageSet!
    override func setUpWithError() throws {
        root = try ImageSetFixture.makeSets()
        set = try ImageSet.list(root: root + "/real")
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func item(_ path: String, in s: ImageSet? = nil) throws -> ImageSetItem {
        try XCTUnwrap((s ?? set).items.first { $0.path == path }, path)
    }

    func testPNGValuesAndTypes() throws {
        let a = try set.load(try item("glioma/a.png"))
        XCTAssertEqual(a.shape, [3, 2, 1])
        XCTAssertFalse(a.isVolume)
        XCTAssertEqual(a.pixels, [0, 10, 20, 30, 40, 50])
        XCTAssertEqual(a.sourceType, .uint8)
        let b = try set.load(try item("glioma/b.png"))
        XCTAssertEqual(b.pixels, (0..<6).map { Float(1000 + $0) })
        XCTAssertEqual(b.sourceType, .uint16)
    }

    func testDICOMRescaleIsApplied() throws {
        let im = try set.load(try item("glioma/IM0001"))
        XCTAssertEqual(im.shape, [3, 2, 1])
        XCTAssertEqual(im.pixels, (0..<6).map { Float(($0 + 100) * 2 - 100) })
        XCTAssertEqual(im.sourceType, .float32)  // rescaled values leave the stored type's range
        let volume = try set.loadVolume(try item("glioma/IM0001"))
        XCTAssertEqual(volume.voxelType, .uint16)
        XCTAssertEqual(volume.scale, IntensityScale(slope: 2, intercept: -100))
    }

    func testMultiFrameDICOMIsAVolumeOfFrames() throws {
        let e = try set.load(try item("meningioma/e.dcm"))
        XCTAssertEqual(e.shape, [3, 2, 3])
        XCTAssertTrue(e.isVolume)
        XCTAssertEqual(e.pixels, (0..<18).map { Float($0 - 1024) })
        // Different rescales per frame (functional groups): each frame rescaled, Float32.
        let f = try set.loadVolume(try item("meningioma/f.dcm"))
        XCTAssertEqual(f.voxelType, .float32)
        XCTAssertNil(f.scale)
        let image = try set.load(try item("meningioma/f.dcm"))
        XCTAssertEqual(image.shape, [3, 2, 2])
        XCTAssertEqual(image.pixels, (0..<6).map { Float($0) } + (6..<12).map { Float($0 * 3 + 5) })
    }

    func testNIfTI3DAnd2D() throws {
        let c = try set.load(try item("meningioma/c.nii.gz"))
        XCTAssertEqual(c.shape, [4, 3, 2])
        XCTAssertTrue(c.isVolume)
        XCTAssertEqual(c.pixels, (0..<24).map { Float($0 - 5) * 0.5 + 10 })
        let d = try set.load(try item("meningioma/d.nii"))
        XCTAssertEqual(d.shape, [3, 2, 1])
        XCTAssertFalse(d.isVolume)
        XCTAssertEqual(d.pixels, (0..<6).map { Float($0) + 0.25 })
        let x = try set.load(try item("pituitary/x.hdr"))
        XCTAssertEqual(x.pixels, (0..<6).map { Float($0 + 7) })
        XCTAssertEqual(x.sourceType, .uint8)
    }

    func testGreyRGBIsOneChannelAndColourIsAnError() throws {
        let dir = root + "/colour"
        try ImageSetFixture.rgbPNG(dir + "/grey.png", width: 2, height: 1, rgb: [7, 7, 7, 200, 200, 200])
        try ImageSetFixture.rgbPNG(dir + "/colour.png", width: 2, height: 1, rgb: [7, 7, 7, 200, 10, 200])
        let s = try ImageSet.list(root: dir)
        let grey = try s.load(try item("grey.png", in: s))
        XCTAssertEqual(grey.pixels, [7, 200])
        XCTAssertEqual(grey.sourceType, .uint8)
        XCTAssertThrowsError(try s.load(try item("colour.png", in: s))) { error in
            let e = error as? ImageSetError
            XCTAssertEqual(e?.kind, .unsupported)
            XCTAssertEqual(e?.path, dir + "/colour.png")
            XCTAssertTrue(e?.reason.contains("pixel x 1, y 0 is R 200, G 10, B 200") == true, "\(error)")
        }
    }

    /// Loads `path` (relative to a fresh set over `dir`) and returns the error.
    func loadError(_ dir: String, _ path: String) throws -> ImageSetError {
        let s = try ImageSet.list(root: dir)
        let it = try item(path, in: s)
        do {
            _ = try s.load(it)
        } catch {
            return error
        }
        XCTFail("\(path) loaded")
        return ImageSetError(.corrupt, path: "", reason: "")
    }

    func testTruncatedPNGNamesTheFile() throws {
        let dir = root + "/bad"
        let bytes = try PNGCodec.encode(try Volume(values: (0..<400).map { UInt8($0 % 251) }, shape: [20, 20, 1]))
        try ImageSetFixture.write(Array(bytes.prefix(bytes.count - 30)), to: dir + "/glioma/cut.png")
        let e = try loadError(dir, "glioma/cut.png")
        XCTAssertEqual(e.kind, .corrupt)
        XCTAssertEqual(e.path, dir + "/glioma/cut.png")
        XCTAssertTrue(e.description.contains("glioma/cut.png"), e.description)
        XCTAssertTrue(e.reason.contains("truncated"), e.reason)
    }

    func testCorruptDICOMAndNIfTINameTheFile() throws {
        let dir = root + "/bad"
        let whole = try Data(contentsOf: URL(fileURLWithPath: root + "/real/glioma/IM0001"))
        try ImageSetFixture.write(Array(whole.prefix(whole.count - 7)), to: dir + "/cut.dcm")
        try ImageSetFixture.write([UInt8](repeating: 0xAB, count: 300), to: dir + "/noise.dcm")
        let nii = try Data(contentsOf: URL(fileURLWithPath: root + "/real/meningioma/d.nii"))
        try ImageSetFixture.write(Array(nii.prefix(nii.count - 5)), to: dir + "/cut.nii")
        for name in ["cut.dcm", "noise.dcm", "cut.nii"] {
            let e = try loadError(dir, name)
            XCTAssertEqual(e.kind, .corrupt, "\(name): \(e)")
            XCTAssertEqual(e.path, dir + "/" + name)
            XCTAssertFalse(e.reason.isEmpty)
        }
    }

    func testFourDNIfTIIsAnErrorNamingTheFile() throws {
        let dir = root + "/fourd"
        try ImageSetFixture.nifti(dir + "/bold.nii.gz", shape: [2, 2, 2, 3], values: [Float](repeating: 1, count: 24))
        try ImageSetFixture.nifti(dir + "/single.nii.gz", shape: [2, 2, 2, 1], values: [Float](repeating: 1, count: 8))
        let e = try loadError(dir, "bold.nii.gz")
        XCTAssertEqual(e.kind, .unsupported)
        XCTAssertEqual(e.path, dir + "/bold.nii.gz")
        XCTAssertTrue(e.reason.contains("2x2x2x3") && e.reason.contains("3 volumes"), e.reason)
        // One volume along t is 3D.
        let s = try ImageSet.list(root: dir)
        XCTAssertEqual(try s.load(try item("single.nii.gz", in: s)).shape, [2, 2, 2])
    }

    func testNaNPixelsAreAnErrorNamingTheFile() throws {
        let dir = root + "/nan"
        try ImageSetFixture.nifti(dir + "/nan.nii", shape: [2, 2, 1], values: [1, .nan, 3, .infinity] as [Float])
        let e = try loadError(dir, "nan.nii")
        XCTAssertEqual(e.kind, .invalidPixels)
        XCTAssertEqual(e.path, dir + "/nan.nii")
        XCTAssertTrue(e.reason.contains("2 of 4 voxels"), e.reason)
    }

    func testDICOMWithAStrayNameIsStillAnItemAndFailsAtLoad() throws {
        // An empty .dcm is declared DICOM by its name: an item whose load says why it fails.
        let dir = root + "/empty"
        try ImageSetFixture.write([], to: dir + "/empty.dcm")
        let s = try ImageSet.list(root: dir)
        XCTAssertEqual(s.items.map(\.path), ["empty.dcm"])
        let e = try loadError(dir, "empty.dcm")
        XCTAssertEqual(e.path, dir + "/empty.dcm")
        XCTAssertTrue(e.reason.contains("empty"), e.reason)
    }
}
