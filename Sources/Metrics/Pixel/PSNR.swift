import Foundation

/// Peak signal-to-noise ratio, 10 log10(L² / MSE), with L the data range.
///
/// Identical images (MSE 0) give `psnr` = +infinity, said in `note`. JSON cannot hold an
/// infinity, so `psnr` is encoded as null with `identical` true in that case (and decoded
/// back to +infinity); a table should print it as "inf".
public struct PSNRResult: Sendable, Equatable, Codable {
    /// In decibels; +infinity when the images are identical where counted.
    public let psnr: Double
    public let mse: Double
    /// The data range L used.
    public let dataRange: Double
    /// Where L came from ("explicit", or the voxel-type rule).
    public let dataRangeSource: String
    /// Number of voxels averaged in the MSE.
    public let voxels: Int
    /// True when MSE is 0 (PSNR infinite).
    public var identical: Bool { mse == 0 }
    public let note: String?

    init(mse: Double, dataRange: ResolvedDataRange, voxels: Int) {
        self.mse = mse
        self.dataRange = dataRange.value
        self.dataRangeSource = dataRange.source
        self.voxels = voxels
        if mse == 0 {
            psnr = .infinity
            note = "the images are identical where counted (MSE 0): PSNR is +infinity"
        } else {
            psnr = 10 * log10((dataRange.value * dataRange.value) / mse)
            note = nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case psnr, mse, dataRange, dataRangeSource, voxels, identical, note
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mse = try c.decode(Double.self, forKey: .mse)
        psnr = try c.decodeIfPresent(Double.self, forKey: .psnr) ?? .infinity
        dataRange = try c.decode(Double.self, forKey: .dataRange)
        dataRangeSource = try c.decode(String.self, forKey: .dataRangeSource)
        voxels = try c.decode(Int.self, forKey: .voxels)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if psnr.isFinite { try c.encode(psnr, forKey: .psnr) } else { try c.encodeNil(forKey: .psnr) }
        try c.encode(mse, forKey: .mse)
        try c.encode(dataRange, forKey: .dataRange)
        try c.encode(dataRangeSource, forKey: .dataRangeSource)
        try c.encode(voxels, forKey: .voxels)
        try c.encode(identical, forKey: .identical)
        try c.encodeIfPresent(note, forKey: .note)
    }
}

extension PixelMetrics {
    /// PSNR of `test` against `reference` (inside `mask`): 10 log10(L² / MSE), as
    /// `skimage.metrics.peak_signal_noise_ratio`. L comes from `dataRange`; with a voxel
    /// type it follows scikit-image's PSNR rule (the type's maximum when the whole reference
    /// is non-negative, else its span; see `DataRange`).
    public static func psnr(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil,
                            dataRange: DataRange) throws -> PSNRResult {
        let inside = try validate(reference, test, mask)
        let range = try dataRange.resolve(for: .peak, reference: reference)
        let s = errorSums(reference.pixels, test.pixels, inside)
        return PSNRResult(mse: s.squared / Double(s.count), dataRange: range, voxels: s.count)
    }
}
