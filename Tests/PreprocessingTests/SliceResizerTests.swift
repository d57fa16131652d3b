import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite struct SliceResizerTests {
    /// A 40 x 20 mm slice into 32 x 32: 1.25 mm pixels, the 20 mm side padded by 8 rows each side.
    @Test func keepsTheAspectRatioAndPadsTheShortSide() throws {
        let g = Geometry(spacing: [1, 1, 2], origin: [-5, 3, 7], direction: [[-1, 0, 0], [0, -1, 0], [0, 0, 1]])
        let slice = try TestSupport.volume([40, 20, 1], geometry: g) { _, _, _ in 1 }
        let out = try SliceResizer.resize(slice, size: 32)
        #expect(out.shape == [32, 32, 1])
        #expect(out.geometry.spacing[0] == 1.25 && out.geometry.spacing[1] == 1.25)
        // Same world centre and in-plane directions.
        let cIn = slice.geometry.world([19.5, 9.5, 0]), cOut = out.geometry.world([15.5, 15.5, 0])
        #expect(zip(cIn, cOut).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(out.geometry.orientationCode == slice.geometry.orientationCode)
        let v = try #require(out.values(as: Float.self))
        for j in 0..<32 {
            let row = v[(j * 32)..<(j * 32 + 32)]
            let expected: Float = (8..<24).contains(j) ? 1 : 0
            #expect(row.allSatisfy { abs($0 - expected) < 1e-5 }, "row \(j): \(Array(row.prefix(3)))")
        }
    }

    /// Anisotropic pixels: 10 x 20 voxels of 2 x 1 mm are square in mm, so nothing is padded.
    @Test func anisotropicPixelsBecomeSquare() throws {
        let slice = try TestSupport.volume([10, 20, 1], geometry: .identity(spacing: [2, 1, 1])) { i, _, _ in Float(i) }
        let out = try SliceResizer.resize(slice, size: 20, options: ResampleOptions(interpolation: .linear, antialias: false))
        #expect(out.geometry.spacing[0] == 1 && out.geometry.spacing[1] == 1)
        let v = try #require(out.values(as: Float.self))
        // Pixel centre p of the output lies at source index (p - 0.5) / 2, clamped at the edges.
        for p in 0..<20 {
            let expected = Float(min(9, max(0, (Double(p) - 0.5) / 2)))
            #expect(abs(v[5 * 20 + p] - expected) < 1e-5, "column \(p)")
        }
    }

    @Test func refusesSizesOutOfRange() throws {
        let slice = try TestSupport.volume([4, 4, 1]) { _, _, _ in 0 }
        #expect(throws: PreprocessError.self) { try SliceResizer.resize(slice, size: 7) }
        #expect(throws: PreprocessError.self) { try SliceResizer.resize(slice, size: 5000) }
    }

    @Test func grayLevelsRoundAndClamp() throws {
        let unit = try Volume(values: [Float(-0.5), 0, 0.5, 1, 2, .nan, 0.2], shape: [7, 1, 1])
        #expect(try GrayLevels.eight.quantize(unit).values(as: UInt8.self) == [0, 0, 128, 255, 255, 0, 51])
        #expect(try GrayLevels.sixteen.quantize(unit).values(as: UInt16.self) == [0, 0, 32768, 65535, 65535, 0, 13107])
        #expect(throws: PreprocessError.self) { try GrayLevels(bits: 12) }
    }

    @Test func intensityWindowMapsToUnitRange() throws {
        let r = IntensityRange(low: -1000, high: 1000)
        #expect(r.unit(-2000) == 0 && r.unit(0) == 0.5 && r.unit(5000) == 1 && r.unit(.nan) == 0)
        #expect(IntensityRange(low: 3, high: 3).unit(4) == 0)
        #expect(throws: PreprocessError.self) { try IntensityWindow.percentiles(low: 50, high: 10).validate() }
        #expect(throws: PreprocessError.self) { try IntensityWindow.fixed(low: 1, high: 1).validate() }
        let v = try Volume(values: (0...100).map { Float($0) }, shape: [101, 1, 1])
        #expect(try IntensityWindow.percentiles(low: 10, high: 90).resolve(v) == IntensityRange(low: 10, high: 90))
    }
}
