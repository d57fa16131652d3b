import COpenBLAS
import Foundation

/// Kernel inception distance (Binkowski et al. 2018): the unbiased estimate of the squared
/// maximum mean discrepancy (MMD^2) between two feature sets under a polynomial kernel,
/// averaged over random subsets.
///
/// For subsets X, Y of m vectors each, with `K = k(., .)`:
/// `MMD^2 = (sum_{i != j} K(x_i, x_j) + sum_{i != j} K(y_i, y_j)) / (m (m - 1)) - 2 sum_{i,j} K(x_i, y_j) / m^2`,
/// torch-fidelity's `mmd2(..., mmd_est='unbiased')`. Dot products come from SSYRK/SGEMM on
/// Float32 features; the kernel and every sum are in Double. Subsets are drawn without
/// replacement by `SubsetSampler(seed:)`: for each subset pair, the real indices
/// (`subset(of: N_real, size: m)`), then the synthetic ones.
public enum KernelInceptionDistance {
    public static func compute(real: FeatureMatrix, synthetic: FeatureMatrix, options: KIDOptions = KIDOptions()) throws -> KIDResult {
        var warnings = try FeatureSetInfo.checkComparable(real.info, synthetic.info)
        try real.requireFinite()
        try synthetic.requireFinite()
        guard options.subsets >= 1 else { throw MetricsError.invalidSetting("KID needs at least 1 subset, got \(options.subsets)") }
        guard options.subsetSize >= 2 else { throw MetricsError.invalidSetting("KID subset size must be at least 2, got \(options.subsetSize)") }
        guard options.degree >= 1 else { throw MetricsError.invalidSetting("KID kernel degree must be at least 1, got \(options.degree)") }
        let smaller = min(real.count, synthetic.count)
        guard smaller >= 2 else {
            throw MetricsError.invalidInput("KID needs at least 2 feature vectors per set (real \(real.count), synthetic \(synthetic.count))")
        }
        let m = min(options.subsetSize, smaller)
        if m < options.subsetSize {
            warnings.append("subset size \(options.subsetSize) clamped to \(m), the size of the smaller set; KID values with different subset sizes differ in variance, not in expectation")
        }
        if m == real.count && m == synthetic.count && options.subsets > 1 {
            warnings.append("every subset is a whole set, so all subsets are equal and the standard deviation is 0")
        }
        let gamma = options.gamma ?? 1 / Double(real.dimension)
        guard gamma.isFinite, options.coef0.isFinite else { throw MetricsError.invalidSetting("KID gamma and coef0 must be finite") }
        var sampler = SubsetSampler(seed: options.seed)
        var values: [Double] = []
        var workspace = Workspace(size: m, dimension: real.dimension)
        for _ in 0..<options.subsets {
            let ri = sampler.subset(of: real.count, size: m)
            let si = sampler.subset(of: synthetic.count, size: m)
            values.append(workspace.mmd2(real, ri, synthetic, si, degree: options.degree, gamma: gamma, coef0: options.coef0))
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return KIDResult(mean: mean, standardDeviation: variance.squareRoot(), subsets: options.subsets, subsetSize: m,
                         options: options, gamma: gamma,
                         kernel: "polynomial (gamma x.y + coef0)^degree",
                         estimator: "unbiased MMD^2 (torch-fidelity mmd_est='unbiased')",
                         sampler: "SubsetSampler (SplitMix64, partial Fisher-Yates), real then synthetic per subset",
                         real: real.info, synthetic: synthetic.info, warnings: warnings)
    }

    /// The unbiased MMD^2 between two whole sets of equal size (one KID subset).
    public static func mmd2(_ x: FeatureMatrix, _ y: FeatureMatrix, degree: Int = 3, gamma: Double? = nil, coef0: Double = 1) throws -> Double {
        guard x.count == y.count, x.count >= 2, x.dimension == y.dimension else {
            throw MetricsError.shapeMismatch("MMD^2 needs two sets of equal size (at least 2) and dimension: \(x.count) x \(x.dimension) vs \(y.count) x \(y.dimension)")
        }
        var w = Workspace(size: x.count, dimension: x.dimension)
        return w.mmd2(x, Array(0..<x.count), y, Array(0..<y.count), degree: degree, gamma: gamma ?? 1 / Double(x.dimension), coef0: coef0)
    }

    /// Buffers reused across subsets.
    struct Workspace {
        let m: Int, d: Int
        var x: [Float], y: [Float], gram: [Float]

        init(size m: Int, dimension d: Int) {
            self.m = m
            self.d = d
            x = [Float](repeating: 0, count: m * d)
            y = x
            gram = [Float](repeating: 0, count: m * m)
        }

        mutating func mmd2(_ a: FeatureMatrix, _ ai: [Int], _ b: FeatureMatrix, _ bi: [Int], degree: Int, gamma: Double, coef0: Double) -> Double {
            gather(a, ai, into: &x)
            gather(b, bi, into: &y)
            let mm = Int32(m), dd = Int32(d)
            let kernel = PolynomialKernel(degree: degree, gamma: gamma, coef0: coef0)
            // Row-major m x d blocks are column-major d x m (Z); Z^T Z = X X^T.
            lazy_cblas_ssyrk(CblasColMajor, CblasUpper, CblasTrans, mm, dd, 1, x, dd, 0, &gram, mm)
            let sxx = 2 * kernel.sum(gram, size: m, upperOnly: true)
            lazy_cblas_ssyrk(CblasColMajor, CblasUpper, CblasTrans, mm, dd, 1, y, dd, 0, &gram, mm)
            let syy = 2 * kernel.sum(gram, size: m, upperOnly: true)
            lazy_cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, mm, mm, dd, 1, x, dd, y, dd, 0, &gram, mm)
            let sxy = kernel.sum(gram, size: m, upperOnly: false)
            let md = Double(m)
            return (sxx + syy) / (md * (md - 1)) - 2 * sxy / (md * md)
        }

        private func gather(_ f: FeatureMatrix, _ rows: [Int], into buffer: inout [Float]) {
            let d = self.d
            f.values.withUnsafeBufferPointer { src in
                buffer.withUnsafeMutableBufferPointer { dst in
                    guard let s = src.baseAddress, let t = dst.baseAddress else { return }
                    for (r, i) in rows.enumerated() { (t + r * d).update(from: s + i * d, count: d) }
                }
            }
        }
    }
}
