import Foundation

/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64): the same
/// seed gives the same sequence on every machine, so the same seed gives the same bytes.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    /// A generator for one item of a larger job (a file, a slice), independent of the
    /// order in which items are processed: derived from the seed and a stable key.
    public init(seed: UInt64, stream key: String) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        self.init(seed: seed ^ h)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [range.lowerBound, range.upperBound].
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// Standard normal (Box-Muller; one draw per call so that the stream stays simple).
    public mutating func normal() -> Double {
        var u = uniform()
        while u <= 0 { u = uniform() }
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Two independent standard normals from one draw (Marsaglia's polar method: one log and
    /// one square root per pair, no trigonometry), for noise on every voxel.
    public mutating func normalPair() -> (Double, Double) {
        while true {
            // Both coordinates from one 64-bit draw (32 bits each).
            let bits = next()
            let a = Double(bits >> 32) * 0x1p-31 - 1, b = Double(bits & 0xFFFF_FFFF) * 0x1p-31 - 1
            let q = a * a + b * b
            if q < 1 && q > 0 {
                let f = (-2 * log(q) / q).squareRoot()
                return (a * f, b * f)
            }
        }
    }

    /// Uniform integer in 0..<n.
    public mutating func int(below n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}
