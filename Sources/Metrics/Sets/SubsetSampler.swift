/// The seeded sampler behind KID subsets, bootstrap resamples and FID extrapolation subsets:
/// SplitMix64 (state advanced by 0x9E3779B97F4A7C15 per draw, then mixed), so the same seed
/// gives the same indices on every machine and the sequence is easy to regenerate in Python.
///
/// - `below(n)`: `(next() * n) >> 64` (multiply-high; bias below n / 2^64).
/// - `subset(of: n, size: m)`: partial Fisher-Yates from `0..<n`: for `i` in `0..<m`, swap
///   position `i` with `i + below(n - i)`; the first `m` positions, in that order.
/// - `resample(n)`: `n` draws of `below(n)` (with replacement).
public struct SubsetSampler: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in `0..<n` (`n >= 1`).
    public mutating func below(_ n: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(max(n, 1))).high)
    }

    /// `m` distinct indices of `0..<n` (`m <= n`), by partial Fisher-Yates.
    public mutating func subset(of n: Int, size m: Int) -> [Int] {
        var perm = Array(0..<n)
        let take = min(max(m, 0), n)
        for i in 0..<take {
            let j = i + below(n - i)
            perm.swapAt(i, j)
        }
        return Array(perm.prefix(take))
    }

    /// `n` indices of `0..<n` drawn with replacement (a bootstrap resample).
    public mutating func resample(_ n: Int) -> [Int] {
        (0..<n).map { _ in below(n) }
    }
}
