import Foundation
import Imaging
import NIfTI
import XCTest

/// Write then read gives the same bytes and header fields, for every datatype and file form.
final class NIfTIRoundTripTests: XCTestCase {
    /// A rotated, anisotropic affine with a translation (RAS+).
    static let affine: Matrix4 = {
        let q = NIfTIQForm(quaternB: 0.1, quaternC: -0.2, quaternD: 0.3, offset: [-90.5, 126.25, -72],
                           spacing: [0.9, 1.1, 2.5], qfac: 1)
        return q.matrix
    }()

    /// Deterministic voxel bytes for a type (0/1 for bool1).
    static func volume(_ type: VoxelType, shape: [Int] = [5, 4, 3], seed: UInt64 = 7) throws -> Volume {
        var rng = SeededGenerator(seed: seed)
        let n = shape.reduce(1, *)
        let bytes: [UInt8] = type == .bool1
            ? (0..<n).map { _ in UInt8.random(in: 0...1, using: &rng) }
            : (0..<(n * type.byteSize)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return try Volume(voxelType: type, shape: shape, geometry: Geometry(affine: affine, timeStep: 1.5), data: bytes)
    }

    func testEveryDatatypeEveryForm() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        let forms = [".nii", ".nii.gz", ".hdr", ".hdr.gz"]
        var count = 0
        for type in VoxelType.allCases where type != .rgb48 {
            let code = try XCTUnwrap(NIfTIDataType(voxelType: type))
            XCTAssertEqual(code.voxelType, type)
            for shape in [[5, 4, 3], [7, 3, 2, 3]] {
                let v = try Self.volume(type, shape: shape, seed: UInt64(code.rawValue))
                for form in forms {
                    for version in [NIfTIHeader.Version.nifti1, .nifti2] {
                        let path = tmp.appendingPathComponent("\(type.rawValue)-\(shape.count)d-v\(version.rawValue)\(form)").path
                        let options = NIfTIWriteOptions(version: version, description: "round trip \(type.rawValue)",
                                                        intent: .init(code: 1002, p1: 0.5, name: "label"),
                                                        extensions: [NIfTIExtension(code: 6, text: "hello")])
                        try NIfTIWriter.write(v, to: path, options: options)
                        let back = try NIfTIReader.read(at: path)
                        let what = "\(type) \(shape) \(form) v\(version.rawValue)"
                        XCTAssertEqual(back.volume.voxelType, type, what)
                        XCTAssertEqual(back.volume.shape, shape, what)
                        XCTAssertEqual(back.volume.data, v.data, what)
                        XCTAssertNil(back.volume.scale, what)
                        NIfTITestSupport.assertClose(back.volume.geometry.affine, Self.affine, 1e-5, what)
                        XCTAssertEqual(back.volume.geometry.timeStep, shape.count == 4 ? 1.5 : 0, what)
                        let h = back.header
                        XCTAssertEqual(h.version, version, what)
                        XCTAssertEqual(h.magic, (form.hasPrefix(".nii") ? "n+" : "ni") + "\(version.rawValue)", what)
                        XCTAssertEqual(h.datatype, code.rawValue, what)
                        XCTAssertEqual(h.bitpix, code.bitpix, what)
                        XCTAssertEqual(h.dim[0], shape.count, what)
                        XCTAssertEqual(h.descrip, "round trip \(type.rawValue)", what)
                        XCTAssertEqual(h.intentCode, 1002, what)
                        XCTAssertEqual(h.intentP1, 0.5, what)
                        XCTAssertEqual(h.intentName, "label", what)
                        XCTAssertEqual(h.xyztUnits, NIfTIUnits.millimeter | NIfTIUnits.second, what)
                        XCTAssertEqual(h.qformCode, 1, what)
                        XCTAssertEqual(h.sformCode, 1, what)
                        NIfTITestSupport.assertClose(h.qformMatrix, Self.affine, 1e-5, what + " qform")
                        XCTAssertEqual(h.extensions, [NIfTIExtension(code: 6, text: "hello")], what)
                        if form.hasPrefix(".nii") {
                            XCTAssertEqual(h.voxOffset, version.headerSize + 4 + 16, what)
                        }
                        count += 1
                    }
                }
            }
        }
        XCTAssertEqual(count, 17 * 2 * 4 * 2, "17 NIfTI datatypes x 2 shapes x 4 forms x 2 versions")
    }

    func testPairFilesAreCreatedAndEitherNameReads() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        let v = try Self.volume(.int16)
        let hdr = tmp.appendingPathComponent("pair.hdr").path
        try NIfTIWriter.write(v, to: hdr)
        let img = tmp.appendingPathComponent("pair.img").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: img))
        XCTAssertEqual(try NIfTIReader.read(at: img).volume.data, v.data)
        XCTAssertEqual(try NIfTIReader.read(at: hdr).volume.data, v.data)
        // Writing by the .img name makes the same pair.
        let img2 = tmp.appendingPathComponent("other.IMG.GZ").path
        try NIfTIWriter.write(v, to: img2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("other.HDR.GZ").path))
        XCTAssertEqual(try NIfTIReader.read(at: img2).volume.data, v.data)
        // The .img holds the bare data (vox_offset 0), the .hdr the header.
        let imgSize = try FileManager.default.attributesOfItem(atPath: img)[.size] as? Int
        XCTAssertEqual(imgSize, v.data.count)
        // No temporary files are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    func testCompressedFileIsGzipAndLevelMatters() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        let values = (0..<(64 * 64 * 16)).map { Int16(truncatingIfNeeded: ($0 % 97) * 3) }
        let v = try Volume(values: values, shape: [64, 64, 16])
        let fast = tmp.appendingPathComponent("fast.nii.gz").path
        let best = tmp.appendingPathComponent("best.nii.gz").path
        let stored = tmp.appendingPathComponent("stored.nii.gz").path
        try NIfTIWriter.write(v, to: fast, options: NIfTIWriteOptions(compressionLevel: 1))
        try NIfTIWriter.write(v, to: best, options: NIfTIWriteOptions(compressionLevel: 9))
        try NIfTIWriter.write(v, to: stored, options: NIfTIWriteOptions(compressionLevel: 0))
        let magic = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fast)).prefix(2))
        XCTAssertEqual(magic, [0x1F, 0x8B])
        let size = { (p: String) in (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0 }
        XCTAssertLessThan(size(best), size(stored))
        XCTAssertGreaterThan(size(stored), v.data.count)
        for p in [fast, best, stored] { XCTAssertEqual(try NIfTIReader.read(at: p).volume.values(as: Int16.self), values) }
    }

    func testNIfTI2ChosenAutomaticallyForLargeDimensions() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        let v = try Volume(zeros: .uint8, shape: [40000, 1, 1])
        let path = tmp.appendingPathComponent("wide.nii.gz").path
        try NIfTIWriter.write(v, to: path)
        let back = try NIfTIReader.read(at: path)
        XCTAssertEqual(back.header.version, .nifti2)
        XCTAssertEqual(back.header.voxOffset, 544)
        XCTAssertEqual(back.volume.shape, [40000, 1, 1])
        XCTAssertThrowsError(try NIfTIWriter.write(v, to: path, options: NIfTIWriteOptions(version: .nifti1))) { error in
            guard case .dimensionsExceedNIfTI1? = (error as? NIfTIError)?.reason else { return XCTFail("\(error)") }
        }
    }

    func testScalingRoundTripAndSlopeZeroOrNaN() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        var v = try Volume(values: [Int16](repeating: 10, count: 8), shape: [2, 2, 2])
        v.scale = IntensityScale(slope: 0.5, intercept: -3)
        let path = tmp.appendingPathComponent("scaled.nii").path
        try NIfTIWriter.write(v, to: path)
        let back = try NIfTIReader.read(at: path)
        XCTAssertEqual(back.volume.scale, IntensityScale(slope: 0.5, intercept: -3))
        XCTAssertEqual(back.volume.doubles(), [Double](repeating: 2, count: 8))
        XCTAssertEqual(back.volume.doubles(scaled: false), [Double](repeating: 10, count: 8))

        // No scale: written as slope 0 ("not scaled").
        v.scale = nil
        try NIfTIWriter.write(v, to: path)
        let unscaled = try NIfTIReader.read(at: path)
        XCTAssertEqual(unscaled.header.sclSlope, 0)
        XCTAssertNil(unscaled.volume.scale)

        // slope NaN (with any intercept) and slope 0 (with an intercept) mean "not scaled", as nibabel.
        for (slope, inter) in [(Float.nan, Float(5)), (Float(0), Float(5)), (Float.infinity, Float(0))] {
            try NIfTITestSupport.patch(path, at: 112, NIfTITestSupport.le(slope) + NIfTITestSupport.le(inter))
            let r = try NIfTIReader.read(at: path)
            XCTAssertNil(r.volume.scale, "slope \(slope)")
            XCTAssertEqual(r.volume.doubles(), [Double](repeating: 10, count: 8))
        }
        // Slope 1, intercept 0 is kept as an (identity) scale: it is what the file says.
        try NIfTITestSupport.patch(path, at: 112, NIfTITestSupport.le(Float(1)) + NIfTITestSupport.le(Float(0)))
        XCTAssertEqual(try NIfTIReader.read(at: path).volume.scale, IntensityScale(slope: 1, intercept: 0))
    }

    func testImageRoundTripKeepsHeaderFieldsAndUpdatesChangedAffine() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        let v = try Self.volume(.float32, shape: [4, 3, 2, 5])
        var image = NIfTIImage(volume: v, options: NIfTIWriteOptions(sformCode: 2, qformCode: 1))
        image.header.calMin = -1
        image.header.calMax = 7
        image.header.sliceCode = 1
        image.header.sliceStart = 0
        image.header.sliceEnd = 1
        image.header.sliceDuration = 0.05
        image.header.dimInfo = 0b00_11_10_01
        image.header.toffset = 3
        image.header.auxFile = "aux.txt"
        image.extensions = [NIfTIExtension(code: 4, text: "<afni/>"), NIfTIExtension(code: 40, data: [1, 2, 3, 0, 5])]
        let path = tmp.appendingPathComponent("kept.nii.gz").path
        try NIfTIWriter.write(image, to: path)
        let back = try NIfTIReader.read(at: path)
        let h = back.header
        XCTAssertEqual(h.calMin, -1); XCTAssertEqual(h.calMax, 7)
        XCTAssertEqual(h.sliceCode, 1); XCTAssertEqual(h.sliceEnd, 1)
        XCTAssertEqual(h.sliceDuration, Double(Float(0.05)))
        XCTAssertEqual(h.dimInfo, 0b00_11_10_01)
        XCTAssertEqual(h.toffset, 3)
        XCTAssertEqual(h.auxFile, "aux.txt")
        XCTAssertEqual(h.sformCode, 2); XCTAssertEqual(h.qformCode, 1)
        XCTAssertEqual(h.extensions, image.extensions)
        XCTAssertEqual(h.pixdim[4], 1.5)

        // Writing what was read changes nothing (apart from nothing at all: same bytes).
        let again = tmp.appendingPathComponent("again.nii.gz").path
        try NIfTIWriter.write(back, to: again)
        let plainA = tmp.appendingPathComponent("a.nii").path, plainB = tmp.appendingPathComponent("b.nii").path
        try NIfTIWriter.write(back, to: plainA)
        try NIfTIWriter.write(try NIfTIReader.read(at: again), to: plainB)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: plainA)), try Data(contentsOf: URL(fileURLWithPath: plainB)))

        // A changed affine rewrites both transforms, keeping the header's codes.
        var moved = back
        let shifted = Matrix4.diagonal([2, 2, 2, 1]) * Self.affine
        moved.volume.geometry.affine = shifted
        try NIfTIWriter.write(moved, to: path)
        let m = try NIfTIReader.read(at: path)
        NIfTITestSupport.assertClose(m.volume.geometry.affine, shifted, 1e-4)
        NIfTITestSupport.assertClose(m.header.qformMatrix, shifted, 1e-4)
        XCTAssertEqual(m.header.sformCode, 2)
    }

    func testTwoDimensionalHeaderKeepsDimZero() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        let v = try Volume(values: [UInt8](0..<12), shape: [4, 3])
        let path = tmp.appendingPathComponent("flat.nii").path
        try NIfTIWriter.write(v, to: path)
        var image = try NIfTIReader.read(at: path)
        XCTAssertEqual(image.header.dim[0], 3, "a new file gets the volume's 3 dimensions")
        image.header.dim = [2, 4, 3, 1, 1, 1, 1, 1]
        try NIfTIWriter.write(image, to: path)
        let back = try NIfTIReader.read(at: path)
        XCTAssertEqual(back.header.dim[0], 2)
        XCTAssertEqual(back.volume.shape, [4, 3, 1])
    }

    func testHeaderOnlyReadSkipsData() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        let v = try Self.volume(.int32, shape: [6, 5, 4])
        let path = tmp.appendingPathComponent("h.nii").path
        try NIfTIWriter.write(v, to: path, options: NIfTIWriteOptions(description: "header only"))
        // Truncate the data: the header still reads, the image does not.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 352 + 4 + 10)
        try handle.close()
        let h = try NIfTIReader.readHeader(at: path)
        XCTAssertEqual(h.descrip, "header only")
        XCTAssertEqual(h.shape, [6, 5, 4])
        XCTAssertEqual(h.dataType, .int32)
    }

    func testUnsupportedWrites() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        let rgb48 = try Volume(zeros: .rgb48, shape: [2, 2, 2])
        XCTAssertThrowsError(try NIfTIWriter.write(rgb48, to: tmp.appendingPathComponent("x.nii").path)) { error in
            guard case .unsupportedVoxelType? = (error as? NIfTIError)?.reason else { return XCTFail("\(error)") }
        }
        let v = try Volume(zeros: .uint8, shape: [2, 2, 2])
        XCTAssertThrowsError(try NIfTIWriter.write(v, to: tmp.appendingPathComponent("x.png").path)) { error in
            guard case .unsupportedFileExtension? = (error as? NIfTIError)?.reason else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), [])
    }
}
