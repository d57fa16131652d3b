import Foundation
import Imaging
import NIfTI
import Testing
@testable import Preprocessing

/// Reorientation against nibabel's `as_closest_canonical` (Fixtures/preprocessing/reorient.json,
/// made by Tests/Reference/preprocessing_reorient.py): identical voxel bytes and affine.
@Suite struct ReorientReferenceTests {
    struct Case: Decodable {
        var name: String
        var input_affine: [[Double]]
        var input_shape: [Int]
        var affine: [[Double]]
        var shape: [Int]
        var dtype: String
        var hash: String
        var file: String?
    }
    struct Fixture: Decodable { var generated: [Case]; var files: [Case] }

    static func fixture() throws -> Fixture {
        let data = try Data(contentsOf: TestSupport.fixture("preprocessing/reorient.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    static func fnv1a(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return String(format: "%016llx", h)
    }

    func check(_ c: Case, _ input: Volume) throws {
        let out = try Reorient(code: "RAS").apply(input)
        #expect(out.shape.prefix(c.shape.count) == c.shape[...], "\(c.name): shape")
        #expect(out.geometry.affine.maxAbsDifference(Matrix4(rows: c.affine)) < 1e-9, "\(c.name): affine")
        #expect(ReorientReferenceTests.fnv1a(out.data) == c.hash, "\(c.name): voxel bytes differ from nibabel's")
    }

    @Test func generatedAffinesMatchNibabel() throws {
        let f = try ReorientReferenceTests.fixture()
        #expect(f.generated.count == 29)
        for c in f.generated {
            var values: [Int16] = []
            for k in 0..<3 { for j in 0..<4 { for i in 0..<5 { values.append(Int16(i + 10 * j + 100 * k)) } } }
            let v = try Volume(values: values, shape: c.input_shape, geometry: Geometry(affine: Matrix4(rows: c.input_affine)))
            try check(c, v)
        }
    }

    @Test func sharedNIfTIFilesMatchNibabel() throws {
        let f = try ReorientReferenceTests.fixture()
        for c in f.files {
            guard let file = c.file, let url = TestSupport.sharedData("nifti/\(file)") else { continue }
            let v = try NIfTIReader.readVolume(at: url.path)
            #expect(v.geometry.affine.maxAbsDifference(Matrix4(rows: c.input_affine)) < 1e-5, "\(file): input affine")
            try check(c, v)
        }
    }

    @Test func landmarkKeepsItsWorldPosition() throws {
        let a = Matrix4(rows: [[0, 0, -2, 10], [-1.5, 0, 0, 20], [0, 1, 0, -5], [0, 0, 0, 1]])
        let v = try TestSupport.volume([6, 5, 4], geometry: Geometry(affine: a)) { i, j, k in (i, j, k) == (4, 1, 2) ? 1000 : 0 }
        let before = v.geometry.world([4, 1, 2])
        for code in ["RAS", "LPS", "SRA", "PLI"] {
            let r = try Reorient(code: code).apply(v)
            #expect(r.geometry.orientationCode == code)
            let values = r.values(as: Float.self) ?? []
            let n = try #require(values.firstIndex(of: 1000))
            let idx = [n % r.shape[0], (n / r.shape[0]) % r.shape[1], n / (r.shape[0] * r.shape[1])].map(Double.init)
            let after = r.geometry.world(idx)
            for d in 0..<3 { #expect(abs(after[d] - before[d]) < 1e-9, "\(code)") }
        }
    }

    @Test func unknownCodeIsAnError() {
        for bad in ["RAR", "XYZ", "RA", "RASP"] {
            #expect(throws: PreprocessError.unknownAxisCode(bad)) { _ = try Reorient(code: bad) }
        }
    }
}
