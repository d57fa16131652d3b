import Foundation

/// Percentile bootstrap confidence intervals for FID and KID.
///
/// Each replicate resamples both sets independently with replacement, to their own sizes
/// (`SubsetSampler(seed:)`: for each replicate, `resample(N_real)` then
/// `resample(N_synthetic)`), and recomputes the metric with the same settings. FID
/// replicates weight rows by their multiplicity instead of copying them. Intervals are the
/// percentiles of the replicates; the cost is `resamples` times the metric's (about 1 s per
/// FID replicate at D = 2048 and N = 10,000), so choose `resamples` with that in mind.
///
/// FID is biased upward under resampling (duplicated vectors shrink the effective sample), so
/// its percentile interval can lie above the full-set estimate; the result then says so in
/// its warnings. Read it as the spread of the metric, and use `FIDExtrapolation` to compare
/// sets of different sizes.
public enum Bootstrap {
    public static let method = "percentile bootstrap; real and synthetic sets resampled independently with replacement (SubsetSampler)"

    /// Interval of the Frechet distance (FID).
    public static func frechetDistance(real: FeatureMatrix, synthetic: FeatureMatrix,
                                       options: FrechetDistanceOptions = FrechetDistanceOptions(),
                                       bootstrap: BootstrapOptions = BootstrapOptions()) throws -> BootstrapInterval {
        try check(bootstrap)
        let estimate = try FrechetDistance.compute(real: real, synthetic: synthetic, options: options).value
        var sampler = SubsetSampler(seed: bootstrap.seed)
        var replicates: [Double] = [], retried = 0
        for _ in 0..<bootstrap.resamples {
            let wr = weights(sampler.resample(real.count), count: real.count)
            let ws = weights(sampler.resample(synthetic.count), count: synthetic.count)
            let r = try FrechetDistance.compute(real: FeatureStatistics(real, weights: wr),
                                                synthetic: FeatureStatistics(synthetic, weights: ws), options: options)
            if r.offset > 0 { retried += 1 }
            replicates.append(r.value)
        }
        var warnings: [String] = []
        if retried > 0 { warnings.append("\(retried) of \(bootstrap.resamples) replicates needed the eps retry (near-singular covariance)") }
        return interval("FID", estimate: estimate, replicates: replicates, options: bootstrap, warnings: warnings)
    }

    /// Interval of the KID mean (every replicate uses the same `kid` options, seed included).
    public static func kid(real: FeatureMatrix, synthetic: FeatureMatrix, options: KIDOptions = KIDOptions(),
                           bootstrap: BootstrapOptions = BootstrapOptions()) throws -> BootstrapInterval {
        try check(bootstrap)
        let full = try KernelInceptionDistance.compute(real: real, synthetic: synthetic, options: options)
        var sampler = SubsetSampler(seed: bootstrap.seed)
        var replicates: [Double] = []
        for _ in 0..<bootstrap.resamples {
            let r = try real.selecting(rows: sampler.resample(real.count))
            let s = try synthetic.selecting(rows: sampler.resample(synthetic.count))
            replicates.append(try KernelInceptionDistance.compute(real: r, synthetic: s, options: options).mean)
        }
        return interval("KID", estimate: full.mean, replicates: replicates, options: bootstrap, warnings: full.warnings)
    }

    /// The `q`-quantile (0...1) of sorted values, NumPy's default 'linear' method.
    public static func quantile(sorted v: [Double], _ q: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        let position = q * Double(v.count - 1)
        let i = min(max(Int(position.rounded(.down)), 0), v.count - 1)
        let j = min(i + 1, v.count - 1)
        let t = position - Double(i)
        return t >= 0.5 ? v[j] - (v[j] - v[i]) * (1 - t) : v[i] + (v[j] - v[i]) * t
    }

    private static func check(_ o: BootstrapOptions) throws {
        guard o.resamples >= 2 else { throw MetricsError.invalidSetting("bootstrap needs at least 2 resamples, got \(o.resamples)") }
        guard o.level > 0, o.level < 1 else { throw MetricsError.invalidSetting("bootstrap level must be in (0, 1), got \(o.level)") }
    }

    private static func weights(_ indices: [Int], count: Int) -> [Int] {
        var w = [Int](repeating: 0, count: count)
        for i in indices { w[i] += 1 }
        return w
    }

    private static func interval(_ metric: String, estimate: Double, replicates: [Double], options: BootstrapOptions, warnings: [String]) -> BootstrapInterval {
        let sorted = replicates.sorted()
        let mean = replicates.reduce(0, +) / Double(replicates.count)
        let variance = replicates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(replicates.count - 1)
        let lower = quantile(sorted: sorted, (1 - options.level) / 2), upper = quantile(sorted: sorted, (1 + options.level) / 2)
        var warnings = warnings
        if estimate < lower || estimate > upper {
            warnings.append("the full-set estimate \(estimate) lies outside the interval [\(lower), \(upper)]: the metric is biased under resampling (duplicated vectors shrink the effective sample, which raises FID); read the interval as spread, not as a range around the estimate")
        }
        return BootstrapInterval(metric: metric, estimate: estimate, lower: lower, upper: upper,
                                 standardError: variance.squareRoot(), options: options, method: method, warnings: warnings)
    }
}
