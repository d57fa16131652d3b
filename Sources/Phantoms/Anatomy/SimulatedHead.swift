import Foundation
import Imaging
import Preprocessing

/// One simulated patient's head on the template grid: the Colin27 T1 warped by a random
/// smooth deformation (anatomical variation), an optional tumour, and the head's pose in
/// the scanner (a small rotation, scaling and shift). Contrast images are made from it on demand.
public struct SimulatedHead: Sendable {
    /// The warped T1 (float32, template grid and affine).
    public let t1: Volume
    public let lesion: Lesion?
    /// Scanner RAS <- template RAS: where the head lies in the scanner.
    public let pose: Matrix4
    /// CSF, grey and white matter T1 means (the contrast knots).
    let tissueMeans: [Double]
    /// Per-patient jitter of the lesion signal (multiplier).
    let lesionGain: Double
    /// Seeds of the lesion's texture.
    let texture: [Double]

    /// Control points per axis of the deformation and the largest displacement (mm).
    public static let deformationControlPoints = 7
    public static let maxDeformation = 4.0

    public init(anatomy: PhantomAnatomy, lesion: Lesion?, random: inout SeededRandom) throws(PhantomError) {
        // Smooth deformation: cubic B-spline control grid, borders locked (as TorchIO's RandomElasticDeformation).
        let n = SimulatedHead.deformationControlPoints
        var displacements = [Double](repeating: 0, count: 3 * n * n * n)
        for c in 0..<n { for b in 0..<n { for a in 0..<n {
            let inner = [a, b, c].allSatisfy { $0 >= 2 && $0 < n - 2 }
            for r in 0..<3 {
                let d = random.uniform(-SimulatedHead.maxDeformation...SimulatedHead.maxDeformation)
                if inner { displacements[3 * (a + n * (b + n * c)) + r] = d }
            }
        } } }
        do {
            var subject = try Subject(image: anatomy.t1)
            try RandomElasticDeformation.deform(&subject, counts: [n, n, n], displacements: displacements)
            t1 = subject.image
        } catch {
            throw .invalidParameter(name: "deformation", value: "\(n) control points", reason: "\(error)")
        }
        self.lesion = lesion
        tissueMeans = anatomy.tissueMeans
        lesionGain = random.uniform(0.9...1.1)
        texture = (0..<9).map { _ in random.uniform(0...1) }
        // Pose: rotation up to 6 degrees about each axis, scale 0.93-1.07 per axis, shift up to 8 mm.
        let angles = (0..<3).map { _ in random.uniform(-6...6) * .pi / 180 }
        let scales = (0..<3).map { _ in random.uniform(0.93...1.07) }
        let shift = (0..<3).map { _ in random.uniform(-8...8) }
        pose = SimulatedHead.rigid(angles: angles, shift: shift) * Matrix4.diagonal(scales + [1])
    }

    /// Rotation about R, then A, then S (radians), then a shift (mm).
    static func rigid(angles: [Double], shift: [Double]) -> Matrix4 {
        let (a, b, c) = (angles[0], angles[1], angles[2])
        let rx = Matrix4(rows: [[1, 0, 0, 0], [0, cos(a), -sin(a), 0], [0, sin(a), cos(a), 0], [0, 0, 0, 1]])
        let ry = Matrix4(rows: [[cos(b), 0, sin(b), 0], [0, 1, 0, 0], [-sin(b), 0, cos(b), 0], [0, 0, 0, 1]])
        let rz = Matrix4(rows: [[cos(c), -sin(c), 0, 0], [sin(c), cos(c), 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        var m = rz * ry * rx
        for r in 0..<3 { m.m[r * 4 + 3] = shift[r] }
        return m
    }

    /// The head in `contrast` on the template grid (float32). `posed` puts it where it lies in
    /// the scanner (the affine changes, not the voxels).
    public func image(_ contrast: MRContrast, posed: Bool) -> Volume {
        let s = contrast.tissueSignal
        let m = tissueMeans.count == 3 ? tissueMeans : [30, 60, 90]
        // Knots: T1 intensity -> signal. Background stays 0; above white matter the signal
        // moves towards the fat value at twice the white-matter intensity.
        let map = PiecewiseLinear(xs: [0, m[0], m[1], m[2], 2 * m[2]], ys: [0, s.csf, s.grey, s.white, s.fat])
        var out = t1
        let shape = t1.shape
        let affine = t1.geometry.affine
        let lesionSignal = lesion.map { contrast.lesionSignal($0.tumourClass) }
        let box = lesion.flatMap { $0.voxelBox(shape: shape, affine: affine) }
        let gain = lesionGain, tex = texture
        out.withMutableFloat32Buffer { buf in
            let p = UnsafeShared(buf.baseAddress!)
            let nx = shape[0], ny = shape[1], nz = shape[2]
            DispatchQueue.concurrentPerform(iterations: nz) { k in
                let plane = p.value + k * nx * ny
                for idx in 0..<(nx * ny) { plane[idx] = map.value(plane[idx]) }
                guard let l = lesion, let ls = lesionSignal, let b = box, k >= b.lo[2], k <= b.hi[2] else { return }
                for j in stride(from: b.lo[1], through: b.hi[1], by: 1) {
                    for i in stride(from: b.lo[0], through: b.hi[0], by: 1) {
                        let w = affine.apply([Double(i), Double(j), Double(k)])
                        let (solid, necrosis, edema) = l.memberships(w[0], w[1], w[2])
                        let total = solid + necrosis + edema
                        guard total > 0 else { continue }
                        // Low-frequency texture, about +-8 %.
                        let t = 1 + 0.08 * (sin(w[0] * 0.31 + tex[0] * 6.28) * tex[3] + sin(w[1] * 0.27 + tex[1] * 6.28) * tex[4]
                                            + sin(w[2] * 0.23 + tex[2] * 6.28) * tex[5])
                        let v = Double(solid) * ls.solid + Double(necrosis) * ls.necrosis + Double(edema) * ls.edema
                        let idx = j * nx + i
                        let base = Double(plane[idx])
                        plane[idx] = Float(base * Double(1 - total) + v * gain * t)
                    }
                }
            }
        }
        if posed { out.geometry.affine = pose * affine }
        return out
    }
}

/// A piecewise-linear map through increasing knots, constant beyond the ends.
struct PiecewiseLinear: Sendable {
    let xs: [Float], slopes: [Float], ys: [Float]

    init(xs: [Double], ys: [Double]) {
        self.xs = xs.map(Float.init)
        self.ys = ys.map(Float.init)
        var slopes: [Float] = []
        for n in 1..<xs.count {
            let dy: Double = ys[n] - ys[n - 1], dx: Double = max(1e-12, xs[n] - xs[n - 1])
            slopes.append(Float(dy / dx))
        }
        self.slopes = slopes
    }

    @inline(__always)
    func value(_ x: Float) -> Float {
        if x <= xs[0] { return ys[0] }
        for n in 1..<xs.count where x <= xs[n] { return ys[n - 1] + (x - xs[n - 1]) * slopes[n - 1] }
        return ys[ys.count - 1]
    }
}
