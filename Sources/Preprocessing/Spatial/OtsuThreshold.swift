import Imaging

/// Otsu's threshold as scikit-image's `threshold_otsu`: a histogram of `bins` equal bins
/// over [min, max] of the values, and the bin centre that maximizes the between-class
/// variance (the first on ties); foreground is then `value > threshold`. A constant image
/// returns its value. Counts and sums are accumulated in Double (scikit-image's counts
/// are float32, which only matters past 2²⁴ voxels).
public enum OtsuThreshold {
    /// The threshold of a volume's physical values (all frames).
    public static func compute(_ volume: Volume, bins: Int = 256) throws(PreprocessError) -> Double {
        guard bins >= 2 else {
            throw .invalidParameter(name: "bins", value: "\(bins)", reason: "Otsu's method needs at least 2 bins")
        }
        let image = try IntensityMask.float32(volume, parameter: "otsu")
        return image.withFloat32Buffer { compute($0, bins: bins) }
    }

    static func compute(_ values: UnsafeBufferPointer<Float>, bins: Int) -> Double {
        guard let first = values.first else { return 0 }
        var lo = Double(first), hi = Double(first)
        for v in values {
            let d = Double(v)
            if d < lo { lo = d }
            if d > hi { hi = d }
        }
        if lo == hi { return lo }
        var counts = [Double](repeating: 0, count: bins)
        let scale = Double(bins) / (hi - lo)
        for v in values {
            let b = min(bins - 1, Int((Double(v) - lo) * scale))
            counts[b] += 1
        }
        let width = (hi - lo) / Double(bins)
        let centres = (0..<bins).map { lo + (Double($0) + 0.5) * width }
        // Class weights and means below (w1, m1) and above (w2, m2) every split.
        var w1 = [Double](repeating: 0, count: bins), s1 = [Double](repeating: 0, count: bins)
        var acc = 0.0, accSum = 0.0
        for b in 0..<bins {
            acc += counts[b]; accSum += counts[b] * centres[b]
            w1[b] = acc; s1[b] = accSum
        }
        var w2 = [Double](repeating: 0, count: bins), s2 = [Double](repeating: 0, count: bins)
        acc = 0; accSum = 0
        for b in stride(from: bins - 1, through: 0, by: -1) {
            acc += counts[b]; accSum += counts[b] * centres[b]
            w2[b] = acc; s2[b] = accSum
        }
        var best = -Double.infinity, index = 0
        for b in 0..<(bins - 1) {
            // Empty classes give NaN in NumPy (0/0) and never win its argmax; skip them.
            guard w1[b] > 0, w2[b + 1] > 0 else { continue }
            let m1 = s1[b] / w1[b], m2 = s2[b + 1] / w2[b + 1]
            let v = w1[b] * w2[b + 1] * (m1 - m2) * (m1 - m2)
            if v > best { best = v; index = b }
        }
        return centres[index]
    }
}
