/// Axis codes of an affine, as nibabel's `io_orientation` / `aff2axcodes` compute them.
public enum Orientation {
    private static let labels: [(Character, Character)] = [("L", "R"), ("P", "A"), ("I", "S")]

    /// For each voxel axis, the world axis (0 = x, 1 = y, 2 = z) it is closest to
    /// and the sign (+1 toward R/A/S), chosen so that no two voxel axes share a
    /// world axis. Greedy on the largest absolute direction cosine, as nibabel does.
    public static func axes(of affine: Matrix4) -> [(axis: Int, sign: Int)] {
        // Direction matrix normalized per column.
        var cols = [[Double]](repeating: [0, 0, 0], count: 3)
        for c in 0..<3 {
            let n = (0..<3).map { affine[$0, c] * affine[$0, c] }.reduce(0, +).squareRoot()
            for r in 0..<3 { cols[c][r] = n > 0 ? affine[r, c] / n : 0 }
        }
        var result = [(axis: Int, sign: Int)](repeating: (0, 1), count: 3)
        var usedWorld = Set<Int>(), usedVoxel = Set<Int>()
        for _ in 0..<3 {
            var best = (v: -1, w: -1, val: -1.0)
            for v in 0..<3 where !usedVoxel.contains(v) {
                for w in 0..<3 where !usedWorld.contains(w) {
                    let a = abs(cols[v][w])
                    if a > best.val { best = (v, w, a) }
                }
            }
            usedVoxel.insert(best.v); usedWorld.insert(best.w)
            result[best.v] = (best.w, cols[best.v][best.w] < 0 ? -1 : 1)
        }
        return result
    }

    /// e.g. "RAS", "LPS", "LIA".
    public static func code(of affine: Matrix4) -> String {
        String(axes(of: affine).map { $0.sign > 0 ? labels[$0.axis].1 : labels[$0.axis].0 })
    }
}
