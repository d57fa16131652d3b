import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite struct SliceExtractorTests {
    /// A 5 x 6 x 7 volume stored "LIP" (i -> left, j -> inferior, k -> posterior), anisotropic,
    /// whose voxel (i, j, k) holds i + 10 j + 100 k, so each pixel of a slice tells where it came from.
    static func encoded() throws -> Volume {
        let g = Geometry(spacing: [2, 3, 1.5], origin: [10, -20, 5], direction: [[-1, 0, 0], [0, 0, -1], [0, -1, 0]])
        return try TestSupport.volume([5, 6, 7], geometry: g) { i, j, k in Float(i + 10 * j + 100 * k) }
    }

    static func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-9) -> Bool {
        zip(a, b).allSatisfy { abs($0 - $1) <= tol }
    }

    @Test func slicePixelsSitWhereTheirSourceVoxelsSit() throws {
        let v = try Self.encoded()
        #expect(v.geometry.orientationCode == "LIP")
        let ras = try #require(v.reoriented(to: "RAS"))
        for axis in SliceAxis.allCases {
            for convention in DisplayConvention.allCases {
                let ex = try SliceExtractor(v, axis: axis, convention: convention)
                // Axial slices stack along S: ras z extent; coronal along A; sagittal along R.
                #expect(ex.count == ras.shape[axis.worldAxis])
                for s in [0, ex.count / 2, ex.count - 1] {
                    let slice = try ex.slice(s)
                    let values = try #require(slice.image.values(as: Float.self))
                    let w = slice.image.width
                    for (n, value) in values.enumerated() {
                        let code = Int(value)
                        let source = [Double(code % 10), Double(code / 10 % 10), Double(code / 100)]
                        let pixel = [Double(n % w), Double(n / w), 0]
                        #expect(Self.close(slice.image.geometry.world(pixel), v.geometry.world(source)),
                                "\(axis) \(convention) slice \(s) pixel \(pixel)")
                    }
                    // The centre is the RAS-reoriented affine at the slice index along the world axis.
                    var index = ras.shape.prefix(3).map { Double($0 - 1) / 2 }
                    index[axis.worldAxis] = Double(s)
                    #expect(Self.close(slice.centre, ras.geometry.world(index)), "\(axis) slice \(s): \(slice.centre)")
                    #expect(Self.close(slice.centre, ex.centre(of: s)))
                }
                // Index 0 is the most inferior / posterior / left slice.
                #expect(ex.centre(of: 1)[axis.worldAxis] > ex.centre(of: 0)[axis.worldAxis])
            }
        }
    }

    /// Radiological: patient right on the picture's left; anterior (axial) or superior (others) on top.
    @Test func displayOrientationFollowsTheConvention() throws {
        let g = Geometry(spacing: [1, 1, 1], origin: [-4, -5, -6])
        // Each voxel holds its world coordinate along one axis.
        func world(_ axis: Int) throws -> Volume {
            try TestSupport.volume([9, 11, 13], geometry: g) { i, j, k in Float([i - 4, j - 5, k - 6][axis]) }
        }
        let x = try world(0), y = try world(1), z = try world(2)
        func pixel(_ v: Volume, _ axis: SliceAxis, _ c: DisplayConvention, _ i: Int, _ j: Int) throws -> Float {
            let s = try SliceExtractor(v, axis: axis, convention: c).slice(3).image
            return try #require(s.values(as: Float.self))[j * s.width + i]
        }
        for (axis, vertical) in [(SliceAxis.axial, y), (.coronal, z), (.sagittal, z)] {
            // Top row is anterior (axial) / superior (coronal, sagittal).
            #expect(try pixel(vertical, axis, .radiological, 0, 0) > pixel(vertical, axis, .radiological, 0, 5))
        }
        // Axial and coronal: left column = patient right (+x) in radiological, left (-x) in neurological.
        for axis in [SliceAxis.axial, .coronal] {
            #expect(try pixel(x, axis, .radiological, 0, 0) == 4)
            #expect(try pixel(x, axis, .neurological, 0, 0) == -4)
        }
        // Sagittal: anterior on the left in both.
        for c in DisplayConvention.allCases {
            #expect(try pixel(y, .sagittal, c, 0, 0) == 5)
        }
    }

    /// A volume and reoriented copies of it give the same slices, affines and PNG bytes.
    @Test func voxelOrderDoesNotChangeTheSlices() throws {
        let g = Geometry(spacing: [0.9, 1.1, 2.5], origin: [3, -7, 11])
        let v = try TestSupport.volume([12, 10, 8], geometry: g) { i, j, k in
            Float(sin(Double(i) * 0.7) * 50 + Double(j * j) - Double(3 * k) + 100)
        }
        for code in ["LPS", "SLA", "IPR"] {
            let copy = try #require(v.reoriented(to: code))
            #expect(copy.geometry.orientationCode == code)
            for axis in SliceAxis.allCases {
                let a = try SliceExtractor(v, axis: axis), b = try SliceExtractor(copy, axis: axis)
                #expect(a.count == b.count)
                let wa = try IntensityWindow.standard.resolve(a.volume), wb = try IntensityWindow.standard.resolve(b.volume)
                #expect(wa == wb)
                for s in 0..<a.count {
                    let sa = try a.slice(s), sb = try b.slice(s)
                    #expect(sa.image.data == sb.image.data)
                    #expect(sa.image.geometry.affine.maxAbsDifference(sb.image.geometry.affine) < 1e-9)
                    let pa = try png(sa.image, window: wa), pb = try png(sb.image, window: wb)
                    #expect(pa == pb, "\(code) \(axis) slice \(s)")
                }
            }
        }
    }

    func png(_ slice: Volume, window: IntensityRange) throws -> [UInt8] {
        let square = try SliceResizer.resize(try window.normalized(slice), size: 16)
        return try PNGCodec.encode(try GrayLevels.eight.quantize(square))
    }

    @Test func fourDimensionalVolumesGiveOneFrame() throws {
        let block = 4 * 3 * 2
        let values = (0..<(block * 3)).map { Float($0) }
        let v = try Volume(values: values, shape: [4, 3, 2, 3])
        let ex = try SliceExtractor(v, axis: .axial, frame: 2)
        #expect(ex.volume.shape == [4, 3, 2])
        let firstValue = try #require(ex.volume.values(as: Float.self)).min()
        #expect(firstValue == Float(2 * block))
        #expect(throws: PreprocessError.self) { try SliceExtractor(v, axis: .axial, frame: 3) }
    }

    @Test func foregroundFractionsCountVoxelsAboveTheThreshold() throws {
        // Slice k (axial) holds k + 1 bright voxels out of 4 x 4.
        let v = try TestSupport.volume([4, 4, 5]) { i, j, k in j * 4 + i <= k ? 10 : 0 }
        let ex = try SliceExtractor(v, axis: .axial)
        #expect(ex.foregroundFractions(threshold: 5) == (0..<5).map { Double($0 + 1) / 16 })
        #expect(try ForegroundThreshold.standard.resolve(v) == 1)  // 0 + 0.1 * (10 - 0)
        #expect(try ForegroundThreshold.absolute(-3).resolve(v) == -3)
    }

    @Test func badInputIsRefusedWithTheParameterNamed() throws {
        let v = try Self.encoded()
        let ex = try SliceExtractor(v, axis: .coronal)
        #expect(throws: PreprocessError.self) { try ex.slice(ex.count) }
        let rgb = try Volume(zeros: .rgb24, shape: [2, 2, 2])
        #expect(throws: PreprocessError.self) { try SliceExtractor(rgb, axis: .axial) }
        var flat = v
        flat.geometry.affine[0, 0] = 0
        flat.geometry.affine[1, 0] = 0
        flat.geometry.affine[2, 0] = 0
        #expect(throws: PreprocessError.self) { try SliceExtractor(flat, axis: .axial) }
        do {
            _ = try SliceAxis(parsing: "transversal-ish")
            Issue.record("accepted a bad axis name")
        } catch {
            #expect(error.description.contains("axial, coronal, sagittal"))
        }
        #expect(try SliceAxis(parsing: "Coronal") == .coronal)
        #expect(try SliceAxis(parsing: "sag") == .sagittal)
    }
}
