import Foundation
import Imaging

/// Resampling of volumes onto another voxel grid through world coordinates.
///
/// Every output voxel centre is mapped to the input by `inverse(input affine) * grid affine`
/// and read there, so the world position of every structure is kept and any affine
/// (oblique ones included) works. Boundaries (see `FrameSampler`): an output voxel whose
/// centre falls outside the input's field of view (continuous index outside [-0.5, n - 0.5]
/// on some axis) gets `options.fill`; within the half-voxel border, linear clamps to the
/// edge voxels and bspline mirrors its coefficients about the edge centres.
///
/// Grids for a new spacing or shape (`grid(for:spacing:)`, `grid(for:shape:)`) follow
/// TorchIO's `Resample` / `Resize`: same direction cosines, the centre of the field of
/// view kept (see those functions for the exact sizes).
public enum Resampler {
    /// Resamples onto `grid` through world coordinates (any affine, oblique included).
    /// Intensity images: any scalar voxel type in, float32 out (uses volume.float32()).
    /// Label maps (`isLabelMap: true`): nearest neighbour, never blended, voxel type kept
    /// (and intensity scale), no antialiasing, 0 outside the input.
    /// 4D volumes: every frame alike.
    public static func resample(_ volume: Volume, onto grid: SamplingGrid, options: ResampleOptions = ResampleOptions(),
                                isLabelMap: Bool = false) throws(PreprocessError) -> Volume {
        try grid.validate(name: "grid")
        guard options.fill.isFinite else {
            throw .invalidParameter(name: "fill", value: "\(options.fill)", reason: "the fill value must be finite")
        }
        let mapping = try self.mapping(from: volume, onto: grid)
        let n = (volume.shape[0], volume.shape[1], volume.shape[2])
        let m = (grid.shape[0], grid.shape[1], grid.shape[2])
        let outShape = grid.shape + Array(volume.shape.dropFirst(3))
        let geometry = Geometry(affine: grid.affine, timeStep: volume.geometry.timeStep)
        guard let outCount = Volume.voxelCount(outShape) else {
            throw .invalidParameter(name: "grid.shape", value: "\(grid.shape)", reason: "the output is too large")
        }
        let inBlock = n.0 * n.1 * n.2, outBlock = m.0 * m.1 * m.2
        let frames = volume.frames

        if isLabelMap {
            let type = volume.voxelType
            guard type.channels == 1, type != .float128 else {
                throw .unsupportedVoxelType("label maps need one integer or real value per voxel, not \(type)")
            }
            let size = type.byteSize
            let data = [UInt8](unsafeUninitializedCapacity: outCount * size) { buffer, initialized in
                volume.data.withUnsafeBytes { raw in
                    guard let src = raw.baseAddress, let dst = buffer.baseAddress else { return }
                    func copy<T>(_: T.Type, zero: T) {
                        let s = src.bindMemory(to: T.self, capacity: inBlock * frames)
                        let d = UnsafeMutableRawPointer(dst).bindMemory(to: T.self, capacity: outBlock * frames)
                        for t in 0..<frames {
                            NearestCopy.run(s + t * inBlock, n: n, d + t * outBlock, m: m, mapping: mapping, fill: zero)
                        }
                    }
                    switch size {
                    case 1: copy(UInt8.self, zero: 0)
                    case 2: copy(UInt16.self, zero: 0)
                    case 4: copy(UInt32.self, zero: 0)
                    default: copy(UInt64.self, zero: 0)
                    }
                }
                initialized = outCount * size
            }
            return try make(type, outShape, geometry, volume.scale, data)
        }

        guard var f = volume.float32() else {
            throw .unsupportedVoxelType("\(volume.voxelType): resampling needs one intensity per voxel (use label maps for labels)")
        }
        if options.antialias {
            let sigma = antialiasSigma(mapping.inputSteps)
            if sigma.contains(where: { $0 > 0 }) { GaussianSmoothing.smooth(&f, sigma: sigma) }
        }
        let interpolation = options.interpolation
        // B-spline coefficients, computed straight from the input into a new buffer.
        var coefficients: [Float] = []
        if interpolation == .bspline {
            coefficients = [Float](unsafeUninitializedCapacity: inBlock * frames) { buffer, initialized in
                f.withFloat32Buffer { input in
                    guard let src = input.baseAddress, let dst = buffer.baseAddress else { return }
                    for t in 0..<frames { BSplinePrefilter.apply(from: src + t * inBlock, to: dst + t * inBlock, shape: n) }
                }
                initialized = inBlock * frames
            }
        }
        let separable = mapping.isAxisAligned
        func run(_ input: UnsafeBufferPointer<Float>, _ buffer: UnsafeMutableBufferPointer<UInt8>) {
            guard let src = input.baseAddress, let raw = buffer.baseAddress else { return }
            let dst = UnsafeMutableRawPointer(raw).bindMemory(to: Float.self, capacity: outCount)
            for t in 0..<frames {
                let s = src + t * inBlock, d = dst + t * outBlock
                if interpolation == .nearest {
                    NearestCopy.run(s, n: n, d, m: m, mapping: mapping, fill: options.fill)
                } else if separable {
                    SeparableResampling.run(s, n: n, d, m: m, mapping: mapping, interpolation: interpolation, fill: options.fill)
                } else {
                    GenericResampling.run(s, n: n, d, m: m, mapping: mapping, interpolation: interpolation, fill: options.fill)
                }
            }
        }
        let data = [UInt8](unsafeUninitializedCapacity: outCount * 4) { buffer, initialized in
            if interpolation == .bspline {
                coefficients.withUnsafeBufferPointer { run($0, buffer) }
            } else {
                f.withFloat32Buffer { run($0, buffer) }
            }
            initialized = outCount * 4
        }
        return try make(.float32, outShape, geometry, nil, data)
    }

    /// The grid with the given spacing (mm, 3 values) covering the same field of view.
    ///
    /// As TorchIO's `Resample(spacing)`: same direction cosines; along each axis
    /// `floor(n * old spacing / new spacing)` voxels (at least 1; axes of one voxel keep one;
    /// 1e-6 is added before the floor so that exact ratios are not lost to rounding),
    /// placed so that the centre of the field of view (midway between the centres of the
    /// first and last voxel) stays where it was. The new field of view is the same or
    /// slightly smaller than the old one, so no output voxel lies outside the input.
    public static func grid(for volume: Volume, spacing: [Double]) throws(PreprocessError) -> SamplingGrid {
        guard spacing.count == 3 else {
            throw .invalidParameter(name: "spacing", value: "\(spacing)", reason: "expected 3 values (x, y, z), found \(spacing.count)")
        }
        guard spacing.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .invalidParameter(name: "spacing", value: "\(spacing)", reason: "spacing must be positive")
        }
        try requireInvertible(volume)
        let old = volume.geometry.spacing
        var ratio = [Double](), shape = [Int]()
        for a in 0..<3 {
            let n = volume.shape[a]
            let r = spacing[a] / old[a]
            let size = n == 1 ? 1 : max(1, Int((Double(n) / r + 1e-6).rounded(.down)))
            ratio.append(r)
            shape.append(size)
        }
        return centred(volume, ratio: ratio, shape: shape)
    }

    /// The grid with the given shape covering the same field of view.
    ///
    /// As TorchIO's `Resize`: same direction cosines, spacing `old spacing * n / new n`
    /// per axis, so the outer faces of the field of view (and its centre) stay exactly
    /// where they were.
    public static func grid(for volume: Volume, shape: [Int]) throws(PreprocessError) -> SamplingGrid {
        guard shape.count == 3 else {
            throw .invalidParameter(name: "shape", value: "\(shape)", reason: "expected 3 values (x, y, z), found \(shape.count)")
        }
        guard shape.allSatisfy({ $0 >= 1 }) else {
            throw .invalidParameter(name: "shape", value: "\(shape)", reason: "every extent must be at least 1")
        }
        try requireInvertible(volume)
        let ratio = (0..<3).map { Double(volume.shape[$0]) / Double(shape[$0]) }
        return centred(volume, ratio: ratio, shape: shape)
    }

    /// Antialiasing sigmas (in input voxels, per input axis) for resampling `volume` onto
    /// `grid`. Rule (Cardoso et al., MICCAI 2015, as TorchIO's `antialias`): with k the
    /// output's sampling step along an input axis in input voxels (output spacing / input
    /// spacing for axis-aligned grids; the length of the row of the index mapping for
    /// oblique ones), sigma = sqrt(k^2 - 1) / (2 sqrt(2 ln 2)) when k > 1, else 0 (no smoothing
    /// when upsampling). E.g. k = 2 gives sigma 0.74 voxels.
    public static func antialiasSigma(for volume: Volume, onto grid: SamplingGrid) throws(PreprocessError) -> [Double] {
        try grid.validate(name: "grid")
        return antialiasSigma(try mapping(from: volume, onto: grid).inputSteps)
    }

    static func antialiasSigma(_ steps: [Double]) -> [Double] {
        let fwhm = 2 * (2 * log(2.0)).squareRoot()
        return steps.map { k in k > 1 + 1e-9 ? (k * k - 1).squareRoot() / fwhm : 0 }
    }

    /// Output index -> input index, after checking the input affine and that the grid
    /// overlaps the input.
    static func mapping(from volume: Volume, onto grid: SamplingGrid) throws(PreprocessError) -> VoxelMapping {
        try requireInvertible(volume)
        guard let inverse = volume.geometry.affine.inverse else {
            throw .singularAffine("the input volume's affine cannot be inverted\n\(volume.geometry.affine)")
        }
        let mapping = VoxelMapping(inverse * grid.affine)
        // The 8 outer corners of the grid's field of view, in input voxel indices.
        var low = [Double](repeating: .infinity, count: 3), high = [Double](repeating: -.infinity, count: 3)
        for c in 0..<8 {
            let i = c & 1 == 0 ? -0.5 : Double(grid.shape[0]) - 0.5
            let j = c & 2 == 0 ? -0.5 : Double(grid.shape[1]) - 0.5
            let k = c & 4 == 0 ? -0.5 : Double(grid.shape[2]) - 0.5
            let (x, y, z) = mapping.apply(i, j, k)
            for (a, v) in [x, y, z].enumerated() { low[a] = min(low[a], v); high[a] = max(high[a], v) }
        }
        for a in 0..<3 {
            let n = Double(volume.shape[a])
            if high[a] <= -0.5 || low[a] >= n - 0.5 {
                let axis = ["x", "y", "z"][a]
                throw .noOverlap(String(format: "along input axis %@ the grid covers voxel indices %.2f to %.2f, the image -0.5 to %.1f", axis, low[a], high[a], n - 0.5))
            }
        }
        return mapping
    }

    static func requireInvertible(_ volume: Volume) throws(PreprocessError) {
        guard SamplingGrid.isInvertible(volume.geometry.affine) else {
            throw .singularAffine("the input volume's affine cannot be inverted\n\(volume.geometry.affine)")
        }
    }

    /// The grid whose index o reads input index `ratio * o + shift`, centred on the input.
    static func centred(_ volume: Volume, ratio: [Double], shape: [Int]) -> SamplingGrid {
        var s = Matrix4.identity
        for a in 0..<3 {
            s[a, a] = ratio[a]
            s[a, 3] = (Double(volume.shape[a]) - 1) / 2 - ratio[a] * (Double(shape[a]) - 1) / 2
        }
        return SamplingGrid(shape: shape, affine: volume.geometry.affine * s)
    }

    private static func make(_ type: VoxelType, _ shape: [Int], _ geometry: Geometry, _ scale: IntensityScale?, _ data: [UInt8]) throws(PreprocessError) -> Volume {
        do {
            return try Volume(voxelType: type, shape: shape, geometry: geometry, scale: scale, data: data)
        } catch {
            throw .invalidParameter(name: "grid.shape", value: "\(shape)", reason: "\(error)")
        }
    }
}
