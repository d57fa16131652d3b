import Foundation

/// The Frechet distance between two Gaussians fitted to feature sets, the quantity behind FID:
/// `|mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr sqrt(S1 S2)`.
///
/// Computed in Double without a general matrix square root: with `S1 = L L^T` (Cholesky),
/// `S1 S2` is similar to the symmetric positive semi-definite `L^T S2 L`, so
/// `tr sqrt(S1 S2)` is the sum of the square roots of that matrix's eigenvalues (LAPACK
/// `dpotrf`, `dtrmm`, `dsyevd`). Eigenvalues that come out slightly negative by rounding are
/// set to 0 and counted in the result. The value agrees with pytorch-fid's
/// `calculate_frechet_distance` (SciPy `sqrtm`) to about 1e-13 relative on well-conditioned
/// covariances, at D = 2048 in well under a second.
///
/// Failure is reported, not hidden:
/// - NaN or infinite features or statistics, or different dimensions: an error.
/// - A covariance that is singular or near-singular (not positive definite, or its estimated
///   reciprocal condition number below `singularTolerance`): pytorch-fid's retry, `eps * I`
///   added to both covariances, with a warning in the result (an error when `eps` is 0).
/// - Fewer samples than dimensions (N <= D): the covariance has rank at most N - 1, so it is
///   singular and the retry applies; the result carries a warning that the value is
///   dominated by estimation error. It is a warning rather than an error so that small sets
///   can still be compared with each other, not with published FIDs.
public enum FrechetDistance {
    /// The method, as written into results.
    public static let method = "tr sqrt(S1 S2) = sum sqrt(eig(L^T S2 L)), S1 = L L^T (LAPACK dpotrf, dtrmm, dsyevd), Double"

    /// Frechet distance between the Gaussians of two feature matrices (statistics in Double).
    public static func compute(real: FeatureMatrix, synthetic: FeatureMatrix,
                               options: FrechetDistanceOptions = FrechetDistanceOptions()) throws -> FrechetDistanceResult {
        _ = try FeatureSetInfo.checkComparable(real.info, synthetic.info)
        return try compute(real: FeatureStatistics(real), synthetic: FeatureStatistics(synthetic), options: options)
    }

    /// Frechet distance between two sets' statistics.
    public static func compute(real a: FeatureStatistics, synthetic b: FeatureStatistics,
                               options: FrechetDistanceOptions = FrechetDistanceOptions()) throws -> FrechetDistanceResult {
        var warnings = try FeatureSetInfo.checkComparable(a.info, b.info)
        try a.requireFinite()
        try b.requireFinite()
        guard options.eps >= 0, options.eps.isFinite else { throw MetricsError.invalidSetting("eps must be finite and >= 0, got \(options.eps)") }
        let n = a.dimension
        for s in [a.info, b.info] {
            if let count = s.count, count <= n {
                warnings.append("set '\(s.source)' has \(count) feature vectors for \(n) dimensions: its covariance is singular (rank at most \(count - 1)), so the value is dominated by estimation error and comparable only with FIDs computed on as few samples; use more samples than dimensions")
            }
        }
        var meanTerm = 0.0, traceA = 0.0, traceB = 0.0
        for i in 0..<n {
            let d = a.mean[i] - b.mean[i]
            meanTerm += d * d
            traceA += a.covariance[i * n + i]
            traceB += b.covariance[i * n + i]
        }
        let tolerance = options.singularTolerance ?? Double(n) * Double.ulpOfOne

        // First attempt without offset; both covariances must be safely positive definite.
        // (Only the condition estimate of S2 is kept: the factor used is S1's.)
        let factorA = try SymmetricMatrix.cholesky(a.covariance, dimension: n)
        let conditionB = try SymmetricMatrix.cholesky(b.covariance, dimension: n)?.reciprocalCondition
        let rcondA = factorA?.reciprocalCondition ?? 0, rcondB = conditionB ?? 0
        var offset = 0.0
        var factor: [Double]
        if let f = factorA, rcondA >= tolerance, rcondB >= tolerance {
            factor = f.factor
        } else {
            var reasons: [String] = []
            for (info, definite, r) in [(a.info, factorA != nil, rcondA), (b.info, conditionB != nil, rcondB)] where !definite || r < tolerance {
                reasons.append(!definite ? "the covariance of '\(info.source)' is not positive definite"
                                        : "the covariance of '\(info.source)' is near-singular (reciprocal condition \(String(format: "%.3g", r)) < \(String(format: "%.3g", tolerance)))")
            }
            guard options.eps > 0 else {
                throw MetricsError.numeric("\(reasons.joined(separator: "; ")); the eps retry is disabled (eps = 0)")
            }
            offset = options.eps
            guard let f = try SymmetricMatrix.cholesky(a.covariance, dimension: n, offset: offset) else {
                throw MetricsError.numeric("\(reasons.joined(separator: "; ")), and it stays indefinite after adding eps*I (eps = \(offset)): the covariance is not a covariance")
            }
            factor = f.factor
            warnings.append("\(reasons.joined(separator: "; ")): added eps*I (eps = \(offset)) to both covariances, as pytorch-fid does when sqrtm fails; the value includes this offset")
        }
        var m = SymmetricMatrix.congruence(factor, b.covariance, dimension: n, offset: offset)
        factor = []
        let eigenvalues = try SymmetricMatrix.eigenvalues(destroying: &m, dimension: n)
        var traceSqrt = 0.0, clamped = 0, mostNegative = 0.0
        for w in eigenvalues {
            if w < 0 {
                clamped += 1
                mostNegative = min(mostNegative, w)
            } else {
                traceSqrt += w.squareRoot()
            }
        }
        let largest = eigenvalues.last ?? 0
        if mostNegative < -1e-8 * max(largest, .leastNormalMagnitude) {
            warnings.append("\(clamped) eigenvalue(s) of L^T S2 L were negative beyond rounding (most negative \(String(format: "%.3g", mostNegative)), largest \(String(format: "%.3g", largest))) and were set to 0")
        }
        return FrechetDistanceResult(
            value: meanTerm + traceA + traceB - 2 * traceSqrt, meanTerm: meanTerm, traceReal: traceA, traceSynthetic: traceB,
            traceSqrtProduct: traceSqrt, options: options, offset: offset, singularTolerance: tolerance,
            reciprocalConditionReal: rcondA, reciprocalConditionSynthetic: rcondB,
            clampedEigenvalues: clamped, mostNegativeEigenvalue: mostNegative, method: method,
            real: a.info, synthetic: b.info, warnings: warnings)
    }
}
