import Imaging

/// The data range (L in SSIM's C1 = (K1 L)², C2 = (K2 L)²; the peak in PSNR) of a
/// comparison. It is never guessed from the data: give it, or derive it from a voxel type
/// the way scikit-image 0.26 does from an array's dtype. The value used is written into
/// every result with where it came from.
public enum DataRange: Sendable, Equatable, Hashable, Codable {
    /// The span of the intensity scale (max - min possible value), e.g. 1 for images in
    /// [0, 1] or 255 for 8-bit images. Must be finite and positive.
    case explicit(Double)
    /// From a voxel type, as scikit-image's `dtype_range` (see `resolve`).
    case voxelType(VoxelType)
    /// From the reference image's `sourceType`, as scikit-image from the first image's dtype.
    case fromReference
}

/// A data range with the rule that produced it.
public struct ResolvedDataRange: Sendable, Equatable, Codable {
    public let value: Double
    /// How the value was obtained, e.g. "explicit" or "uint8 type range 0...255".
    public let source: String

    public init(value: Double, source: String) {
        self.value = value
        self.source = source
    }
}

extension DataRange {
    /// Metrics whose data-range rule differs in scikit-image.
    enum Rule {
        /// SSIM, MS-SSIM: the type's span max - min (`structural_similarity`: dmax - dmin).
        case span
        /// PSNR (`peak_signal_noise_ratio`): the type's maximum when the reference has no
        /// negative value, else its span; values outside the type's range are an error.
        case peak
    }

    /// Resolves the range for `reference` under scikit-image 0.26's rule for the metric.
    ///
    /// - Integer types: the span (max - min) for SSIM and MS-SSIM (uint8 255, uint16 65535,
    ///   int16 65535, int8 255, ...); for PSNR the type's maximum (uint8 255, int16 32767)
    ///   when the reference has no negative sample, else the span. bool1 counts as 0...1.
    /// - Float types: an error. scikit-image refuses floats for SSIM, and for PSNR silently
    ///   assumes -1...1 (range 1, or 2 with negative values); here an explicit range is
    ///   required for both.
    func resolve(for rule: Rule, reference: MetricImage) throws -> ResolvedDataRange {
        let type: VoxelType
        switch self {
        case .explicit(let value):
            guard value.isFinite, value > 0 else {
                throw MetricsError.invalidSetting("data range \(value): it must be a finite positive number (max - min of the intensity scale, e.g. 1 or 255)")
            }
            return ResolvedDataRange(value: value, source: "explicit")
        case .voxelType(let t):
            type = t
        case .fromReference:
            type = reference.sourceType
        }
        guard let range = type.integerRange, type.channels == 1 else {
            throw MetricsError.invalidSetting("the data range cannot be derived from voxel type \(type.rawValue): "
                                              + "floating-point images have no natural range, so pass an explicit one "
                                              + "(DataRange.explicit, e.g. 1 for images in [0, 1], or max - min of the intended scale)")
        }
        let span = range.upperBound - range.lowerBound
        let bounds = "\(Self.format(range.lowerBound))...\(Self.format(range.upperBound))"
        switch rule {
        case .span:
            return ResolvedDataRange(value: span, source: "\(type.rawValue) type range \(bounds) (max - min, as scikit-image)")
        case .peak:
            var lo = Float.infinity, hi = -Float.infinity
            for v in reference.pixels { lo = min(lo, v); hi = max(hi, v) }
            guard Double(lo) >= range.lowerBound, Double(hi) <= range.upperBound else {
                throw MetricsError.invalidSetting("the reference has values \(lo)...\(hi) outside the \(type.rawValue) range \(bounds); pass an explicit data range")
            }
            if lo >= 0 {
                return ResolvedDataRange(value: range.upperBound,
                                         source: "\(type.rawValue) type maximum \(Self.format(range.upperBound)) (reference has no negative values, as scikit-image)")
            }
            return ResolvedDataRange(value: span, source: "\(type.rawValue) type range \(bounds) (reference has negative values, as scikit-image)")
        }
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e18 ? String(Int64(v)) : String(v)
    }
}
