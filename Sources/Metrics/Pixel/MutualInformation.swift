import Foundation

/// Mutual information and normalized mutual information of two images from their joint
/// histogram. Entropies are in nats (natural logarithm).
public struct MutualInformationResult: Sendable, Equatable, Codable {
    /// I(A; B) = H(A) + H(B) - H(A, B), in nats (0 for independent images).
    public let mutualInformation: Double
    /// NMI = (H(A) + H(B)) / H(A, B), as `skimage.metrics.normalized_mutual_information`:
    /// 1 for independent images, 2 for images that determine each other. nil when both images
    /// are constant (H(A, B) = 0, so NMI would be 0/0); see `note`.
    public let normalizedMutualInformation: Double?
    /// H(reference), H(test), H(reference, test), in nats.
    public let referenceEntropy: Double
    public let testEntropy: Double
    public let jointEntropy: Double
    /// Bins per image; each image's bins span its own minimum to maximum (where counted).
    public let bins: Int
    /// [minimum, maximum] of each image where counted.
    public let referenceRange: [Double]
    public let testRange: [Double]
    /// Number of voxels in the histogram.
    public let voxels: Int
    public let masked: Bool
    /// "e": entropies in nats.
    public let logBase: String
    public let note: String?
}

extension PixelMetrics {
    /// Mutual information and NMI of `test` and `reference` (inside `mask`) from a joint
    /// histogram of `bins` x `bins` bins (default 100), built exactly as numpy.histogramdd
    /// does for `skimage.metrics.normalized_mutual_information(reference, test, bins=bins)`
    /// on the float32 samples (bins from each image's minimum to maximum; see
    /// `JointHistogram`). With a mask, only voxels inside it are counted, and the bin ranges
    /// are their minimum and maximum.
    public static func mutualInformation(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil,
                                         bins: Int = 100) throws -> MutualInformationResult {
        let inside = try validate(reference, test, mask)
        guard bins >= 1, bins <= 4096 else {
            throw MetricsError.invalidSetting("\(bins) bins: use 1 to 4096 bins per image (scikit-image's default is 100)")
        }
        let h = JointHistogram(reference.pixels, test.pixels, inside: inside, bins: bins)
        var rowSums = [Int](repeating: 0, count: bins), columnSums = [Int](repeating: 0, count: bins)
        for i in 0..<bins {
            for j in 0..<bins {
                let c = h.counts[i * bins + j]
                rowSums[i] += c
                columnSums[j] += c
            }
        }
        let n = Double(h.total)
        func entropy(_ counts: [Int]) -> Double {
            var s = 0.0
            for c in counts where c > 0 {
                let p = Double(c) / n
                s -= p * log(p)
            }
            return s
        }
        let ha = entropy(rowSums), hb = entropy(columnSums), hab = entropy(h.counts)
        let mi = max(0, ha + hb - hab)
        let nmi: Double? = hab > 0 ? (ha + hb) / hab : nil
        return MutualInformationResult(
            mutualInformation: mi, normalizedMutualInformation: nmi,
            referenceEntropy: ha, testEntropy: hb, jointEntropy: hab, bins: bins,
            referenceRange: [Double(h.referenceRange.lowerBound), Double(h.referenceRange.upperBound)],
            testRange: [Double(h.testRange.lowerBound), Double(h.testRange.upperBound)],
            voxels: h.total, masked: mask != nil, logBase: "e",
            note: nmi == nil ? "both images are constant where counted: the joint entropy is 0 and NMI = (H(A) + H(B)) / H(A, B) is undefined" : nil)
    }

    /// Normalized mutual information (H(A) + H(B)) / H(A, B) as scikit-image; throws when
    /// both images are constant where counted (0/0).
    public static func nmi(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil, bins: Int = 100) throws -> Double {
        let r = try mutualInformation(reference: reference, test: test, mask: mask, bins: bins)
        guard let v = r.normalizedMutualInformation else { throw MetricsError.invalidInput(r.note ?? "NMI undefined") }
        return v
    }
}
