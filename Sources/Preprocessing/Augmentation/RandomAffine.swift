import Foundation
import Imaging

/// A random affine transformation (scaling, rotation, translation in world space) of the
/// image and its label maps, resampled on the same grid, as TorchIO's `RandomAffine`.
///
/// Drawn per subject, per world axis (R, A, S): scale `s_i ~ U(scales_i)`, angle
/// `theta_i ~ U(degrees_i)` in degrees, translation `t_i ~ U(translation_i)` in mm.
/// The forward map moves a world point x to `D (R (x - c) + t) + c` (TorchIO: the
/// scaling applied after the rotation-translation), with `c` the image centre (or the
/// world origin with `center: origin`), `D = diag(s)` and `R` as in `RigidMotion`
/// (a positive angle about S turns R toward A). Each output voxel takes the input value
/// at the inverse image of its world position, `R^T (D^-1 (p - c) - t) + c`. A scale
/// above 1 makes objects look larger.
///
/// Parameters, with TorchIO's names, conventions and defaults: `scales` 0.1 (one value x
/// means U(1 - x, 1 + x); two values a range for every axis; three values x_i per axis;
/// six values a range per axis; must stay > 0), `degrees` 10 and `translation` 0 (one
/// value x means U(-x, x); same forms), `isotropic` false (one scale for all axes; then
/// `scales` must be one or two numbers), `center` "image" or "origin", `default_pad_value`
/// "minimum" (the image minimum; or "mean" of the border voxels, or a number) for the
/// image, `interpolation` linear (nearest, linear, bspline; TorchIO's
/// `image_interpolation`), `default_pad_label` 0 (the fill of label maps, an integer).
/// Label maps always use nearest neighbour (TorchIO's `label_interpolation` default).
/// For a 2D image (one slice) only the rotation about the slice normal (voxel axis 2's
/// world axis is assumed S), in-plane scaling and translation are used, as TorchIO.
public struct RandomAffine: Transform {
    public let scales: [ClosedRange<Double>]
    public let degrees: [ClosedRange<Double>]
    public let translation: [ClosedRange<Double>]
    public let isotropic: Bool
    public let centerAtOrigin: Bool
    public let padValue: PadValue
    public let interpolation: Interpolation
    public let padLabel: Int64

    public init(scales: [ClosedRange<Double>] = Array(repeating: 0.9...1.1, count: 3),
                degrees: [ClosedRange<Double>] = Array(repeating: -10...10, count: 3),
                translation: [ClosedRange<Double>] = Array(repeating: 0...0, count: 3),
                isotropic: Bool = false, centerAtOrigin: Bool = false, padValue: PadValue = .minimum,
                interpolation: Interpolation = .linear, padLabel: Int64 = 0) throws(PreprocessError) {
        for (name, r) in [("scales", scales), ("degrees", degrees), ("translation", translation)] where r.count != 3 {
            throw .invalidParameter(name: "random_affine.\(name)", value: "\(r)", reason: "expected one range per axis")
        }
        guard scales.allSatisfy({ $0.lowerBound > 0 }) else {
            throw .invalidParameter(name: "random_affine.scales", value: "\(scales)", reason: "scales must be positive")
        }
        self.scales = scales
        self.degrees = degrees
        self.translation = translation
        self.isotropic = isotropic
        self.centerAtOrigin = centerAtOrigin
        self.padValue = padValue
        self.interpolation = interpolation
        self.padLabel = padLabel
    }

    /// Reads TorchIO-style parameters (see the type's documentation).
    public init(parameters p: inout TransformParameters) throws(PreprocessError) {
        let isotropic = try p.bool("isotropic", default: false)
        if isotropic, case .array(let a)? = p.values["scales"], a.count > 2 {
            try p.require(false, "scales", "with isotropic scaling give one number or one range")
        }
        let scales = try p.axisRanges("scales", around: 1, minimum: 0, default: Array(repeating: 0.9...1.1, count: 3))
        try p.require(scales.allSatisfy { $0.lowerBound > 0 }, "scales", "scales must be positive")
        let degrees = try p.axisRanges("degrees", around: 0, default: Array(repeating: -10...10, count: 3))
        let translation = try p.axisRanges("translation", around: 0, default: Array(repeating: 0...0, count: 3))
        let center = try p.string("center", default: "image")
        try p.require(center == "image" || center == "origin", "center", "expected 'image' or 'origin'")
        let pad = try PadValue.parse(&p, "default_pad_value", default: .minimum)
        let interpolation = try p.interpolationChoice("interpolation", default: .linear)
        let padLabel = try p.int("default_pad_label", default: 0)
        try self.init(scales: scales, degrees: degrees, translation: translation, isotropic: isotropic,
                      centerAtOrigin: center == "origin", padValue: pad, interpolation: interpolation, padLabel: Int64(padLabel))
    }

    public var name: String { "random_affine" }
    public var parameters: [String: JSONValue] {
        ["scales": AugmentationSupport.json(scales), "degrees": AugmentationSupport.json(degrees),
         "translation": AugmentationSupport.json(translation), "isotropic": .bool(isotropic),
         "center": .string(centerAtOrigin ? "origin" : "image"), "default_pad_value": padValue.json,
         "interpolation": .string(interpolation.rawValue), "default_pad_label": .number(Double(padLabel))]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        var s = scales.map { random.uniform($0) }
        if isotropic { s = [s[0], s[0], s[0]] }
        var d = degrees.map { random.uniform($0) }
        var t = translation.map { random.uniform($0) }
        if subject.image.depth == 1 {
            s[2] = 1; d[0] = 0; d[1] = 0; t[2] = 0
        }
        try RandomAffine.transform(&subject, scales: s, degrees: d, translation: t, centerAtOrigin: centerAtOrigin,
                                   padValue: padValue, interpolation: interpolation, padLabel: padLabel)
        return ["scales": AugmentationSupport.json(s), "degrees": AugmentationSupport.json(d),
                "translation": AugmentationSupport.json(t)]
    }

    /// Applies one affine transformation with fixed parameters (TorchIO's `Affine`).
    public static func transform(_ subject: inout Subject, scales s: [Double], degrees d: [Double], translation t: [Double],
                                 centerAtOrigin: Bool = false, padValue: PadValue = .minimum,
                                 interpolation: Interpolation = .linear, padLabel: Int64 = 0) throws(PreprocessError) {
        let c = centerAtOrigin ? [0.0, 0, 0] : RigidMotion.center(of: subject.image)
        // Output world p -> input world: R^T (D^-1 (p - c) - t) + c.
        let rt = RigidMotion.transpose(RigidMotion.rotation(degrees: d))
        let m = (0..<3).map { r in (0..<3).map { k in rt[r][k] / s[k] } }
        let shift = (0..<3).map { r in -(0..<3).reduce(0) { $0 + rt[r][$1] * t[$1] } }
        let world = RigidMotion.about(m, center: c, offset: shift)
        let warp = SpatialWarp(indexMap: try SpatialWarp.indexMap(world: world, affine: subject.image.geometry.affine))
        try warp.apply(to: &subject, interpolation: interpolation, labelFill: padLabel) { v, f in padValue.resolve(v, frame: f) }
    }
}
