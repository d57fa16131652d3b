/// Point evaluation on one float32 3D frame (x fastest), shared by the generic
/// (oblique) resampling path and `Interpolator`.
///
/// Field of view: a point is inside when each continuous index lies in
/// [-0.5, n - 0.5] (the voxels' outer faces, with a 1e-6 voxel tolerance); outside
/// points get the fill value. Inside the half-voxel border beyond the outer centres:
/// - nearest rounds to the closest voxel (halves up) and clamps to the edge;
/// - linear clamps the coordinate to [0, n - 1] (edge replication, scipy mode 'nearest');
/// - bspline reads the spline coefficients mirrored about the edge centres
///   (scipy mode 'mirror', ITK's B-spline interpolator).
enum FrameSampler {
    static let tolerance = 1e-6

    @inline(__always)
    static func inside(_ x: Double, _ n: Int) -> Bool {
        x >= -0.5 - tolerance && x <= Double(n) - 0.5 + tolerance
    }

    /// Index `i` reflected about the centres of the first and last voxel (period 2n - 2).
    @inline(__always)
    static func mirror(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        if i >= 0 && i < n { return i }
        let period = 2 * n - 2
        var r = abs(i) % period
        if r >= n { r = period - r }
        return r
    }

    /// Nearest index, halves rounded up, clamped to [0, n - 1].
    @inline(__always)
    static func nearest(_ x: Double, _ n: Int) -> Int {
        let i = Int((x + 0.5).rounded(.down))
        return min(max(i, 0), n - 1)
    }

    /// Lower index and weight of the upper neighbour for linear interpolation with the
    /// coordinate clamped to [0, n - 1].
    @inline(__always)
    static func linear(_ x: Double, _ n: Int) -> (Int, Double) {
        if n == 1 { return (0, 0) }
        let c = min(max(x, 0), Double(n - 1))
        let i = min(Int(c.rounded(.down)), n - 2)
        return (i, c - Double(i))
    }

    /// Cubic B-spline weights of the samples at floor(x) - 1 ... floor(x) + 2 for t = x - floor(x).
    @inline(__always)
    static func cubicWeights(_ t: Double) -> SIMD4<Double> {
        let u = 1 - t
        let t2 = t * t, t3 = t2 * t
        return SIMD4(u * u * u / 6, (3 * t3 - 6 * t2 + 4) / 6, (-3 * t3 + 3 * t2 + 3 * t + 1) / 6, t3 / 6)
    }

    /// The value at continuous index (x, y, z); `p` holds voxels (nearest, linear) or
    /// B-spline coefficients (bspline).
    @inline(__always)
    static func sample(_ p: UnsafePointer<Float>, _ nx: Int, _ ny: Int, _ nz: Int,
                       _ x: Double, _ y: Double, _ z: Double,
                       _ interpolation: Interpolation, fill: Float) -> Float {
        guard inside(x, nx), inside(y, ny), inside(z, nz) else { return fill }
        let sx = 1, sy = nx, sz = nx * ny
        switch interpolation {
        case .nearest:
            return p[nearest(x, nx) + nearest(y, ny) * sy + nearest(z, nz) * sz]
        case .linear:
            let (i, tx) = linear(x, nx), (j, ty) = linear(y, ny), (k, tz) = linear(z, nz)
            let i1 = nx > 1 ? sx : 0, j1 = ny > 1 ? sy : 0, k1 = nz > 1 ? sz : 0
            let b = i + j * sy + k * sz
            let c00 = Double(p[b]) * (1 - tx) + Double(p[b + i1]) * tx
            let c10 = Double(p[b + j1]) * (1 - tx) + Double(p[b + j1 + i1]) * tx
            let c01 = Double(p[b + k1]) * (1 - tx) + Double(p[b + k1 + i1]) * tx
            let c11 = Double(p[b + k1 + j1]) * (1 - tx) + Double(p[b + k1 + j1 + i1]) * tx
            let c0 = c00 * (1 - ty) + c10 * ty, c1 = c01 * (1 - ty) + c11 * ty
            return Float(c0 * (1 - tz) + c1 * tz)
        case .bspline:
            let fx = x.rounded(.down), fy = y.rounded(.down), fz = z.rounded(.down)
            let wx = cubicWeights(x - fx), wy = cubicWeights(y - fy), wz = cubicWeights(z - fz)
            let bx = Int(fx) - 1, by = Int(fy) - 1, bz = Int(fz) - 1
            let i0 = mirror(bx, nx), i1 = mirror(bx + 1, nx), i2 = mirror(bx + 2, nx), i3 = mirror(bx + 3, nx)
            var total = 0.0
            for c in 0..<4 {
                let zo = mirror(bz + c, nz) * sz
                var plane = 0.0
                for b in 0..<4 {
                    let row = p + zo + mirror(by + b, ny) * sy
                    let v = Double(row[i0]) * wx[0] + Double(row[i1]) * wx[1] + Double(row[i2]) * wx[2] + Double(row[i3]) * wx[3]
                    plane += v * wy[b]
                }
                total += plane * wz[c]
            }
            return Float(total)
        }
    }
}
