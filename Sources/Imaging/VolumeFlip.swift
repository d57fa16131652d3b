/// Exact axis flips of a volume, with the affine updated so that every voxel keeps
/// its world position (no interpolation).
extension Volume {
    /// Returns the volume with voxel axis `axis` (0 = x, 1 = y, 2 = z) reversed.
    public func flipped(axis: Int) -> Volume {
        var v = self
        v.flip(axis: axis)
        return v
    }

    /// Reverses voxel axis `axis` (0 = x, 1 = y, 2 = z) in place, swapping runs of voxels
    /// (single voxels for x, rows for y, slices for z).
    public mutating func flip(axis: Int) {
        precondition(axis >= 0 && axis < 3, "axis must be 0, 1 or 2")
        let n = shape[axis]
        geometry.affine = Volume.flippedAffine(geometry.affine, axis: axis, extent: n)
        guard n > 1 else { return }
        let b = voxelType.byteSize
        var inner = 1
        for d in 0..<axis { inner *= shape[d] }
        let outer = count / (inner * n)
        let run = inner * b
        data.withUnsafeMutableBytes { raw in
            guard let p = raw.baseAddress else { return }
            let tmp = UnsafeMutableRawPointer.allocate(byteCount: run, alignment: 16)
            defer { tmp.deallocate() }
            for o in 0..<outer {
                let base = p + o * n * run
                for k in 0..<(n / 2) {
                    let x = base + k * run, y = base + (n - 1 - k) * run
                    tmp.copyMemory(from: x, byteCount: run)
                    x.copyMemory(from: y, byteCount: run)
                    y.copyMemory(from: tmp, byteCount: run)
                }
            }
        }
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
