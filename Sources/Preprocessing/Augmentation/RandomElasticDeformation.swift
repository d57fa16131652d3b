import Foundation
import Imaging

/// A dense random elastic deformation of the image and its label maps, as TorchIO's
/// `RandomElasticDeformation`: a random displacement (world mm, per world axis R, A, S)
/// is drawn at every point of a coarse control grid, `d_i ~ U(-D_i, D_i)`, the dense
/// field is the cubic B-spline through them (see `DisplacementField`), and each output
/// voxel takes the input value at its own position plus the displacement.
///
/// Parameters, with TorchIO's names and defaults: `num_control_points` 7 (one number or
/// three, each >= 4), `max_displacement` 7.5 mm (one number or three, >= 0),
/// `locked_borders` 2 (0: no control point fixed; 1: the outer layer of the grid gets no
/// displacement; 2: also the layer on the image border, so the image border stays in
/// place; 2 with 4 control points on an axis would be the identity and is refused, as
/// TorchIO), `interpolation` linear for the image (TorchIO's `image_interpolation`), the
/// image minimum as fill; label maps nearest with fill 0. Unlike TorchIO's code, which
/// locks the borders along the first two grid axes only, the borders are locked along
/// all three. For a 2D image the displacement along voxel axis 2 is zero. The record
/// holds every control point's displacement and whether folding is possible (a maximum
/// displacement above half the grid spacing, where TorchIO warns).
public struct RandomElasticDeformation: Transform {
    public let numControlPoints: [Int]
    public let maxDisplacement: [Double]
    public let lockedBorders: Int
    public let interpolation: Interpolation

    public init(numControlPoints: [Int] = [7, 7, 7], maxDisplacement: [Double] = [7.5, 7.5, 7.5], lockedBorders: Int = 2,
                interpolation: Interpolation = .linear) throws(PreprocessError) {
        guard numControlPoints.count == 3, numControlPoints.allSatisfy({ $0 >= 4 && $0 <= 1000 }) else {
            throw .invalidParameter(name: "random_elastic.num_control_points", value: "\(numControlPoints)",
                                    reason: "cubic B-splines need at least 4 control points per axis")
        }
        guard maxDisplacement.count == 3, maxDisplacement.allSatisfy({ $0 >= 0 }) else {
            throw .invalidParameter(name: "random_elastic.max_displacement", value: "\(maxDisplacement)",
                                    reason: "maximum displacements must be non-negative (mm)")
        }
        guard (0...2).contains(lockedBorders) else {
            throw .invalidParameter(name: "random_elastic.locked_borders", value: String(lockedBorders), reason: "expected 0, 1 or 2")
        }
        if lockedBorders == 2 && numControlPoints.contains(4) {
            throw .invalidParameter(name: "random_elastic.locked_borders", value: "2",
                                    reason: "with 4 control points on an axis and 2 locked borders nothing moves; lock fewer borders or use more control points")
        }
        self.numControlPoints = numControlPoints
        self.maxDisplacement = maxDisplacement
        self.lockedBorders = lockedBorders
        self.interpolation = interpolation
    }

    public init(parameters p: inout TransformParameters) throws(PreprocessError) {
        try self.init(numControlPoints: try p.ints("num_control_points", default: [7]).repeatedToThree(),
                      maxDisplacement: try p.doubles("max_displacement", default: [7.5]).repeatedToThree(),
                      lockedBorders: try p.int("locked_borders", default: 2),
                      interpolation: try p.interpolationChoice("interpolation", default: .linear))
    }

    public var name: String { "random_elastic" }
    public var parameters: [String: JSONValue] {
        ["num_control_points": AugmentationSupport.json(numControlPoints), "max_displacement": AugmentationSupport.json(maxDisplacement),
         "locked_borders": .number(Double(lockedBorders)), "interpolation": .string(interpolation.rawValue)]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let (cx, cy, cz) = (numControlPoints[0], numControlPoints[1], numControlPoints[2])
        var points = [Double](repeating: 0, count: 3 * cx * cy * cz)
        for c in 0..<cz {
            for b in 0..<cy {
                for a in 0..<cx {
                    let base = 3 * (a + cx * (b + cy * c))
                    let locked = [a, b, c].enumerated().contains { axis, q in q < lockedBorders || q >= numControlPoints[axis] - lockedBorders }
                    for comp in 0..<3 {
                        let v = random.uniform(-maxDisplacement[comp]...maxDisplacement[comp])
                        points[base + comp] = locked ? 0 : v
                    }
                }
            }
        }
        let image = subject.image
        try RandomElasticDeformation.deform(&subject, counts: numControlPoints, displacements: points, interpolation: interpolation)
        let spacing = image.geometry.spacing
        let folding = (0..<3).contains { a in
            let cellMM = (Double(image.shape[a]) + 0.25) / Double(numControlPoints[a] - 3) * spacing[a]
            return maxDisplacement[a] > cellMM / 2
        }
        return ["control_point_displacements_mm": AugmentationSupport.json(points),
                "control_point_layout": .string("x fastest, then y, then z; three components (R, A, S) per point"),
                "folding_possible": .bool(folding)]
    }

    /// Deforms a subject with given control-point displacements in world mm (RAS), laid
    /// out as `displacements[3 * (a + cx * (b + cy * c)) + component]` (TorchIO's
    /// `ElasticDeformation`).
    public static func deform(_ subject: inout Subject, counts: [Int], displacements: [Double],
                              interpolation: Interpolation = .linear) throws(PreprocessError) {
        guard counts.count == 3, counts.allSatisfy({ $0 >= 4 }), displacements.count == 3 * counts.reduce(1, *) else {
            throw .invalidParameter(name: "random_elastic.num_control_points", value: "\(counts)",
                                    reason: "expected three counts >= 4 and three displacements per control point")
        }
        if displacements.allSatisfy({ $0 == 0 }) { return }
        let image = subject.image
        guard let inverse = image.geometry.affine.inverse else {
            throw .singularAffine("the voxel-to-world affine cannot be inverted\n\(image.geometry.affine)")
        }
        // World displacement -> index displacement (linear part of the inverse affine).
        var indexPoints = displacements
        let is2D = image.depth == 1
        for p in 0..<(displacements.count / 3) {
            let w = Array(displacements[(3 * p)..<(3 * p + 3)])
            for r in 0..<3 {
                indexPoints[3 * p + r] = (is2D && r == 2) ? 0 : (0..<3).reduce(0) { $0 + inverse[r, $1] * w[$1] }
            }
        }
        let field = DisplacementField(shape: (image.shape[0], image.shape[1], image.shape[2]),
                                      counts: (counts[0], counts[1], counts[2]), controlPoints: indexPoints)
        let warp = SpatialWarp(indexMap: .identity, displacement: field)
        try warp.apply(to: &subject, interpolation: interpolation) { v, f in PadValue.minimum.resolve(v, frame: f) }
    }
}

fileprivate extension Array {
    /// One value repeated three times, or the array as is.
    func repeatedToThree() -> [Element] { count == 1 ? [self[0], self[0], self[0]] : self }
}
