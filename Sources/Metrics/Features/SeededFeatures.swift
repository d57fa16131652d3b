extension FeatureMatrix {
    /// Reproducible pseudo-random features for tests and benchmarks, uniform in [-0.5, 0.5)
    /// with 24 random bits, so every value is an exact float32 that NumPy can regenerate:
    /// value `k = i * dimension + j` is `Float(z >> 40) * 2^-24 - 0.5`, where `z` is the
    /// SplitMix64 output for counter `k + 1` (state `seed &+ (k + 1) &* 0x9E3779B97F4A7C15`,
    /// then the SplitMix64 mixer). In NumPy with uint64 arithmetic:
    ///
    ///     z = seed + (np.arange(n * d, dtype=np.uint64) + 1) * 0x9E3779B97F4A7C15
    ///     z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
    ///     z = (z ^ (z >> 27)) * 0x94D049BB133111EB
    ///     z = z ^ (z >> 31)
    ///     x = ((z >> 40).astype(np.float32) * 2**-24 - 0.5).reshape(n, d)
    public static func seededUniform(count: Int, dimension: Int, seed: UInt64, source: String? = nil) throws -> FeatureMatrix {
        guard count >= 0, dimension >= 1, let n = count.multipliedReportingOverflowOrNil(by: dimension) else {
            throw MetricsError.invalidSetting("seeded features need count >= 0 and dimension >= 1, got \(count) x \(dimension)")
        }
        var values = [Float](repeating: 0, count: n)
        values.withUnsafeMutableBufferPointer { v in
            for k in 0..<n {
                var z = seed &+ UInt64(k + 1) &* 0x9E37_79B9_7F4A_7C15
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                v[k] = Float(z >> 40) * 0x1p-24 - 0.5
            }
        }
        return try FeatureMatrix(count: count, dimension: dimension, values: values,
                                 source: source ?? "seeded uniform features (seed \(seed))")
    }
}
