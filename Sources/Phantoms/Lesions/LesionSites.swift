import Foundation
import Imaging
import Preprocessing

/// Where each kind of tumour can grow in the template anatomy, found once per archive:
/// deep white matter of the cerebral hemispheres for gliomas, the brain's convexity surface
/// for meningiomas, and the sella turcica for pituitary tumours.
public struct LesionSites: Sendable {
    /// RAS mm points in hemispheric white matter (|x| >= 12 mm, -5 <= z <= 45 mm).
    public var whiteMatter: [[Double]]
    /// RAS mm points on the brain surface above z = 5 mm, each with its outward unit normal.
    public var surface: [(point: [Double], normal: [Double])]
    /// Centre of the pituitary fossa in the Colin27 frame (located on the template's midline
    /// sagittal slice: anterior to the pons, above the sphenoid sinus).
    public static let sella: [Double] = [0, 5, -30]
    /// Centroid of the brain, RAS mm (series are centred on it).
    public var brainCentre: [Double]
    /// The AAL labels and their names, for naming where a lesion lies.
    let atlas: Volume
    let atlasNames: [Int: String]

    public init(_ anatomy: PhantomAnatomy) {
        let t = anatomy.tissue.values(as: UInt8.self) ?? []
        let (nx, ny, nz) = (anatomy.tissue.shape[0], anatomy.tissue.shape[1], anatomy.tissue.shape[2])
        let a = anatomy.tissue.geometry.affine
        func world(_ i: Int, _ j: Int, _ k: Int) -> [Double] { a.apply([Double(i), Double(j), Double(k)]) }
        func isBrain(_ v: UInt8) -> Bool { v >= TissueClass.csf.rawValue && v <= TissueClass.whiteMatter.rawValue }
        var wm: [[Double]] = [], surf: [(point: [Double], normal: [Double])] = []
        // Brain centroid, for outward normals.
        var c = [0.0, 0.0, 0.0], n = 0.0
        for k in stride(from: 0, to: nz, by: 2) {
            for j in stride(from: 0, to: ny, by: 2) {
                for i in stride(from: 0, to: nx, by: 2) where isBrain(t[(k * ny + j) * nx + i]) {
                    let p = world(i, j, k)
                    c = zip(c, p).map(+); n += 1
                }
            }
        }
        if n > 0 { c = c.map { $0 / n } }
        // Every third voxel is plenty of candidates and keeps the lists small.
        for k in stride(from: 1, to: nz - 1, by: 3) {
            for j in stride(from: 1, to: ny - 1, by: 3) {
                for i in stride(from: 1, to: nx - 1, by: 3) {
                    let idx = (k * ny + j) * nx + i
                    let v = t[idx]
                    guard isBrain(v) else { continue }
                    let p = world(i, j, k)
                    if v == TissueClass.whiteMatter.rawValue, abs(p[0]) >= 12, p[2] >= -5, p[2] <= 45 {
                        wm.append(p)
                    }
                    let neighbours = [idx - 1, idx + 1, idx - nx, idx + nx, idx - nx * ny, idx + nx * ny]
                    if p[2] >= 5, neighbours.contains(where: { !isBrain(t[$0]) }) {
                        var d = zip(p, c).map(-)
                        let len = max(1e-9, (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).squareRoot())
                        d = d.map { $0 / len }
                        surf.append((p, d))
                    }
                }
            }
        }
        whiteMatter = wm
        surface = surf
        brainCentre = n > 0 ? c : [0, -18, 15]
        atlas = anatomy.atlas
        atlasNames = anatomy.atlasNames
    }

    /// The AAL region at a point, or the nearest labelled voxel within 15 mm; nil when none.
    public func region(at point: [Double]) -> String? {
        guard let inv = atlas.geometry.affine.inverse, let labels = atlas.values(as: UInt8.self) else { return nil }
        let (nx, ny, nz) = (atlas.shape[0], atlas.shape[1], atlas.shape[2])
        let c = inv.apply(point).map { Int($0.rounded()) }
        var best: (d: Int, label: UInt8)?
        for dk in -15...15 { for dj in -15...15 { for di in -15...15 {
            let i = c[0] + di, j = c[1] + dj, k = c[2] + dk
            guard i >= 0, j >= 0, k >= 0, i < nx, j < ny, k < nz else { continue }
            let l = labels[(k * ny + j) * nx + i]
            let d = di * di + dj * dj + dk * dk
            if l > 0, d <= 225, best.map({ d < $0.d }) ?? true { best = (d, l) }
        } } }
        return best.map { atlasNames[Int($0.label)] ?? "AAL \($0.label)" }
    }

    /// A random lesion of `tumourClass` (nil for `.noTumour`), named by its region.
    public func lesion(_ tumourClass: TumourClass, random: inout SeededRandom) -> Lesion? {
        guard var l = placed(tumourClass, random: &random) else { return nil }
        l.region = tumourClass == .pituitary ? "sella turcica" : region(at: l.centre)
        return l
    }

    func placed(_ tumourClass: TumourClass, random: inout SeededRandom) -> Lesion? {
        switch tumourClass {
        case .noTumour:
            return nil
        case .glioma:
            let c = whiteMatter.isEmpty ? [30, -10, 20] : whiteMatter[random.int(below: whiteMatter.count)]
            let r = random.uniform(10...22)
            let ring = random.uniform() < 0.6
            return Lesion(tumourClass: .glioma, centre: c, radius: r, necrosisRadius: ring ? r * random.uniform(0.45...0.7) : 0,
                          edemaRadius: r * random.uniform(1.5...2.1),
                          elongation: (0..<3).map { _ in random.uniform(0.8...1.2) },
                          lobes: Lesion.lobes(count: 2 + random.int(below: 4), amplitude: 0.45, random: &random), region: nil)
        case .meningioma:
            let s = surface.isEmpty ? (point: [40.0, 0, 40], normal: [0.7, 0, 0.7]) : surface[random.int(below: surface.count)]
            let r = random.uniform(9...20)
            let c = (0..<3).map { s.point[$0] + s.normal[$0] * r * 0.35 }
            return Lesion(tumourClass: .meningioma, centre: c, radius: r, necrosisRadius: 0,
                          edemaRadius: random.uniform() < 0.3 ? r * 1.3 : 0,
                          elongation: (0..<3).map { _ in random.uniform(0.9...1.1) },
                          lobes: Lesion.lobes(count: 2, amplitude: 0.12, random: &random), region: nil)
        case .pituitary:
            let r = random.uniform(5...11)
            // Macroadenomas grow upwards out of the sella.
            let c = [LesionSites.sella[0] + random.uniform(-1.5...1.5), LesionSites.sella[1] + random.uniform(-1.5...1.5),
                     LesionSites.sella[2] + r * 0.35]
            return Lesion(tumourClass: .pituitary, centre: c, radius: r, necrosisRadius: 0, edemaRadius: 0,
                          elongation: [random.uniform(0.9...1.1), random.uniform(0.85...1.0), random.uniform(1.1...1.4)],
                          lobes: Lesion.lobes(count: 2, amplitude: 0.15, random: &random), region: nil)
        }
    }
}
