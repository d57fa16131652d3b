import Foundation

/// A dense displacement field (in voxel index units) interpolated by cubic B-splines from
/// a coarse grid of control points, as ITK's `BSplineTransform` set up by
/// `BSplineTransformInitializer` with a mesh of `n - 3` cells per axis (TorchIO's elastic
/// deformation).
///
/// As ITK, the mesh spans the image bounds (the outer voxel faces) widened by 1/8 voxel
/// on each side: along an axis of N voxels with n control points the grid spacing is
/// `(N + 1/4) / (n - 3)` voxels and control point q sits at index
/// `-0.625 + (q - 1) * spacing`, so points 1 and n - 2 lie just outside the outer faces
/// and points 0 and n - 1 one cell further out. The displacement at voxel index x is
/// `sum_q c[q] * beta3(u - q)` with `u = (x + 0.625) / spacing + 1` (separably in x, y,
/// z); only four control points per axis contribute. The x and y sums are done once; the
/// z sum per voxel. Control points are indexed along the voxel axes (ITK orders them
/// along the LPS world axes, which for a RAS-stored image reverses the first two).
struct DisplacementField: Sendable {
    let shape: (Int, Int, Int)
    /// Control points along z.
    let nz: Int
    /// partial[component][(j * nx + i) * nz + c]: the field summed over x and y for control plane c.
    let partial: [[Double]]
    /// Per slice k: first contributing control plane and its four weights.
    let zStart: [Int]
    let zWeights: [SIMD4<Double>]

    /// `controlPoints` holds three components (index units) per control point, grid
    /// x fastest: `controlPoints[3 * (a + cx * (b + cy * c)) + component]`.
    init(shape: (Int, Int, Int), counts: (Int, Int, Int), controlPoints: [Double]) {
        self.shape = shape
        let (cx, cy, cz) = counts
        nz = cz
        let (xs, xw) = DisplacementField.weights(voxels: shape.0, controlPoints: cx)
        let (ys, yw) = DisplacementField.weights(voxels: shape.1, controlPoints: cy)
        (zStart, zWeights) = DisplacementField.weights(voxels: shape.2, controlPoints: cz)
        var out: [[Double]] = []
        for comp in 0..<3 {
            // e[(c * cy + b) * nx + i]: summed over x.
            var e = [Double](repeating: 0, count: cz * cy * shape.0)
            for c in 0..<cz {
                for b in 0..<cy {
                    for i in 0..<shape.0 {
                        var s = 0.0
                        for q in 0..<4 { s += xw[i][q] * controlPoints[3 * ((xs[i] + q) + cx * (b + cy * c)) + comp] }
                        e[(c * cy + b) * shape.0 + i] = s
                    }
                }
            }
            var f = [Double](repeating: 0, count: shape.0 * shape.1 * cz)
            for j in 0..<shape.1 {
                for i in 0..<shape.0 {
                    for c in 0..<cz {
                        var s = 0.0
                        for q in 0..<4 { s += yw[j][q] * e[(c * cy + ys[j] + q) * shape.0 + i] }
                        f[(j * shape.0 + i) * cz + c] = s
                    }
                }
            }
            out.append(f)
        }
        partial = out
    }

    /// First contributing control point and the four cubic B-spline weights for each voxel of an axis.
    static func weights(voxels n: Int, controlPoints count: Int) -> ([Int], [SIMD4<Double>]) {
        let spacing = (Double(n) + 0.25) / Double(count - 3)
        var starts: [Int] = [], weights: [SIMD4<Double>] = []
        for x in 0..<n {
            let u = (Double(x) + 0.625) / spacing + 1
            let fl = u.rounded(.down)
            let t = u - fl
            starts.append(min(max(Int(fl) - 1, 0), count - 4))
            let v = 1 - t, t2 = t * t, t3 = t2 * t
            weights.append(SIMD4(v * v * v / 6, (3 * t3 - 6 * t2 + 4) / 6, (-3 * t3 + 3 * t2 + 3 * t + 1) / 6, t3 / 6))
        }
        return (starts, weights)
    }

    /// The displacement (index units) at voxel (i, j, k).
    @inline(__always)
    func value(_ i: Int, _ j: Int, _ k: Int) -> (Double, Double, Double) {
        let base = (j * shape.0 + i) * nz + zStart[k]
        let w = zWeights[k]
        let px = partial[0], py = partial[1], pz = partial[2]
        let x = w[0] * px[base] + w[1] * px[base + 1] + w[2] * px[base + 2] + w[3] * px[base + 3]
        let y = w[0] * py[base] + w[1] * py[base + 1] + w[2] * py[base + 2] + w[3] * py[base + 3]
        let z = w[0] * pz[base] + w[1] * pz[base + 1] + w[2] * pz[base + 2] + w[3] * pz[base + 3]
        return (x, y, z)
    }
}
