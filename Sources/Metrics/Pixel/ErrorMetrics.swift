/// Error metrics of a test image against a reference, over every voxel or inside a mask.
public struct PixelErrors: Sendable, Equatable, Codable {
    /// Mean squared error: mean of (test - reference)².
    public let mse: Double
    /// Mean absolute error: mean of |test - reference|.
    public let mae: Double
    /// Normalised MSE: sum (test - reference)² / sum reference² (the reference's energy).
    /// nil when the reference is zero everywhere counted (see `note`).
    public let nmse: Double?
    /// Number of voxels averaged.
    public let voxels: Int
    /// Why a value is missing, when one is.
    public let note: String?
}

extension PixelMetrics {
    /// MSE, MAE and NMSE of `test` against `reference`, inside `mask` when given. Sums are
    /// in Double over the Float samples. NMSE divides by sum reference² and is nil (with a
    /// note) when that is zero.
    public static func errors(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil) throws -> PixelErrors {
        let inside = try validate(reference, test, mask)
        let s = errorSums(reference.pixels, test.pixels, inside)
        let n = Double(s.count)
        let nmse: Double? = s.referenceEnergy > 0 ? s.squared / s.referenceEnergy : nil
        return PixelErrors(mse: s.squared / n, mae: s.absolute / n, nmse: nmse, voxels: s.count,
                           note: nmse == nil ? "NMSE undefined: the reference is zero at every voxel counted (sum of reference² is 0)" : nil)
    }

    /// Mean squared error of `test` against `reference` (inside `mask`).
    public static func mse(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil) throws -> Double {
        try errors(reference: reference, test: test, mask: mask).mse
    }

    /// Mean absolute error of `test` against `reference` (inside `mask`).
    public static func mae(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil) throws -> Double {
        try errors(reference: reference, test: test, mask: mask).mae
    }

    /// NMSE = sum (test - reference)² / sum reference² (inside `mask`); throws when the
    /// reference is zero everywhere counted.
    public static func nmse(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil) throws -> Double {
        let e = try errors(reference: reference, test: test, mask: mask)
        guard let v = e.nmse else { throw MetricsError.invalidInput(e.note ?? "NMSE undefined") }
        return v
    }

    struct ErrorSums {
        var squared = 0.0
        var absolute = 0.0
        var referenceEnergy = 0.0
        var count = 0
    }

    /// Sums of (b - a)², |b - a| and a² over the voxels inside (all when `inside` is nil),
    /// accumulated in blocks so that long images keep Double accuracy.
    static func errorSums(_ a: [Float], _ b: [Float], _ inside: [Bool]?) -> ErrorSums {
        var total = ErrorSums()
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let block = 4096
                var start = 0
                while start < pa.count {
                    let end = min(pa.count, start + block)
                    var sq = SIMD4<Double>(), ab = SIMD4<Double>(), en = SIMD4<Double>()
                    if let inside {
                        var s2 = 0.0, s1 = 0.0, e = 0.0, c = 0
                        for i in start..<end where inside[i] {
                            let x = Double(pa[i]), d = Double(pb[i]) - x
                            s2 += d * d; s1 += abs(d); e += x * x; c += 1
                        }
                        total.squared += s2; total.absolute += s1; total.referenceEnergy += e; total.count += c
                    } else {
                        var i = start
                        while i + 4 <= end {
                            let x = SIMD4<Double>(Double(pa[i]), Double(pa[i + 1]), Double(pa[i + 2]), Double(pa[i + 3]))
                            let y = SIMD4<Double>(Double(pb[i]), Double(pb[i + 1]), Double(pb[i + 2]), Double(pb[i + 3]))
                            let d = y - x
                            sq += d * d
                            ab += d.replacing(with: -d, where: d .< 0)
                            en += x * x
                            i += 4
                        }
                        while i < end {
                            let x = Double(pa[i]), d = Double(pb[i]) - x
                            sq[0] += d * d; ab[0] += abs(d); en[0] += x * x
                            i += 1
                        }
                        total.squared += sq.sum(); total.absolute += ab.sum(); total.referenceEnergy += en.sum()
                        total.count += end - start
                    }
                    start = end
                }
            }
        }
        return total
    }
}
