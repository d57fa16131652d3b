import Foundation
import Imaging
import NIfTI
import XCTest

/// Every sample file read by medsynth agrees with nibabel
/// (Fixtures/nibabel/nifti_headers.json, made by Tests/Reference/nibabel_nifti_headers.py).
final class NIfTIReferenceTests: XCTestCase {
    private func loadFixture() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: NIfTITestSupport.fixturePath)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(json["files"] as? [String: [String: Any]])
    }

    /// A JSON number or null (NaN).
    private func number(_ any: Any?) -> Double { (any as? NSNumber)?.doubleValue ?? .nan }
    private func numbers(_ any: Any?) -> [Double] { (any as? [Any] ?? []).map { number($0) } }
    private func matrix(_ any: Any?) -> Matrix4 {
        let rows = (any as? [Any] ?? []).map { numbers($0) }
        return rows.count == 4 && rows.allSatisfy { $0.count == 4 } ? Matrix4(rows: rows) : Matrix4.diagonal([.nan, .nan, .nan, .nan])
    }

    private func assertSame(_ a: Double, _ b: Double, _ what: String, tolerance: Double = 1e-6,
                            file: StaticString = #filePath, line: UInt = #line) {
        if a.isNaN || b.isNaN {
            XCTAssertTrue(a.isNaN && b.isNaN, "\(what): \(a) vs \(b)", file: file, line: line)
        } else {
            XCTAssertEqual(a, b, accuracy: tolerance * max(1, abs(b)), what, file: file, line: line)
        }
    }

    func testFixtureCoversEverySampleFile() throws {
        let dir = try NIfTITestSupport.requireData()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }
        let fixture = try loadFixture()
        XCTAssertEqual(Set(files), Set(fixture.keys), "rerun Tests/Reference/nibabel_nifti_headers.py")
        XCTAssertGreaterThanOrEqual(files.count, 8)
    }

    func testHeadersMatchNibabel() throws {
        let dir = try NIfTITestSupport.requireData()
        for (name, ref) in try loadFixture().sorted(by: { $0.key < $1.key }) {
            let path = dir.appendingPathComponent(name).path
            let h = try NIfTIReader.readHeader(at: path)
            let what = { (field: String) in "\(name) \(field)" }
            XCTAssertEqual(h.version.rawValue, ref["version"] as? Int, what("version"))
            XCTAssertEqual(h.version.headerSize, ref["sizeof_hdr"] as? Int, what("sizeof_hdr"))
            XCTAssertEqual(h.byteOrder.rawValue, ref["endianness"] as? String, what("byte order"))
            XCTAssertEqual(h.magic, ref["magic"] as? String, what("magic"))
            XCTAssertEqual(h.dim, ref["dims"] as? [Int], what("dim"))
            XCTAssertEqual(h.datatype, ref["datatype"] as? Int, what("datatype"))
            XCTAssertEqual(h.bitpix, ref["bitpix"] as? Int, what("bitpix"))
            let pixdim = numbers(ref["pixdim"])
            XCTAssertEqual(pixdim.count, 8, what("pixdim count"))
            for (a, b) in zip(h.pixdim, pixdim) { assertSame(a, b, what("pixdim")) }
            XCTAssertEqual(h.voxOffset, ref["vox_offset"] as? Int, what("vox_offset"))
            assertSame(h.sclSlope, number(ref["scl_slope"]), what("scl_slope"))
            assertSame(h.sclInter, number(ref["scl_inter"]), what("scl_inter"))
            XCTAssertEqual(h.sliceStart, ref["slice_start"] as? Int, what("slice_start"))
            XCTAssertEqual(h.sliceEnd, ref["slice_end"] as? Int, what("slice_end"))
            XCTAssertEqual(h.sliceCode, ref["slice_code"] as? Int, what("slice_code"))
            assertSame(h.sliceDuration, number(ref["slice_duration"]), what("slice_duration"))
            assertSame(h.calMin, number(ref["cal_min"]), what("cal_min"))
            assertSame(h.calMax, number(ref["cal_max"]), what("cal_max"))
            assertSame(h.toffset, number(ref["toffset"]), what("toffset"))
            XCTAssertEqual(h.xyztUnits, ref["xyzt_units"] as? Int, what("xyzt_units"))
            XCTAssertEqual(Int(h.dimInfo), ref["dim_info"] as? Int, what("dim_info"))
            XCTAssertEqual(h.intentCode, ref["intent_code"] as? Int, what("intent_code"))
            let intentP = numbers(ref["intent_p"])
            for (a, b) in zip([h.intentP1, h.intentP2, h.intentP3], intentP) { assertSame(a, b, what("intent_p")) }
            XCTAssertEqual(h.intentName, ref["intent_name"] as? String, what("intent_name"))
            XCTAssertEqual(h.descrip, ref["descrip"] as? String, what("descrip"))
            XCTAssertEqual(h.auxFile, ref["aux_file"] as? String, what("aux_file"))
            XCTAssertEqual(h.qformCode, ref["qform_code"] as? Int, what("qform_code"))
            XCTAssertEqual(h.sformCode, ref["sform_code"] as? Int, what("sform_code"))
            for (a, b) in zip([h.quaternB, h.quaternC, h.quaternD], numbers(ref["quatern"])) { assertSame(a, b, what("quatern")) }
            for (a, b) in zip([h.qoffsetX, h.qoffsetY, h.qoffsetZ], numbers(ref["qoffset"])) { assertSame(a, b, what("qoffset")) }
            let srow = (ref["srow"] as? [Any] ?? []).map { numbers($0) }
            XCTAssertEqual(srow.count, 3, what("srow"))
            for (a, b) in zip([h.srowX, h.srowY, h.srowZ].joined(), srow.joined()) { assertSame(a, b, what("srow")) }
            NIfTITestSupport.assertClose(h.qformMatrix, matrix(ref["qform"]), 1e-5, what("qform"))
            NIfTITestSupport.assertClose(h.sformMatrix, matrix(ref["sform"]), 1e-5, what("sform"))
            NIfTITestSupport.assertClose(h.bestAffine, matrix(ref["affine"]), 1e-5, what("affine"))
            XCTAssertEqual(Orientation.code(of: h.bestAffine), ref["axcodes"] as? String, what("axcodes"))
            let exts = (ref["extensions"] as? [[String: Any]] ?? []).map { ($0["code"] as? Int ?? -1, $0["length"] as? Int ?? -1) }
            XCTAssertEqual(h.extensions.map { Int($0.code) }, exts.map { $0.0 }, what("extension codes"))
            XCTAssertEqual(h.extensions.map { $0.data.count }, exts.map { $0.1 }, what("extension lengths"))
        }
    }

    func testDataMatchesNibabel() throws {
        let dir = try NIfTITestSupport.requireData()
        var checked = 0
        for (name, ref) in try loadFixture().sorted(by: { $0.key < $1.key }) {
            let path = dir.appendingPathComponent(name).path
            guard let data = ref["data"] as? [String: Any] else {
                // Header-only file: a full read names the missing .img.
                let e = NIfTITestSupport.expectError(path)
                guard case .missingImageFile = e?.reason else { XCTFail("\(name): \(String(describing: e))"); continue }
                continue
            }
            let image = try NIfTIReader.read(at: path)
            let v = image.volume
            var shape = data["shape"] as? [Int] ?? []
            while shape.count < 3 { shape.append(1) }
            XCTAssertEqual(v.shape, shape, "\(name) shape")
            NIfTITestSupport.assertClose(v.geometry.affine, matrix(ref["affine"]), 1e-5, "\(name) affine")
            XCTAssertEqual(v.geometry.orientationCode, ref["axcodes"] as? String, "\(name) axcodes")

            let raw = v.doubles(scaled: false)
            let scaled = v.doubles(scaled: true)
            assertSame(raw.reduce(0, +), number(data["raw_sum"]), "\(name) raw sum", tolerance: 1e-9)
            assertSame(raw.min() ?? .nan, number(data["raw_min"]), "\(name) raw min", tolerance: 1e-9)
            assertSame(raw.max() ?? .nan, number(data["raw_max"]), "\(name) raw max", tolerance: 1e-9)
            assertSame(scaled.reduce(0, +), number(data["scaled_sum"]), "\(name) scaled sum", tolerance: 1e-6)
            assertSame(scaled.min() ?? .nan, number(data["scaled_min"]), "\(name) scaled min", tolerance: 1e-6)
            assertSame(scaled.max() ?? .nan, number(data["scaled_max"]), "\(name) scaled max", tolerance: 1e-6)
            XCTAssertEqual(Array(raw.prefix(5)), numbers(data["first5_raw"]), "\(name) first values")
            let mid = raw.count / 2
            XCTAssertEqual(Array(raw[mid..<min(raw.count, mid + 5)]), numbers(data["middle5_raw"]), "\(name) middle values")
            var weighted = 0.0
            for (k, x) in raw.enumerated() { weighted += Double(k % 9973) * x }
            assertSame(weighted, number(data["raw_weighted_sum"]), "\(name) voxel order", tolerance: 1e-9)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 6)
    }

    func testBigEndianSamplesAreRead() throws {
        let dir = try NIfTITestSupport.requireData()
        let anat = try NIfTIReader.read(at: dir.appendingPathComponent("anatomical.nii").path)
        XCTAssertEqual(anat.header.byteOrder, .big)
        XCTAssertEqual(anat.volume.voxelType, .int16)
        let moved = try NIfTIReader.read(at: dir.appendingPathComponent("reoriented_anat_moved.nii").path)
        XCTAssertEqual(moved.header.byteOrder, .big)
        XCTAssertEqual(moved.volume.voxelType, .float32)
        XCTAssertTrue(moved.volume.doubles().allSatisfy { $0.isFinite && $0 >= 0 && $0 < 1e5 })
    }

    func testScaledSampleHasIntensityScale() throws {
        let dir = try NIfTITestSupport.requireData()
        let f = try NIfTIReader.read(at: dir.appendingPathComponent("functional.nii").path)
        let s = try XCTUnwrap(f.volume.scale)
        XCTAssertEqual(s.slope, Double(Float(0.07540696859359741)), accuracy: 1e-12)
        XCTAssertEqual(f.volume.geometry.timeStep, 2, accuracy: 1e-12)
        let std = try NIfTIReader.read(at: dir.appendingPathComponent("standard.nii.gz").path)
        XCTAssertEqual(std.volume.geometry.timeStep, 0, "3D image has no time step")
    }

    func testSampleRoundTripKeepsHeader() throws {
        let dir = try NIfTITestSupport.requireData()
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        for name in ["example4d.nii.gz", "anatomical.nii", "example_nifti2.nii.gz", "functional.nii", "standard.nii.gz"] {
            let original = try NIfTIReader.read(at: dir.appendingPathComponent(name).path)
            for ext in [".nii", ".nii.gz", ".hdr"] {
                let out = tmp.appendingPathComponent("copy-" + name.replacingOccurrences(of: ".", with: "_") + ext).path
                try NIfTIWriter.write(original, to: out)
                let back = try NIfTIReader.read(at: out)
                XCTAssertEqual(back.volume.data, original.volume.data, "\(name)\(ext) data")
                XCTAssertEqual(back.volume.shape, original.volume.shape)
                XCTAssertEqual(back.volume.scale, original.volume.scale)
                XCTAssertEqual(back.volume.geometry, original.volume.geometry, "\(name)\(ext) geometry")
                var a = back.header, b = original.header
                // Only the storage details may differ.
                a.magic = ""; b.magic = ""
                a.voxOffset = 0; b.voxOffset = 0
                a.byteOrder = .little; b.byteOrder = .little
                if a.sclSlope.isNaN && b.sclSlope.isNaN { a.sclSlope = 0; b.sclSlope = 0 }
                if a.sclInter.isNaN && b.sclInter.isNaN { a.sclInter = 0; b.sclInter = 0 }
                XCTAssertEqual(a, b, "\(name)\(ext) header")
                XCTAssertEqual(back.header.version, original.header.version)
            }
        }
    }
}
