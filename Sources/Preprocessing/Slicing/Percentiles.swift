import Imaging

/// Exact percentiles of a volume's finite values, as numpy's `percentile` with its default
/// 'linear' method: for p in [0, 100] the rank r = p / 100 * (n - 1) falls between the
/// order statistics x[floor(r)] and x[floor(r) + 1], and the result interpolates linearly.
/// NaN and infinite values are left out. Runs in linear time (three-way quickselect on a copy).
public enum Percentiles {
    /// Percentiles (each in [0, 100]) of a float32 volume's finite voxels; nil when it has none.
    public static func compute(_ volume: Volume, _ percentiles: [Double]) throws(PreprocessError) -> [Double]? {
        guard volume.voxelType == .float32 else {
            throw .unsupportedVoxelType("percentiles need a float32 volume (use float32()), not \(volume.voxelType.rawValue)")
        }
        try validate(percentiles)
        return volume.withFloat32Buffer { buf in (try? compute(buf, percentiles)) ?? nil }
    }

    /// Percentiles by value (percentile -> value) for a float32 volume; nil when it has no
    /// finite voxel. For sharing one pass between several users of percentiles.
    public static func table(_ volume: Volume, _ percentiles: [Double]) throws(PreprocessError) -> [Double: Double]? {
        let unique = Array(Set(percentiles)).sorted()
        guard let v = try compute(volume, unique) else { return nil }
        return Dictionary(zip(unique, v), uniquingKeysWith: { a, _ in a })
    }

    /// Percentiles of the finite values of a buffer; nil when it has none.
    public static func compute(_ values: UnsafeBufferPointer<Float>, _ percentiles: [Double]) throws(PreprocessError) -> [Double]? {
        try validate(percentiles)
        // Finite values in a tight copy, with the minimum and maximum on the way.
        var lowest = Float.infinity, highest = -Float.infinity
        var work = [Float](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            var n = 0
            for v in values where v.isFinite {
                buffer[n] = v
                n += 1
                lowest = min(lowest, v)
                highest = max(highest, v)
            }
            initialized = n
        }
        let n = work.count
        guard n > 0 else { return nil }
        // Visit the requested ranks in increasing order; each selection only searches the
        // part at and above the previous rank (quickselect leaves larger values there).
        let order = percentiles.indices.sorted { percentiles[$0] < percentiles[$1] }
        var result = [Double](repeating: 0, count: percentiles.count)
        work.withUnsafeMutableBufferPointer { a in
            var floor = 0
            for i in order {
                let r = percentiles[i] / 100 * Double(n - 1)
                let k = min(n - 1, Int(r.rounded(.down)))
                let frac = r - Double(k)
                if k == 0 && frac == 0 { result[i] = Double(lowest); continue }
                if k == n - 1 { result[i] = Double(highest); continue }
                let x0 = select(a, k, from: floor)
                floor = k
                if frac > 0 {
                    var x1 = a[k + 1]
                    for j in (k + 2)..<n where a[j] < x1 { x1 = a[j] }
                    result[i] = Double(x0) + frac * (Double(x1) - Double(x0))
                } else {
                    result[i] = Double(x0)
                }
            }
        }
        return result
    }

    static func validate(_ percentiles: [Double]) throws(PreprocessError) {
        for p in percentiles where !(p >= 0 && p <= 100) {
            throw .invalidParameter(name: "percentile", value: "\(p)", reason: "percentiles must be in [0, 100]")
        }
    }

    /// The k-th smallest value of a[from...], reordering a[from...] so that every value
    /// after position k is >= it (and every value in from..<k is <= it).
    static func select(_ a: UnsafeMutableBufferPointer<Float>, _ k: Int, from: Int) -> Float {
        var lo = from, hi = a.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let x = a[lo], y = a[mid], z = a[hi]
            let pivot = max(min(x, y), min(max(x, y), z))  // median of three
            var lt = lo, i = lo, gt = hi
            while i <= gt {
                let v = a[i]
                if v < pivot {
                    a.swapAt(lt, i); lt += 1; i += 1
                } else if v > pivot {
                    a.swapAt(i, gt); gt -= 1
                } else {
                    i += 1
                }
            }
            if k < lt { hi = lt - 1 } else if k > gt { lo = gt + 1 } else { return pivot }
        }
        return a[k]
    }
}
