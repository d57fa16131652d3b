import Foundation
import Imaging

/// Sorts the slices of a series along the slice normal, stacks repeated positions as
/// time points, checks spacing, and derives the affine from Image Orientation/Position
/// (Patient) and Pixel Spacing.
public enum SeriesGeometry {
    /// Positions closer than this (mm) along the normal are the same slice.
    public static let positionTolerance = 0.01
    /// Relative spacing deviation tolerated before slices count as non-uniform.
    public static let spacingTolerance = 0.01

    public static func layout(_ series: DicomSeries) throws -> SeriesLayout {
        let all = series.slices
        guard let first = all.first else { throw SeriesLayoutError(reason: "series has no images") }
        var warnings: [String] = []
        let ps = first.pixelSpacing ?? [1, 1]
        guard let iop = first.orientation, let normal = first.normal, Vector3.norm(normal) > 0.5,
              all.allSatisfy({ $0.position != nil }) else {
            // No patient geometry: stack in file/frame order with unit or nominal spacing.
            let ordered = all.sorted { ($0.instanceNumber, $0.path, $0.frame) < ($1.instanceNumber, $1.path, $1.frame) }
            let dz = first.spacingBetweenSlices ?? first.sliceThickness ?? 1
            warnings.append("no Image Orientation/Position (Patient): voxel spacing \(ps[1]) x \(ps[0]) x \(dz) mm, identity orientation, centred in-plane")
            // Identity orientation with the centre of the first image at the origin: the affine
            // NIfTI readers (nibabel) fall back to for dcm2niix's output, which has no orientation.
            let cx = -Double(first.columns - 1) / 2 * ps[1], cy = -Double(first.rows - 1) / 2 * ps[0]
            let a = Matrix4(rows: [[ps[1], 0, 0, cx], [0, ps[0], 0, cy], [0, 0, dz, 0], [0, 0, 0, 1]])
            return SeriesLayout(slices: ordered.map { [$0] }, columns: first.columns, rows: first.rows, lpsAffine: a,
                                sliceSpacing: dz, gantryTiltDegrees: 0, warnings: warnings, geometryMissing: true)
        }
        let rowDir = Array(iop[0..<3]), colDir = Array(iop[3..<6])

        // Distance of each image along the normal.
        let keyed = all.map { (d: Vector3.dot($0.position ?? [0, 0, 0], normal), s: $0) }.sorted { $0.d < $1.d }
        var positions: [[(d: Double, s: SliceRecord)]] = []
        for item in keyed {
            if let last = positions.last?.first, abs(item.d - last.d) < positionTolerance {
                positions[positions.count - 1].append(item)
            } else {
                positions.append([item])
            }
        }
        // Time points at each position.
        var stacks: [[SliceRecord]] = positions.map { group in
            group.map(\.s).sorted { ($0.timeKey, $0.instanceNumber, $0.path, $0.frame) < ($1.timeKey, $1.instanceNumber, $1.path, $1.frame) }
        }
        // Exact duplicates (the same SOP instance twice, or the same time key twice) are dropped with a warning.
        var dropped = 0
        stacks = stacks.map { stack in
            var seen = Set<String>()
            return stack.filter { s in
                let key = (s.sopInstanceUID ?? s.path) + "#\(s.frame)"
                if seen.insert(key).inserted { return true }
                dropped += 1
                return false
            }
        }
        if dropped > 0 { warnings.append("dropped \(dropped) duplicate image(s) (same SOP Instance UID and frame)") }
        let counts = Set(stacks.map(\.count))
        if counts.count > 1 {
            let detail = stacks.enumerated().filter { $0.element.count != stacks[0].count }.prefix(3)
                .map { "slice \($0.offset + 1) has \($0.element.count)" }.joined(separator: ", ")
            throw SeriesLayoutError(reason: "duplicated or missing images: positions hold different numbers of images (\(counts.sorted().map(String.init).joined(separator: "/")); \(detail))")
        }
        if let n = counts.first, n > 1 {
            // Repeated positions must differ in time; equal time keys mean duplicated slices.
            for stack in stacks where Set(stack.map(\.timeKey)).count < stack.count && Set(stack.map(\.instanceNumber)).count < stack.count {
                throw SeriesLayoutError(reason: "duplicated slices: \(stack.count) images at one position with the same time and instance number (\(stack.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")))")
            }
        }

        // Spacing along the normal.
        let dists = positions.map { $0[0].d }
        var spacing = 0.0
        if dists.count > 1 {
            let gaps = zip(dists.dropFirst(), dists).map { $0 - $1 }
            let minGap = gaps.min() ?? 0
            let maxGap = gaps.max() ?? 0
            spacing = (dists.last! - dists.first!) / Double(dists.count - 1)
            if maxGap - minGap > spacingTolerance * max(minGap, 1e-6) + 1e-3 {
                let ratio = maxGap / max(minGap, 1e-9)
                if abs(ratio - ratio.rounded()) < 0.05 && ratio.rounded() >= 2 {
                    let missing = gaps.map { Int(($0 / minGap).rounded()) - 1 }.reduce(0, +)
                    throw SeriesLayoutError(reason: "missing slices: about \(missing) slice(s) absent (gaps from \(fmt(minGap)) to \(fmt(maxGap)) mm along the normal)")
                }
                throw SeriesLayoutError(reason: "non-uniform slice spacing: gaps from \(fmt(minGap)) to \(fmt(maxGap)) mm along the normal")
            }
        }

        // Stacking vector: from first to last slice position (includes gantry tilt shear).
        let p0 = stacks[0][0].position ?? [0, 0, 0]
        var sliceVec = Vector3.scale(normal, first.spacingBetweenSlices ?? first.sliceThickness ?? 1)
        var tilt = 0.0
        if stacks.count > 1, let pl = stacks[stacks.count - 1][0].position {
            sliceVec = Vector3.scale(Vector3.sub(pl, p0), 1 / Double(stacks.count - 1))
            let cosA = abs(Vector3.dot(sliceVec, normal)) / max(Vector3.norm(sliceVec), 1e-12)
            tilt = acos(min(1, cosA)) * 180 / .pi
            if tilt > 0.01 { warnings.append(String(format: "gantry tilt / sheared stack: %.2f degrees between the slice direction and the normal", tilt)) }
        } else if stacks.count == 1 {
            if first.spacingBetweenSlices == nil && first.sliceThickness == nil { warnings.append("single slice without Slice Thickness: 1 mm assumed") }
        }
        let a = Matrix4(rows: [
            [rowDir[0] * ps[1], colDir[0] * ps[0], sliceVec[0], p0[0]],
            [rowDir[1] * ps[1], colDir[1] * ps[0], sliceVec[1], p0[1]],
            [rowDir[2] * ps[1], colDir[2] * ps[0], sliceVec[2], p0[2]],
            [0, 0, 0, 1],
        ])
        return SeriesLayout(slices: stacks, columns: first.columns, rows: first.rows, lpsAffine: a,
                            sliceSpacing: abs(spacing), gantryTiltDegrees: tilt, warnings: warnings, geometryMissing: false)
    }

    private static func fmt(_ v: Double) -> String { String(format: "%.3f", v) }
}
