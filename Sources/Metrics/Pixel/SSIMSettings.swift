/// The settings that change an SSIM value. The defaults are Wang et al. (2004): an 11-tap
/// Gaussian window (sigma 1.5), population covariance, K1 0.01, K2 0.03; scikit-image's own
/// defaults (7x7 uniform window, sample covariance) are `scikitImageDefaults`.
public struct SSIMSettings: Sendable, Equatable, Hashable, Codable {
    /// How local (co)variances are normalised.
    public enum Covariance: String, Sendable, Equatable, Hashable, Codable {
        /// Divide by the window's weight (1): Wang et al., `use_sample_covariance=False`.
        case population
        /// Multiply the population value by N / (N - 1), N = window size ^ dimensions:
        /// scikit-image's default `use_sample_covariance=True`.
        case sample
    }

    public var window: SSIMWindow
    /// C1 = (K1 L)² with L the data range. Must be positive.
    public var k1: Double
    /// C2 = (K2 L)². Must be positive.
    public var k2: Double
    public var covariance: Covariance

    public init(window: SSIMWindow = .gaussian11, k1: Double = 0.01, k2: Double = 0.03, covariance: Covariance = .population) {
        self.window = window
        self.k1 = k1
        self.k2 = k2
        self.covariance = covariance
    }

    /// Wang et al. 2004; equals scikit-image with `gaussian_weights=True, sigma=1.5,
    /// use_sample_covariance=False`.
    public static let wang = SSIMSettings()
    /// scikit-image's defaults: `win_size=7` uniform, `use_sample_covariance=True`.
    public static let scikitImageDefaults = SSIMSettings(window: .uniform7, covariance: .sample)

    func validate() throws {
        try window.validate()
        guard k1.isFinite, k1 > 0, k2.isFinite, k2 > 0 else {
            throw MetricsError.invalidSetting("K1 \(k1), K2 \(k2): both must be finite and positive (they keep SSIM's denominators away from 0; Wang et al.: 0.01 and 0.03)")
        }
    }
}
