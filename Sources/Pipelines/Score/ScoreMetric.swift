import Foundation

/// A metric `medsynth score` can compute: paired metrics compare each synthetic image with
/// the real image of the same relative path; set metrics compare the two sets' features.
public enum ScoreMetric: String, Sendable, Codable, CaseIterable, Comparable {
    case mse, mae, nmse, psnr, ssim
    case msssim = "ms-ssim"
    case mi, nmi
    case fid, kid
    /// Precision, recall, density and coverage.
    case prdc

    public var isPaired: Bool {
        switch self {
        case .fid, .kid, .prdc: return false
        default: return true
        }
    }

    /// Paired metrics computed when none are named.
    public static let pairedDefaults: [ScoreMetric] = [.mse, .mae, .psnr, .ssim, .msssim, .nmi]
    /// Set metrics computed when none are named.
    public static let setDefaults: [ScoreMetric] = [.fid, .kid, .prdc]

    /// Parses a comma-separated list ("ssim,psnr,fid"; "msssim" and "ms_ssim" are accepted too).
    public static func parse(_ list: String) throws -> [ScoreMetric] {
        var out: [ScoreMetric] = []
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
            let metric = ScoreMetric(rawValue: name) ?? (name == "msssim" ? .msssim : nil)
            guard let metric else {
                throw PipelineError(path: "--metrics", reason: "unknown metric '\(part)'; choose from \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !out.contains(metric) { out.append(metric) }
        }
        return out.sorted()
    }

    public static func < (a: ScoreMetric, b: ScoreMetric) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}
