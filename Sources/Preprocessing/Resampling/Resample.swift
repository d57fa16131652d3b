import Imaging

/// Resampling of a subject to a new spacing or shape (pipeline name `resample`): the
/// image with the chosen interpolation (optionally antialiased), label maps with nearest
/// neighbour onto the same grid. See `Resampler` for grid placement and boundaries.
///
/// ```yaml
/// - resample: {spacing: [1, 1, 1], interpolation: bspline}
/// - resample: {shape: [128, 128, 96], antialias: false}
/// ```
public struct Resample: Transform {
    /// What the output grid is derived from.
    public enum Target: Sendable, Equatable {
        /// Voxel size in mm (x, y, z).
        case spacing([Double])
        /// Voxel counts (x, y, z).
        case shape([Int])
        /// Another image's grid (any affine); `source` names it in records.
        case grid(SamplingGrid, source: String)
    }

    public let target: Target
    public let options: ResampleOptions

    /// Throws for a spacing that is not positive, a shape entry below 1, a wrong number of
    /// values or a non-finite fill.
    public init(_ target: Target, options: ResampleOptions = ResampleOptions()) throws(PreprocessError) {
        switch target {
        case .spacing(let s):
            guard s.count == 3 else {
                throw .invalidParameter(name: "resample.spacing", value: "\(s)", reason: "expected one number or 3 numbers (x, y, z)")
            }
            guard s.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw .invalidParameter(name: "resample.spacing", value: "\(s)", reason: "spacing must be positive")
            }
        case .shape(let s):
            guard s.count == 3 else {
                throw .invalidParameter(name: "resample.shape", value: "\(s)", reason: "expected 3 integers (x, y, z)")
            }
            guard s.allSatisfy({ $0 >= 1 }) else {
                throw .invalidParameter(name: "resample.shape", value: "\(s)", reason: "every extent must be at least 1")
            }
        case .grid(let g, let source):
            try g.validate(name: "resample.like (\(source))")
        }
        guard options.fill.isFinite else {
            throw .invalidParameter(name: "resample.fill", value: "\(options.fill)", reason: "the fill value must be finite")
        }
        self.target = target
        self.options = options
    }

    /// Reads `spacing` (one number or 3) or `shape` (3 integers), exactly one of them,
    /// `interpolation` (nearest | linear | bspline, default linear), `antialias` (default
    /// true) and `fill` (default 0).
    public init(parameters p: inout TransformParameters) throws(PreprocessError) {
        let hasSpacing = p.values["spacing"].map { $0 != .null } ?? false
        let hasShape = p.values["shape"].map { $0 != .null } ?? false
        p.declare("spacing", "shape")
        try p.require(hasSpacing != hasShape, hasSpacing ? "shape" : "spacing",
                      "give exactly one of 'spacing' (mm) and 'shape' (voxels)")
        let target: Target = hasSpacing ? .spacing(try p.doubles("spacing", count: 3)) : .shape(try p.ints("shape", count: 3))
        let name = try p.string("interpolation", default: Interpolation.linear.rawValue)
        guard let interpolation = Interpolation(rawValue: name.lowercased()) else {
            throw .invalidParameter(name: "resample.interpolation", value: "'\(name)'", reason: "expected nearest, linear or bspline")
        }
        let antialias = try p.bool("antialias", default: true)
        let fill = try p.double("fill", default: 0)
        try self.init(target, options: ResampleOptions(interpolation: interpolation, fill: Float(fill), antialias: antialias))
    }

    public var name: String { "resample" }

    public var parameters: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "interpolation": .string(options.interpolation.rawValue),
            "antialias": .bool(options.antialias),
            "fill": .number(Double(options.fill)),
        ]
        switch target {
        case .spacing(let s): o["spacing"] = .array(s.map { .number($0) })
        case .shape(let s): o["shape"] = .array(s.map { .number(Double($0)) })
        case .grid(let g, let source):
            o["like"] = .string(source)
            o["shape"] = .array(g.shape.map { .number(Double($0)) })
        }
        return o
    }

    /// The grid this transform writes `volume` onto.
    public func grid(for volume: Volume) throws(PreprocessError) -> SamplingGrid {
        do {
            switch target {
            case .spacing(let s): return try Resampler.grid(for: volume, spacing: s)
            case .shape(let s): return try Resampler.grid(for: volume, shape: s)
            case .grid(let g, _): return g
            }
        } catch {
            if case .invalidParameter(let n, let v, let r) = error { throw .invalidParameter(name: "resample.\(n)", value: v, reason: r) }
            throw error
        }
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let grid = try self.grid(for: subject.image)
        let options = self.options
        try subject.mapAll { v, isLabelMap throws(PreprocessError) in
            try Resampler.resample(v, onto: grid, options: options, isLabelMap: isLabelMap)
        }
        return [
            "shape": .array(grid.shape.map { .number(Double($0)) }),
            "spacing": .array(grid.spacing.map { .number($0) }),
            "affine": .array(grid.affine.rows.map { .array($0.map { .number($0) }) }),
        ]
    }
}
