import Foundation
import Imaging
import Preprocessing

/// One simulated tumour in template space (RAS mm, the Colin27 frame): a lobulated solid
/// part, optionally a necrotic core and a rim of edema, each a soft membership (1.5 mm edges,
/// so resampling shows partial volume rather than stair steps).
public struct Lesion: Sendable, Codable, Equatable {
    /// A bump of the surface: where it points (unit vector) and how far it reaches (fraction of the radius).
    public struct Lobe: Sendable, Codable, Equatable {
        public var direction: [Double]
        public var amplitude: Double
    }

    public var tumourClass: TumourClass
    /// Centre of the solid part, RAS mm.
    public var centre: [Double]
    /// Mean radius of the solid part, mm.
    public var radius: Double
    /// Radius of the necrotic core, mm (0: solid).
    public var necrosisRadius: Double
    /// Radius of the edema, mm (0: none).
    public var edemaRadius: Double
    /// Scale of each axis (R, A, S) of the shape: 1 for a sphere.
    public var elongation: [Double]
    public var lobes: [Lobe]
    /// Where it lies: the AAL region at (or nearest to) the centre, or "sella turcica".
    public var region: String?

    /// Width of the soft edge, mm.
    static let edge = 1.5

    /// The shape factor (about 1) in a unit direction.
    func shape(_ d: (Double, Double, Double)) -> Double {
        var f = 1.0
        for l in lobes {
            let c = d.0 * l.direction[0] + d.1 * l.direction[1] + d.2 * l.direction[2]
            if c > 0 { f += l.amplitude * c * c * c }
        }
        return f
    }

    /// Memberships (solid, necrosis, edema), each in [0, 1], at a world point.
    @inline(__always)
    func memberships(_ x: Double, _ y: Double, _ z: Double) -> (solid: Float, necrosis: Float, edema: Float) {
        let vx = (x - centre[0]) / elongation[0], vy = (y - centre[1]) / elongation[1], vz = (z - centre[2]) / elongation[2]
        let r = (vx * vx + vy * vy + vz * vz).squareRoot()
        let reach = max(radius, edemaRadius) * 1.6 + 2 * Lesion.edge
        guard r < reach else { return (0, 0, 0) }
        let f = r > 1e-9 ? shape((vx / r, vy / r, vz / r)) : 1
        func soft(_ limit: Double) -> Float {
            limit <= 0 ? 0 : Float(min(1, max(0, (limit * f - r) / Lesion.edge + 0.5)))
        }
        let solid = soft(radius)
        let necrosis = min(solid, soft(necrosisRadius))
        let edema = max(0, soft(edemaRadius) - solid)
        return (solid - necrosis, necrosis, edema)
    }

    /// The axis-aligned box (RAS mm) outside which every membership is 0.
    public var bounds: (lower: [Double], upper: [Double]) {
        let maxLobe = 1 + lobes.reduce(0) { $0 + max(0, $1.amplitude) }
        let reach = max(radius, edemaRadius) * maxLobe + 2 * Lesion.edge
        return ((0..<3).map { centre[$0] - reach * elongation[$0] }, (0..<3).map { centre[$0] + reach * elongation[$0] })
    }

    /// The voxel index box (inclusive, clipped to the grid) holding `bounds` on a grid; nil
    /// when the affine cannot be inverted. Empty boxes have lo > hi on some axis.
    func voxelBox(shape: [Int], affine: Matrix4) -> (lo: [Int], hi: [Int])? {
        guard let inv = affine.inverse else { return nil }
        let b = bounds
        var lo = [Int.max, Int.max, Int.max], hi = [Int.min, Int.min, Int.min]
        for corner in 0..<8 {
            let p = [corner & 1 == 0 ? b.lower[0] : b.upper[0], corner & 2 == 0 ? b.lower[1] : b.upper[1],
                     corner & 4 == 0 ? b.lower[2] : b.upper[2]]
            let ijk = inv.apply(p)
            for r in 0..<3 {
                lo[r] = min(lo[r], max(0, Int(ijk[r].rounded(.down))))
                hi[r] = max(hi[r], min(shape[r] - 1, Int(ijk[r].rounded(.up))))
            }
        }
        return (lo, hi)
    }

    /// Random lobes: `count` bumps of up to `amplitude`.
    static func lobes(count: Int, amplitude: Double, random: inout SeededRandom) -> [Lobe] {
        (0..<count).map { _ in
            var v = [random.normal(), random.normal(), random.normal()]
            let n = max(1e-9, (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot())
            v = v.map { $0 / n }
            return Lobe(direction: v, amplitude: random.uniform(0...amplitude))
        }
    }

    /// Amount of tumour (solid and necrotic, in voxels) in each slice k of a grid: the slices
    /// that show the lesion, for choosing 2D pictures.
    public func sliceProfile(shape: [Int], affine: Matrix4) -> [Double] {
        var profile = [Double](repeating: 0, count: shape[2])
        guard let (lo, hi) = voxelBox(shape: shape, affine: affine) else { return profile }
        for k in stride(from: lo[2], through: hi[2], by: 1) {
            var s = 0.0
            for j in stride(from: lo[1], through: hi[1], by: 1) {
                for i in stride(from: lo[0], through: hi[0], by: 1) {
                    let w = affine.apply([Double(i), Double(j), Double(k)])
                    let m = memberships(w[0], w[1], w[2])
                    s += Double(m.solid + m.necrosis)
                }
            }
            profile[k] = s
        }
        return profile
    }
}
