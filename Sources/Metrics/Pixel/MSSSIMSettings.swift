import Foundation

/// The settings that change an MS-SSIM value, as pytorch-msssim 1.0.0's `ms_ssim`: a
/// Gaussian window of `windowSize` taps (sigma `sigma`, valid filtering), K1 and K2, and one
/// weight per scale (the number of scales is the number of weights).
public struct MSSSIMSettings: Sendable, Equatable, Hashable, Codable {
    /// Wang, Simoncelli & Bovik (2003), 5 scales.
    public static let standardWeights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]

    /// Exponent of each scale's factor, finest first; one scale per weight.
    public var weights: [Double]
    /// Odd number of Gaussian taps (11).
    public var windowSize: Int
    /// Gaussian standard deviation (1.5).
    public var sigma: Double
    public var k1: Double
    public var k2: Double

    public var scales: Int { weights.count }

    public init(weights: [Double] = MSSSIMSettings.standardWeights, windowSize: Int = 11, sigma: Double = 1.5,
                k1: Double = 0.01, k2: Double = 0.03) {
        self.weights = weights
        self.windowSize = windowSize
        self.sigma = sigma
        self.k1 = k1
        self.k2 = k2
    }

    /// 5 scales with the standard weights.
    public static let standard = MSSSIMSettings()

    /// The first `n` standard weights, as they are (not renormalised), as passing
    /// `weights=[0.0448, 0.2856, 0.3001][:n]` to pytorch-msssim: for images too small for 5 scales.
    public static func firstScales(_ n: Int) -> MSSSIMSettings {
        MSSSIMSettings(weights: Array(standardWeights.prefix(max(0, n))))
    }

    /// The smallest in-plane side (width and height) allowed for `scales` scales:
    /// (windowSize - 1) * 2^(scales - 1) + 1, pytorch-msssim's rule (161 for 5 scales and 11 taps).
    public func minimumSide(scales: Int? = nil) -> Int {
        (windowSize - 1) * (1 << max(0, (scales ?? self.scales) - 1)) + 1
    }

    /// The largest number of scales an image with this smaller in-plane side allows (0 when none).
    public func maximumScales(smallerSide: Int) -> Int {
        var n = 0
        while n < 30 && smallerSide >= minimumSide(scales: n + 1) { n += 1 }
        return n
    }

    /// Pytorch-msssim's window: exp(-(x²) / (2 sigma²)) for x = -(n/2) ... n/2, normalised
    /// (computed here in Double; pytorch-msssim computes it in float32).
    var window: [Double] {
        let r = windowSize / 2
        let phi = (-r...r).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = phi.reduce(0, +)
        return phi.map { $0 / total }
    }

    func validate() throws {
        guard !weights.isEmpty, weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw MetricsError.invalidSetting("MS-SSIM weights \(weights): give at least one finite, non-negative weight per scale")
        }
        guard weights.count <= 16 else {
            throw MetricsError.invalidSetting("MS-SSIM with \(weights.count) scales: at most 16 are supported")
        }
        guard windowSize >= 1, windowSize % 2 == 1, sigma.isFinite, sigma > 0 else {
            throw MetricsError.invalidSetting("MS-SSIM window \(windowSize) taps, sigma \(sigma): the size must be odd and sigma positive (standard: 11 and 1.5)")
        }
        guard k1.isFinite, k1 > 0, k2.isFinite, k2 > 0 else {
            throw MetricsError.invalidSetting("K1 \(k1), K2 \(k2): both must be finite and positive (standard: 0.01 and 0.03)")
        }
    }
}
