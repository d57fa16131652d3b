/// The pixel metrics of a pair, by name (`medsynth score --metrics`).
public enum PixelMetric: String, Sendable, Codable, CaseIterable, Hashable {
    case mse, mae, nmse, psnr, ssim
    case msssim = "ms-ssim"
    case mi, nmi
}

/// The settings of a scoring run; every value they change is carried by the results.
public struct PixelScoreOptions: Sendable, Equatable, Codable {
    /// Needed by PSNR, SSIM and MS-SSIM (nil: those metrics fail with a reason).
    public var dataRange: DataRange?
    public var ssim: SSIMSettings
    public var msssim: MSSSIMSettings
    /// Joint-histogram bins per image for MI and NMI.
    public var bins: Int

    public init(dataRange: DataRange? = nil, ssim: SSIMSettings = .wang, msssim: MSSSIMSettings = .standard, bins: Int = 100) {
        self.dataRange = dataRange
        self.ssim = ssim
        self.msssim = msssim
        self.bins = bins
    }
}

/// Several pixel metrics of one pair: each requested metric has its result or, in
/// `failures`, the reason it has none (so one undefined value does not lose the others).
/// JSON-safe: no NaN, and an infinite PSNR is encoded as null with `identical` true.
public struct PixelScores: Sendable, Codable {
    public var errors: PixelErrors?
    public var psnr: PSNRResult?
    public var ssim: SSIMResult?
    public var msssim: MSSSIMResult?
    public var mutualInformation: MutualInformationResult?
    /// Metric name (`PixelMetric.rawValue`) -> why it has no value.
    public var failures: [String: String] = [:]

    /// The value of a metric, nil when it failed or was not computed (PSNR can be +infinity).
    public func value(_ metric: PixelMetric) -> Double? {
        switch metric {
        case .mse: return errors?.mse
        case .mae: return errors?.mae
        case .nmse: return errors?.nmse
        case .psnr: return psnr?.psnr
        case .ssim: return ssim?.ssim
        case .msssim: return msssim?.msssim
        case .mi: return mutualInformation?.mutualInformation
        case .nmi: return mutualInformation?.normalizedMutualInformation
        }
    }
}

extension PixelMetrics {
    /// Computes `metrics` for one pair; never throws: a metric that cannot be computed (shape
    /// mismatch, missing data range, image too small, undefined value, ...) gets its reason
    /// in `failures`. MSE, MAE and NMSE share one pass; MI and NMI one histogram.
    public static func score(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil,
                             metrics: Set<PixelMetric> = Set(PixelMetric.allCases),
                             options: PixelScoreOptions = PixelScoreOptions()) -> PixelScores {
        var scores = PixelScores()
        func attempt(_ names: [PixelMetric], _ body: () throws -> Void) {
            let wanted = names.filter(metrics.contains)
            guard !wanted.isEmpty else { return }
            do {
                try body()
            } catch {
                for m in wanted { scores.failures[m.rawValue] = "\(error)" }
            }
        }
        func range(for metric: PixelMetric) throws -> DataRange {
            guard let r = options.dataRange else {
                throw MetricsError.invalidSetting("\(metric.rawValue) needs a data range (e.g. --data-range 1, or the voxel type's)")
            }
            return r
        }
        attempt([.mse, .mae, .nmse]) {
            let e = try errors(reference: reference, test: test, mask: mask)
            scores.errors = e
            if e.nmse == nil, metrics.contains(.nmse) { scores.failures[PixelMetric.nmse.rawValue] = e.note }
        }
        attempt([.psnr]) { scores.psnr = try psnr(reference: reference, test: test, mask: mask, dataRange: try range(for: .psnr)) }
        attempt([.ssim]) {
            scores.ssim = try ssim(reference: reference, test: test, mask: mask, dataRange: try range(for: .ssim), settings: options.ssim)
        }
        attempt([.msssim]) {
            scores.msssim = try msssim(reference: reference, test: test, mask: mask, dataRange: try range(for: .msssim),
                                       settings: options.msssim)
        }
        attempt([.mi, .nmi]) {
            let r = try mutualInformation(reference: reference, test: test, mask: mask, bins: options.bins)
            scores.mutualInformation = r
            if r.normalizedMutualInformation == nil, metrics.contains(.nmi) { scores.failures[PixelMetric.nmi.rawValue] = r.note }
        }
        return scores
    }
}
