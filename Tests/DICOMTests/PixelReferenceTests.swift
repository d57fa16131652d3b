import XCTest
@testable import DICOM
import Imaging

/// Compares decoded pixels with pydicom's (Fixtures/pydicom/pixels.json, made by Tests/Reference/pydicom_pixels.py).
final class PixelReferenceTests: XCTestCase {
    struct Entry: Decodable {
        var pixels: Bool?
        var shape: [Int]?
        var lossy: Bool?
        var sum: Int64?
        var min: Int64?
        var max: Int64?
        var first: [Int64]?
        var wsum: Int64?
        var error: String?
    }

    func loadReference() throws -> [String: Entry] {
        let url = SampleData.repository.appendingPathComponent("Fixtures/pydicom/pixels.json")
        return try JSONDecoder().decode([String: Entry].self, from: Data(contentsOf: url))
    }

    /// Samples as Int64 in (frame, row, column, sample) order.
    func samples(_ px: PixelFrames) throws -> [Int64] {
        let v = try Volume(voxelType: px.voxelType, shape: [px.columns, px.rows, px.frames], data: px.data)
        return v.doubles(scaled: false).map { Int64($0) }
    }

    func testDecodedPixelsMatchPydicom() throws {
        let dir = try SampleData.samplesDirectory()
        let reference = try loadReference()
        var compared = 0
        for (name, ref) in reference.sorted(by: { $0.key < $1.key }) where ref.pixels == true {
            let path = dir.appendingPathComponent(name).path
            let px = try PixelDecoder.decode(try DicomFile.read(path))
            guard let shape = ref.shape else { continue }
            XCTAssertEqual([px.frames, px.rows, px.columns] + (px.voxelType.channels > 1 ? [px.voxelType.channels] : []), shape, name)
            let v = try samples(px)
            if ref.lossy == true {
                // Different JPEG libraries may round differently: compare the mean within 1 grey level.
                let mean = Double(v.reduce(0, +)) / Double(v.count)
                let refMean = Double(ref.sum ?? 0) / Double(v.count)
                XCTAssertEqual(mean, refMean, accuracy: 1.0, name)
            } else {
                XCTAssertEqual(v.reduce(0, +), ref.sum, name)
                XCTAssertEqual(v.min(), ref.min, name)
                XCTAssertEqual(v.max(), ref.max, name)
                XCTAssertEqual(Array(v.prefix(8)), ref.first, name)
                var w: Int64 = 0
                for (i, x) in v.enumerated() { w &+= x * Int64(i % 1009 + 1) }
                XCTAssertEqual(w, ref.wsum, name)
            }
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 20)
    }

    func testCompressedVariantsDecodeToTheUncompressedPixels() throws {
        let groups = [
            "MR_small.dcm": ["MR_small_RLE.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm",
                             "MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_implicit.dcm"],
            "emri_small.dcm": ["emri_small_RLE.dcm", "emri_small_jpeg_ls_lossless.dcm"],
            "US1_UNCR.dcm": ["US1_J2KR.dcm"],
        ]
        for (base, variants) in groups {
            let ref = try PixelDecoder.decode(try DicomFile.read(try SampleData.dicom(base)))
            for v in variants {
                let px = try PixelDecoder.decode(try DicomFile.read(try SampleData.dicom(v)))
                XCTAssertEqual(px.voxelType, ref.voxelType, v)
                XCTAssertEqual(px.frames, ref.frames, v)
                XCTAssertTrue(px.data == ref.data, "\(v) differs from \(base)")
            }
        }
    }

    func testTruncatedFileNamesFileAndReason() throws {
        let path = try SampleData.dicom("MR_truncated.dcm")
        XCTAssertThrowsError(try PixelDecoder.decode(try DicomFile.read(path))) { error in
            guard let e = error as? DicomError else { return XCTFail("wrong error type \(error)") }
            XCTAssertEqual(e.kind, .truncated)
            XCTAssertEqual(e.path, path)
            XCTAssertTrue(e.description.contains("MR_truncated.dcm"))
        }
    }

    func testBitsStoredMaskingAndSignExtension() throws {
        // 12 bits stored in 16 allocated, signed: 0x0FFF is -1, 0x0800 is -2048; high garbage bits are dropped.
        var d: [UInt8] = [0xFF, 0xFF, 0x00, 0x08, 0xFF, 0x07, 0x01, 0x00]
        try BitMasking.apply(&d, bitsAllocated: 16, bitsStored: 12, highBit: 11, signed: true)
        let v = stride(from: 0, to: 8, by: 2).map { Int16(bitPattern: UInt16(d[$0]) | UInt16(d[$0 + 1]) << 8) }
        XCTAssertEqual(v, [-1, -2048, 2047, 1])
        var u: [UInt8] = [0xFF, 0xFF]
        try BitMasking.apply(&u, bitsAllocated: 16, bitsStored: 12, highBit: 11, signed: false)
        XCTAssertEqual(u, [0xFF, 0x0F])
    }

    func testMultiFrameOneBitSegmentation() throws {
        let px = try PixelDecoder.decode(try DicomFile.read(try SampleData.dicom("liver.dcm")))
        XCTAssertEqual(px.frames, 3)
        XCTAssertEqual(px.voxelType, .uint8)
        XCTAssertTrue(px.data.allSatisfy { $0 <= 1 })
    }
}

final class ColorDecodingTests: XCTestCase {
    /// An uncompressed YBR_FULL_422 image made from a known RGB image: each pair of pixels
    /// shares its chroma, so pairs of identical pixels come back exactly (within rounding).
    func testNativeYBRFull422() throws {
        let rgb: [[UInt8]] = [[200, 30, 40], [10, 220, 90]]   // two colours, each filling a pixel pair
        var packed: [UInt8] = []
        for c in rgb {
            let r = Double(c[0]), g = Double(c[1]), b = Double(c[2])
            let y = 0.299 * r + 0.587 * g + 0.114 * b
            let cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
            let cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
            let yy = UInt8(y.rounded()), bb = UInt8(cb.rounded()), rr = UInt8(cr.rounded())
            packed += [yy, yy, bb, rr]
        }
        var ds = Dataset()
        ds.set(DataElement(tag: Tags.samplesPerPixel, vr: .US, integers: [UInt16(3)]))
        ds.set(DataElement(tag: Tags.photometricInterpretation, vr: .CS, strings: ["YBR_FULL_422"]))
        ds.set(DataElement(tag: Tags.rows, vr: .US, integers: [UInt16(1)]))
        ds.set(DataElement(tag: Tags.columns, vr: .US, integers: [UInt16(4)]))
        ds.set(DataElement(tag: Tags.bitsAllocated, vr: .US, integers: [UInt16(8)]))
        ds.set(DataElement(tag: Tags.bitsStored, vr: .US, integers: [UInt16(8)]))
        ds.set(DataElement(tag: Tags.highBit, vr: .US, integers: [UInt16(7)]))
        ds.set(DataElement(tag: Tags.pixelRepresentation, vr: .US, integers: [UInt16(0)]))
        ds.set(DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes(packed)))
        let px = try PixelDecoder.decode(DicomFile(dataset: ds))
        XCTAssertEqual(px.voxelType, .rgb24)
        XCTAssertEqual(px.photometricInterpretation, "RGB")
        for (i, c) in [rgb[0], rgb[0], rgb[1], rgb[1]].enumerated() {
            for k in 0..<3 { XCTAssertLessThanOrEqual(abs(Int(px.data[i * 3 + k]) - Int(c[k])), 2, "pixel \(i) channel \(k)") }
        }
        // Too short: a truncation error, not a wrong image.
        ds.set(DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes(Array(packed.prefix(6)))))
        XCTAssertThrowsError(try PixelDecoder.decode(DicomFile(dataset: ds)))
    }
}
