import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite struct ResamplingTests {
    /// An oblique, anisotropic geometry used by several tests.
    static let oblique: Geometry = {
        let t = 0.3, u = -0.2
        let r: [[Double]] = [[cos(t), -sin(t) * cos(u), sin(t) * sin(u)],
                             [sin(t), cos(t) * cos(u), -cos(t) * sin(u)],
                             [0, sin(u), cos(u)]]
        // direction[c] is the unit vector of voxel axis c: the columns of r.
        let direction = (0..<3).map { c in (0..<3).map { r[$0][c] } }
        return Geometry(spacing: [1.1, 0.9, 1.6], origin: [-7, -5, -8], direction: direction)
    }()

    static func smoothVolume(_ shape: [Int], geometry: Geometry = .identity()) throws -> Volume {
        try TestSupport.volume(shape, geometry: geometry) { i, j, k in
            Float(sin(0.4 * Double(i)) * cos(0.3 * Double(j)) + 0.2 * Double(k) + 0.01 * Double(i * j))
        }
    }

    /// Axis-aligned grids: a spacing change, and a flipped, shifted grid (negative scales).
    static func axisAlignedGrids(for v: Volume) throws -> [SamplingGrid] {
        var flip = Matrix4.diagonal([-0.8, 1.3, -1.1, 1])
        flip[0, 3] = 20.13  // offsets chosen so that no index falls on a rounding tie
        flip[1, 3] = -0.43
        flip[2, 3] = 12.23
        return [try Resampler.grid(for: v, spacing: [0.73, 1.37, 1.05]),
                SamplingGrid(shape: [27, 15, 12], affine: v.geometry.affine * flip)]
    }

    @Test(arguments: [Interpolation.linear, .bspline, .nearest])
    func separablePathEqualsGenericPath(_ interpolation: Interpolation) throws {
        let v = try Self.smoothVolume([23, 19, 13], geometry: Self.oblique)
        var input = try #require(v.float32())
        if interpolation == .bspline {
            input.withMutableFloat32Buffer { BSplinePrefilter.apply($0.baseAddress!, shape: (23, 19, 13)) }
        }
        for grid in try Self.axisAlignedGrids(for: v) {
            let mapping = try Resampler.mapping(from: v, onto: grid)
            #expect(mapping.isAxisAligned)
            let m = (grid.shape[0], grid.shape[1], grid.shape[2])
            var a = [Float](repeating: 0, count: grid.shape.reduce(1, *)), b = a
            input.withFloat32Buffer { src in
                a.withUnsafeMutableBufferPointer { SeparableResampling.run(src.baseAddress!, n: (23, 19, 13), $0.baseAddress!, m: m, mapping: mapping, interpolation: interpolation, fill: -1) }
                b.withUnsafeMutableBufferPointer { GenericResampling.run(src.baseAddress!, n: (23, 19, 13), $0.baseAddress!, m: m, mapping: mapping, interpolation: interpolation, fill: -1) }
            }
            let d = ResamplingFixture.maxDifference(a, b)
            #expect(d < 1e-5, "\(interpolation) \(grid.shape): \(d)")
            #expect(b.contains(-1) == (grid.shape == [27, 15, 12]))
            // And the public entry point takes the separable path to the same values.
            let out = try Resampler.resample(v, onto: grid, options: ResampleOptions(interpolation: interpolation, fill: -1, antialias: false))
            #expect(ResamplingFixture.maxDifference(try #require(out.values(as: Float.self)), b) < 1e-5)
        }
    }

    @Test(arguments: Interpolation.allCases)
    func twoDimensionalImagesStayTwoDimensional(_ interpolation: Interpolation) throws {
        let v = try Self.smoothVolume([20, 16, 1], geometry: .identity(spacing: [0.8, 0.8, 3]))
        let grid = try Resampler.grid(for: v, spacing: [0.5, 1.1, 1])
        #expect(grid.shape == [32, 11, 1])
        let out = try Resampler.resample(v, onto: grid, options: ResampleOptions(interpolation: interpolation))
        #expect(out.shape == [32, 11, 1])
        let values = try #require(out.values(as: Float.self))
        #expect(values.allSatisfy { $0.isFinite && abs($0) < 4 })
    }

    @Test func interpolatorAgreesWithResampler() throws {
        let v = try Self.smoothVolume([15, 12, 10], geometry: Self.oblique)
        var target = Self.oblique.affine
        target[0, 3] += 1.3
        target[2, 3] -= 0.6
        let grid = SamplingGrid(shape: [14, 11, 9], affine: target * Matrix4.diagonal([0.9, 1.2, 1.1, 1]))
        let mapping = try Resampler.mapping(from: v, onto: grid)
        for interpolation in Interpolation.allCases {
            let out = try Resampler.resample(v, onto: grid, options: ResampleOptions(interpolation: interpolation, fill: 2, antialias: false))
            let values = try #require(out.values(as: Float.self))
            let sampler = try Interpolator(v, interpolation: interpolation, fill: 2)
            var n = 0, worst = 0.0
            for k in 0..<9 { for j in 0..<11 { for i in 0..<14 {
                let (x, y, z) = mapping.apply(Double(i), Double(j), Double(k))
                worst = max(worst, Double(abs(sampler.value(x, y, z) - values[n])))
                n += 1
            } } }
            #expect(worst < 1e-5, "\(interpolation): \(worst)")
        }
    }

    @Test func interpolatorReproducesVoxelsAndFillsOutside() throws {
        let v = try Self.smoothVolume([9, 8, 7])
        let values = try #require(v.values(as: Float.self))
        for interpolation in Interpolation.allCases {
            let s = try Interpolator(v, interpolation: interpolation, fill: -9)
            #expect(abs(s.value(4, 3, 2) - values[4 + 3 * 9 + 2 * 72]) < 1e-5)
            #expect(abs(s.value(0, 0, 0) - values[0]) < 1e-5)
            #expect(s.value(-0.6, 3, 3) == -9)
            #expect(s.value(3, 3, 6.6) == -9)
        }
        #expect(throws: PreprocessError.self) { _ = try Interpolator(v, frame: 1, interpolation: .linear) }
    }

    /// A 4D volume whose three frames hold the world x, y and z (mm) of each voxel: after
    /// resampling, every output voxel must hold its own world position, within 1e-4 mm.
    /// Linear reproduces affine functions wherever it does not clamp (input indices in
    /// [0, n - 1]); the B-spline with mirror boundaries only away from the edges (its
    /// boundary error decays as 0.27^distance), so it is checked 9 input voxels inside.
    @Test(arguments: [Interpolation.linear, .bspline])
    func worldCoordinatesStayPut(_ interpolation: Interpolation) throws {
        let shape = interpolation == .linear ? [14, 12, 9] : [34, 32, 28]
        let margin = interpolation == .linear ? 0.0 : 9.0
        let g = Self.oblique
        var values: [Float] = []
        for axis in 0..<3 {
            for k in 0..<shape[2] { for j in 0..<shape[1] { for i in 0..<shape[0] {
                values.append(Float(g.world([Double(i), Double(j), Double(k)])[axis]))
            } } }
        }
        let v = try Volume(values: values, shape: shape + [3], geometry: g)
        for grid in [try Resampler.grid(for: v, spacing: [0.7, 1.3, 0.95]), try Resampler.grid(for: v, shape: [9, 17, 12])] {
            let out = try Resampler.resample(v, onto: grid, options: ResampleOptions(interpolation: interpolation, antialias: false))
            #expect(out.shape == grid.shape + [3])
            let got = try #require(out.values(as: Float.self))
            let mapping = try Resampler.mapping(from: v, onto: grid)
            let m = grid.shape
            let block = m.reduce(1, *)
            var worst = 0.0, checked = 0
            for k in 0..<m[2] { for j in 0..<m[1] { for i in 0..<m[0] {
                let (x, y, z) = mapping.apply(Double(i), Double(j), Double(k))
                let index = [x, y, z]
                guard (0..<3).allSatisfy({ index[$0] >= margin && index[$0] <= Double(shape[$0] - 1) - margin }) else { continue }
                let world = grid.geometry.world([Double(i), Double(j), Double(k)])
                for a in 0..<3 { worst = max(worst, abs(Double(got[a * block + (k * m[1] + j) * m[0] + i]) - world[a])) }
                checked += 1
            } } }
            #expect(checked > 50)
            #expect(worst < 1e-4, "\(interpolation) \(grid.shape): \(worst) mm")
        }
    }

    @Test func spacingGridKeepsTheCentreAndFloorsTheSize() throws {
        let v = try Self.smoothVolume([10, 7, 5], geometry: Self.oblique)
        let grid = try Resampler.grid(for: v, spacing: [0.5, 2, 1.6])
        // 10 * 1.1 / 0.5 = 22, 7 * 0.9 / 2 = 3.15 -> 3, 5 * 1.6 / 1.6 = 5.
        #expect(grid.shape == [22, 3, 5])
        let spacing = grid.spacing
        for (a, s) in [0.5, 2, 1.6].enumerated() { #expect(abs(spacing[a] - s) < 1e-12) }
        let oldCentre = v.geometry.world([4.5, 3, 2])
        let newCentre = grid.geometry.world([10.5, 1, 2])
        for a in 0..<3 { #expect(abs(oldCentre[a] - newCentre[a]) < 1e-9) }
        #expect(v.geometry.direction.flatMap { $0 }.enumerated().allSatisfy { abs($0.element - grid.geometry.direction.flatMap { $0 }[$0.offset]) < 1e-12 })
    }

    @Test func shapeGridKeepsTheOuterCorners() throws {
        let v = try Self.smoothVolume([10, 7, 5], geometry: Self.oblique)
        let grid = try Resampler.grid(for: v, shape: [4, 21, 5])
        let a = v.geometry.world([-0.5, -0.5, -0.5]), b = grid.geometry.world([-0.5, -0.5, -0.5])
        let c = v.geometry.world([9.5, 6.5, 4.5]), d = grid.geometry.world([3.5, 20.5, 4.5])
        for i in 0..<3 {
            #expect(abs(a[i] - b[i]) < 1e-9)
            #expect(abs(c[i] - d[i]) < 1e-9)
        }
    }

    @Test func antialiasSigmaFollowsTheDocumentedRule() throws {
        let v = try Self.smoothVolume([16, 16, 16])
        let sigma = try Resampler.antialiasSigma(for: v, onto: try Resampler.grid(for: v, spacing: [2, 1, 0.5]))
        #expect(abs(sigma[0] - 3.0.squareRoot() / (2 * (2 * log(2.0)).squareRoot())) < 1e-12)
        #expect(sigma[1] == 0)
        #expect(sigma[2] == 0)
    }

    @Test func antialiasingRemovesAliasedPatterns() throws {
        // A checkerboard along x aliases to a constant +-1 when every other column is taken.
        // Away from the edges (where the reflected pattern breaks) smoothing leaves ~0.
        let v = try TestSupport.volume([64, 2, 2]) { i, _, _ in i % 2 == 0 ? 1 : -1 }
        let grid = try Resampler.grid(for: v, spacing: [4, 1, 1])
        let plain = try Resampler.resample(v, onto: grid, options: ResampleOptions(interpolation: .nearest, antialias: false))
        let smooth = try Resampler.resample(v, onto: grid, options: ResampleOptions(interpolation: .nearest, antialias: true))
        let p = try #require(plain.values(as: Float.self)), s = try #require(smooth.values(as: Float.self))
        #expect(p.allSatisfy { abs($0) == 1 })
        let interior = s.enumerated().filter { (2..<14).contains($0.offset % 16) }.map(\.element)
        #expect(interior.count == 48)
        #expect(interior.allSatisfy { abs($0) < 1e-3 })
    }

    @Test func labelMapsAreNeverBlended() throws {
        var stored: [UInt8] = []
        for n in 0..<960 { stored.append(UInt8((n / 7) % 4) * 10) }
        let labels = try Volume(values: stored, shape: [12, 10, 8], geometry: Self.oblique)
        var target = Self.oblique.affine * Matrix4.diagonal([0.7, 0.8, 0.9, 1])
        target[1, 3] += 0.4
        let out = try Resampler.resample(labels, onto: SamplingGrid(shape: [15, 12, 9], affine: target),
                                         options: ResampleOptions(interpolation: .bspline, fill: 77), isLabelMap: true)
        #expect(out.voxelType == .uint8)
        let values = try #require(out.values(as: UInt8.self))
        #expect(Set(values).isSubset(of: [0, 10, 20, 30]))
    }

    @Test func intensityImagesOfAnyScalarTypeBecomeFloat32() throws {
        var v = try Volume(values: (0..<(8 * 8 * 8)).map { Int16($0 % 50) }, shape: [8, 8, 8])
        v.scale = IntensityScale(slope: 2, intercept: -10)
        let out = try Resampler.resample(v, onto: SamplingGrid(of: v), options: ResampleOptions(interpolation: .linear))
        #expect(out.voxelType == .float32)
        #expect(out.scale == nil)
        let values = try #require(out.values(as: Float.self))
        #expect(values[3] == 2 * 3 - 10)
        #expect(throws: PreprocessError.self) {
            _ = try Resampler.resample(try Volume(zeros: .rgb24, shape: [4, 4, 4]), onto: SamplingGrid(shape: [4, 4, 4], affine: .identity))
        }
    }

    // MARK: - Errors name the parameter

    static func parameterName(_ e: PreprocessError) -> String? {
        if case .invalidParameter(let name, _, _) = e.underlying { return name }
        return nil
    }

    @Test func badSpacingAndShapeAreRefused() throws {
        let v = try Self.smoothVolume([8, 8, 8])
        for spacing in [[0.0, 1, 1], [1, -2, 1], [1, 1], [1, 1, 1, 1], [1, .nan, 1]] {
            #expect { _ = try Resampler.grid(for: v, spacing: spacing) } throws: { Self.parameterName($0 as! PreprocessError) == "spacing" }
        }
        for shape in [[0, 4, 4], [4, -1, 4], [4, 4]] {
            #expect { _ = try Resampler.grid(for: v, shape: shape) } throws: { Self.parameterName($0 as! PreprocessError) == "shape" }
        }
        #expect { _ = try Resampler.resample(v, onto: SamplingGrid(shape: [4, 0, 4], affine: .identity)) } throws: {
            Self.parameterName($0 as! PreprocessError) == "grid.shape"
        }
    }

    @Test func singularAffinesAreRefused() throws {
        var v = try Self.smoothVolume([8, 8, 8])
        let flat = Matrix4.diagonal([1, 1, 0, 1])
        #expect { _ = try Resampler.resample(v, onto: SamplingGrid(shape: [4, 4, 4], affine: flat)) } throws: {
            if case .singularAffine(let s) = $0 as! PreprocessError { return s.contains("grid") }
            return false
        }
        v.geometry = Geometry(affine: flat)
        #expect { _ = try Resampler.resample(v, onto: SamplingGrid(shape: [4, 4, 4], affine: .identity)) } throws: {
            if case .singularAffine(let s) = $0 as! PreprocessError { return s.contains("input") }
            return false
        }
        #expect(throws: PreprocessError.self) { _ = try Resampler.grid(for: v, spacing: [1, 1, 1]) }
    }

    @Test func gridsThatMissTheImageAreRefused() throws {
        let v = try Self.smoothVolume([8, 8, 8])
        var far = Matrix4.identity
        far[0, 3] = 8  // starts just beyond the last voxel's outer face (7.5)
        #expect { _ = try Resampler.resample(v, onto: SamplingGrid(shape: [4, 4, 4], affine: far)) } throws: {
            if case .noOverlap = $0 as! PreprocessError { return true }
            return false
        }
        far[0, 3] = 7.8  // its first voxel's face at 7.3 overlaps
        #expect(throws: Never.self) { _ = try Resampler.resample(v, onto: SamplingGrid(shape: [4, 4, 4], affine: far)) }
    }
}
