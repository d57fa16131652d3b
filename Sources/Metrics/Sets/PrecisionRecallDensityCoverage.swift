/// Precision and recall (Kynkaanniemi et al. 2019) and density and coverage (Naeem et al.
/// 2020) of a synthetic feature set against a real one, as the `prdc` package (Naeem's
/// reference code, 0.2) computes them with `nearest_k` set to each k.
///
/// The neighbourhood of a vector is the ball whose radius is the distance to its k-th nearest
/// neighbour within its own set: the (k + 1)-th smallest distance of its row, the row
/// including its zero distance to itself (prdc's `get_kth_value(..., k + 1)`). Membership is
/// strict (`distance < radius`). Distances are Euclidean, computed tile by tile as
/// scikit-learn computes them for float32 input (`PairwiseDistances`): three passes (real x
/// real, synthetic x synthetic, real x synthetic) with memory bounded by a few tiles. The
/// cost is dominated by the Double products: about 12 s for two sets of 10,000 x 2048 here.
public enum PrecisionRecallDensityCoverage {
    public static func compute(real: FeatureMatrix, synthetic: FeatureMatrix, options: PRDCOptions = PRDCOptions()) throws -> PRDCResult {
        let warnings = try FeatureSetInfo.checkComparable(real.info, synthetic.info)
        try real.requireFinite()
        try synthetic.requireFinite()
        let kPR = options.precisionRecallK, kDC = options.densityCoverageK
        guard kPR >= 1, kDC >= 1 else { throw MetricsError.invalidSetting("k must be at least 1 (precision/recall k = \(kPR), density/coverage k = \(kDC))") }
        let kMax = max(kPR, kDC)
        guard real.count > kMax, synthetic.count > kMax else {
            throw MetricsError.invalidInput("precision/recall/density/coverage with k = \(kMax) need more than \(kMax) vectors per set (real \(real.count), synthetic \(synthetic.count))")
        }
        let realRadii = radii(real, ks: [kPR, kDC]), fakeRadii = radii(synthetic, ks: [kPR])
        var counts = Counts(real: real.count, synthetic: synthetic.count)
        realRadii[0].withUnsafeBufferPointer { realPR in
            realRadii[1].withUnsafeBufferPointer { realDC in
                fakeRadii[0].withUnsafeBufferPointer { fakePR in
                    PairwiseDistances.forEachTile(real, synthetic, same: false) { r0, rows, c0, columns, dist in
                        counts.add(dist, r0: r0, rows: rows, c0: c0, columns: columns, realPR: realPR, realDC: realDC, fakePR: fakePR)
                    }
                }
            }
        }
        let nr = Double(real.count), nf = Double(synthetic.count)
        var covered = 0
        for i in 0..<real.count where counts.nearestFake[i] < realRadii[1][i] { covered += 1 }
        return PRDCResult(precision: Double(counts.fakeInReal.filter { $0 }.count) / nf,
                          recall: Double(counts.realInFake.filter { $0 }.count) / nr,
                          density: Double(counts.fakeDensityCount.reduce(0, +)) / nf / Double(kDC),
                          coverage: Double(covered) / nr,
                          options: options,
                          distance: "Euclidean; squared distances from Double products, rounded to Float32 (as scikit-learn for float32 features)",
                          real: real.info, synthetic: synthetic.info, warnings: warnings)
    }

    /// What the real x synthetic pass accumulates.
    private struct Counts {
        var fakeInReal: [Bool]        // precision: synthetic j inside some real neighbourhood (k for P/R)
        var realInFake: [Bool]        // recall: real i inside some synthetic neighbourhood
        var fakeDensityCount: [Int]   // density: real neighbourhoods (k for D/C) holding synthetic j
        var nearestFake: [Float]      // coverage: distance from real i to its nearest synthetic vector

        init(real: Int, synthetic: Int) {
            fakeInReal = [Bool](repeating: false, count: synthetic)
            realInFake = [Bool](repeating: false, count: real)
            fakeDensityCount = [Int](repeating: 0, count: synthetic)
            nearestFake = [Float](repeating: .infinity, count: real)
        }

        mutating func add(_ dist: UnsafeBufferPointer<Float>, r0: Int, rows: Int, c0: Int, columns: Int,
                          realPR: UnsafeBufferPointer<Float>, realDC: UnsafeBufferPointer<Float>, fakePR: UnsafeBufferPointer<Float>) {
            fakeInReal.withUnsafeMutableBufferPointer { precision in
                realInFake.withUnsafeMutableBufferPointer { recall in
                    fakeDensityCount.withUnsafeMutableBufferPointer { density in
                        nearestFake.withUnsafeMutableBufferPointer { nearest in
                            for i in 0..<rows {
                                let ri = r0 + i
                                let rPR = realPR[ri], rDC = realDC[ri]
                                var covered = recall[ri]
                                var closest = nearest[ri]
                                for j in 0..<columns {
                                    let v = dist[i * columns + j], fj = c0 + j
                                    if v < rPR { precision[fj] = true }
                                    if v < rDC { density[fj] += 1 }
                                    if v < fakePR[fj] { covered = true }
                                    if v < closest { closest = v }
                                }
                                recall[ri] = covered
                                nearest[ri] = closest
                            }
                        }
                    }
                }
            }
        }
    }

    /// For each k in `ks`, every row's k-th nearest-neighbour distance within its own set
    /// (the (k + 1)-th smallest distance, self included).
    static func radii(_ f: FeatureMatrix, ks: [Int]) -> [[Float]] {
        let keep = (ks.max() ?? 1) + 1
        var smallest = [Float](repeating: .infinity, count: f.count * keep)
        PairwiseDistances.forEachTile(f, f, same: true) { r0, rows, _, columns, dist in
            smallest.withUnsafeMutableBufferPointer { s in
                for i in 0..<rows {
                    let base = (r0 + i) * keep
                    var worst = s[base + keep - 1]
                    for j in 0..<columns {
                        let v = dist[i * columns + j]
                        guard v < worst else { continue }
                        var p = keep - 1
                        while p > 0 && s[base + p - 1] > v { s[base + p] = s[base + p - 1]; p -= 1 }
                        s[base + p] = v
                        worst = s[base + keep - 1]
                    }
                }
            }
        }
        return ks.map { k in (0..<f.count).map { smallest[$0 * keep + k] } }
    }
}
