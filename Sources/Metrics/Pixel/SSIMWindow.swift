import Foundation

/// The local window of SSIM: the weights of each local mean, variance and covariance.
public enum SSIMWindow: Sendable, Equatable, Hashable, Codable {
    /// A sampled Gaussian of standard deviation `sigma` truncated at `truncate` sigmas:
    /// radius Int(truncate * sigma + 0.5), weights exp(-x² / (2 sigma²)) normalised to sum 1
    /// (scipy.ndimage.gaussian_filter, used by scikit-image with `gaussian_weights=True`).
    /// Wang et al. use sigma 1.5, truncate 3.5: 11 taps.
    case gaussian(sigma: Double, truncate: Double)
    /// A uniform (box) window of odd `size` (scikit-image's default: 7).
    case uniform(size: Int)

    /// Wang et al.'s 11-tap Gaussian, sigma 1.5.
    public static let gaussian11 = SSIMWindow.gaussian(sigma: 1.5, truncate: 3.5)
    /// scikit-image's default 7x7 uniform window.
    public static let uniform7 = SSIMWindow.uniform(size: 7)

    /// Number of taps along each axis.
    public var size: Int {
        switch self {
        case .gaussian(let sigma, let truncate):
            return 2 * Int(truncate * sigma + 0.5) + 1
        case .uniform(let size):
            return size
        }
    }

    /// Throws when the window is not usable.
    func validate() throws {
        switch self {
        case .gaussian(let sigma, let truncate):
            guard sigma.isFinite, sigma > 0, truncate.isFinite, truncate > 0, truncate * sigma < 1000 else {
                throw MetricsError.invalidSetting("Gaussian window sigma \(sigma), truncate \(truncate): both must be finite and positive (Wang et al.: sigma 1.5, truncate 3.5)")
            }
        case .uniform(let size):
            guard size >= 1, size % 2 == 1 else {
                throw MetricsError.invalidSetting("uniform window size \(size): it must be odd and at least 1 (scikit-image's default is 7)")
            }
        }
    }

    /// The 1D weights, summing to 1 (for the Gaussian, computed as scipy's
    /// `_gaussian_kernel1d`: exp(-0.5 / sigma² * x²) divided by its sum).
    var weights: [Double] {
        switch self {
        case .gaussian(let sigma, _):
            let r = size / 2
            let a = -0.5 / (sigma * sigma)
            let phi = (-r...r).map { exp(a * Double($0 * $0)) }
            let total = phi.reduce(0, +)
            return phi.map { $0 / total }
        case .uniform(let size):
            return [Double](repeating: 1 / Double(size), count: size)
        }
    }
}
