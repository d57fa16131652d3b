/// Exact axis flips of a volume, with the affine updated so that every voxel keeps
/// its world position (no interpolation).
extension Volume {
    /// Returns the volume with voxel axis `axis` (0 = x, 1 = y, 2 = z) reversed.
    public func flipped(axis: Int) -> Volume {
        precondition(axis >= 0 && axis < 3, "axis must be 0, 1 or 2")
        let n = shape[axis]
        if n <= 1 {
            var v = self
            v.geometry.affine = Volume.flippedAffine(geometry.affine, axis: axis, extent: n)
            return v
        }
        let b = voxelType.byteSize
        // Stride (in voxels) of the flipped axis and of the block it reverses.
        var inner = 1
        for d in 0..<axis { inner *= shape[d] }
        let outer = count / (inner * n)
        let run = inner * b
        var out = [UInt8](repeating: 0, count: data.count)
        data.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for o in 0..<outer {
                    let base = o * n * run
                    for k in 0..<n {
                        (d + base + (n - 1 - k) * run).copyMemory(from: s + base + k * run, byteCount: run)
                    }
                }
            }
        }
        var v = self
        v.data = out
        v.geometry.affine = Volume.flippedAffine(geometry.affine, axis: axis, extent: n)
        return v
    }

    /// Affine after reversing `axis` of extent `n`: the column is negated and the origin
    /// moves to the former last voxel.
    static func flippedAffine(_ a: Matrix4, axis: Int, extent n: Int) -> Matrix4 {
        var r = a
        for row in 0..<3 {
            r[row, 3] = a[row, 3] + a[row, axis] * Double(n - 1)
            r[row, axis] = -a[row, axis]
        }
        return r
    }
}
