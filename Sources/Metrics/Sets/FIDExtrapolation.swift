import Foundation

/// FID extrapolated to an infinite synthetic set (Chong & Forsyth 2020, "Effectively
/// unbiased FID"): FID is computed on random subsets of the synthetic features of several
/// sizes N against the full real statistics, a line is fitted to FID against 1/N by least
/// squares, and its intercept is FID_inf. FID's bias is linear in 1/N, so FID_inf compares
/// sets of different sizes where plain FID does not.
///
/// Subsets are drawn without replacement, independently per size, by
/// `SubsetSampler(seed:).subset(of: N_synthetic, size: n)` in the order of `sizes`.
public enum FIDExtrapolation {
    public static let method = "FID on random synthetic subsets vs full real statistics; least-squares line of FID against 1/N; intercept = FID_inf (Chong & Forsyth 2020)"

    public static func compute(real: FeatureMatrix, synthetic: FeatureMatrix,
                               options: FIDExtrapolationOptions = FIDExtrapolationOptions()) throws -> FIDExtrapolationResult {
        var warnings = try FeatureSetInfo.checkComparable(real.info, synthetic.info)
        let sizes = try self.sizes(options, count: synthetic.count)
        let realStatistics = try FeatureStatistics(real)
        var sampler = SubsetSampler(seed: options.seed)
        var values: [Double] = []
        var pointWarnings: [String] = []
        for n in sizes {
            let subset = try synthetic.selecting(rows: sampler.subset(of: synthetic.count, size: n))
            let r = try FrechetDistance.compute(real: realStatistics, synthetic: FeatureStatistics(subset), options: options.frechet)
            values.append(r.value)
            for w in r.warnings where !pointWarnings.contains(w) && !warnings.contains(w) { pointWarnings.append(w) }
        }
        warnings += pointWarnings.map { "at some sizes: \($0)" }
        // Least squares of values against x = 1/N.
        let x = sizes.map { 1 / Double($0) }
        let p = Double(x.count)
        let mx = x.reduce(0, +) / p, my = values.reduce(0, +) / p
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for (xi, yi) in zip(x, values) {
            sxx += (xi - mx) * (xi - mx)
            sxy += (xi - mx) * (yi - my)
            syy += (yi - my) * (yi - my)
        }
        let slope = sxy / sxx
        let intercept = my - slope * mx
        let rSquared = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1
        return FIDExtrapolationResult(fidInfinity: intercept, slope: slope, rSquared: rSquared, sizes: sizes, values: values,
                                      options: options, method: method, real: realStatistics.info,
                                      synthetic: synthetic.info, warnings: warnings)
    }

    /// The sample sizes: given, or `numpy.linspace(minimum, N, points).astype(int)`.
    static func sizes(_ o: FIDExtrapolationOptions, count n: Int) throws -> [Int] {
        let sizes: [Int]
        if let given = o.sizes {
            sizes = given
        } else {
            guard o.points >= 2 else { throw MetricsError.invalidSetting("FID extrapolation needs at least 2 points, got \(o.points)") }
            let start = Double(o.minimumSize ?? max(2, n / 10)), stop = Double(n)
            let step = (stop - start) / Double(o.points - 1)
            sizes = (0..<o.points).map { $0 == o.points - 1 ? n : Int(Double($0) * step + start) }
        }
        guard Set(sizes).count >= 2 else {
            throw MetricsError.invalidSetting("FID extrapolation needs at least 2 different sample sizes, got \(sizes)")
        }
        guard let low = sizes.min(), let high = sizes.max(), low >= 2, high <= n else {
            throw MetricsError.invalidSetting("FID extrapolation sizes must lie in 2...\(n) (the synthetic set), got \(sizes)")
        }
        return sizes
    }
}
