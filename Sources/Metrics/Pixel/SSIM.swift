/// Mean structural similarity of a test image against a reference.
public struct SSIMResult: Sendable, Equatable, Codable {
    /// Mean of the SSIM map over the voxels counted.
    public let ssim: Double
    public let settings: SSIMSettings
    /// Window taps per axis.
    public let windowSize: Int
    /// 2 for images, 3 for volumes (3D window).
    public let dimensions: Int
    /// The data range L used in C1 = (K1 L)² and C2 = (K2 L)².
    public let dataRange: Double
    public let dataRangeSource: String
    /// Number of SSIM-map values averaged.
    public let voxels: Int
    /// True when the mean was taken inside a mask.
    public let masked: Bool
}

extension PixelMetrics {
    /// SSIM of `test` against `reference`, matching `skimage.metrics.structural_similarity`
    /// (scikit-image 0.26) with the same settings: 2D for images (depth 1), 3D for volumes
    /// (scikit-image with `channel_axis=None` on a 3D array).
    ///
    /// The local statistics are filtered with `settings.window` along every axis; the mean
    /// is taken over the image cropped by (window - 1) / 2 on each side, where the window
    /// lies wholly inside the image (scikit-image's `crop(S, pad).mean()`; the border mode of
    /// its filters does not reach that region). Computed in Double: scikit-image run on
    /// float64 copies of the same Float samples agrees to about 1e-14 (on the float32 samples
    /// themselves it computes in float32, whose own error is far larger).
    ///
    /// With a `mask`, the mean is over the SSIM-map values at mask voxels inside that cropped
    /// region (the windows themselves still see the neighbouring voxels outside the mask);
    /// it is an error when no mask voxel lies in the region.
    public static func ssim(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil,
                            dataRange: DataRange, settings: SSIMSettings = .wang) throws -> SSIMResult {
        let inside = try validate(reference, test, mask)
        try settings.validate()
        let w = settings.window.size
        let dims = reference.isVolume ? 3 : 2
        let sides = dims == 3 ? [reference.width, reference.height, reference.depth] : [reference.width, reference.height]
        guard sides.allSatisfy({ $0 >= w }) else {
            throw MetricsError.invalidInput("SSIM with a \(w)-tap window needs every side to be at least \(w), but the image is \(describe(reference.shape))"
                                            + (dims == 3 ? "; score a thin volume slice by slice as 2D images, or" : ";")
                                            + " use a smaller window")
        }
        let range = try dataRange.resolve(for: .span, reference: reference)
        var windowVoxels = 1.0
        for _ in 0..<dims { windowVoxels *= Double(w) }
        let norm = settings.covariance == .sample ? windowVoxels / (windowVoxels - 1) : 1
        guard norm.isFinite else {
            throw MetricsError.invalidSetting("sample covariance needs a window of more than one voxel")
        }
        let kernel = LocalSSIMKernel(nx: reference.width, ny: reference.height, nz: reference.depth,
                                     window: settings.window.weights, filterX: true, filterY: true, filterZ: dims == 3,
                                     c1: (settings.k1 * range.value) * (settings.k1 * range.value),
                                     c2: (settings.k2 * range.value) * (settings.k2 * range.value),
                                     covarianceNorm: norm)
        let sums = kernel.run(reference.pixels, test.pixels, mask: inside, contrastStructure: false)
        guard sums.count > 0 else {
            throw MetricsError.invalidInput("no mask voxel lies in the region SSIM is averaged over (the image cropped by \(w / 2) on each side)")
        }
        let mean = sums.ssim / Double(sums.count)
        guard mean.isFinite else {
            throw MetricsError.numeric("SSIM is not finite (\(mean)); check the data range \(range.value) and K1/K2")
        }
        return SSIMResult(ssim: mean, settings: settings, windowSize: w, dimensions: dims, dataRange: range.value,
                          dataRangeSource: range.source, voxels: sums.count, masked: mask != nil)
    }
}

extension LocalSSIMKernel {
    /// `sums` over Swift arrays.
    func run<T: SSIMKernelInput>(_ a: [T], _ b: [T], mask: [Bool]?, contrastStructure: Bool) -> SSIMMapSums {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                guard let ra = pa.baseAddress, let rb = pb.baseAddress else { return SSIMMapSums() }
                if let mask {
                    return mask.withUnsafeBufferPointer { pm in
                        sums(ra, rb, mask: pm.baseAddress, contrastStructure: contrastStructure)
                    }
                }
                return sums(ra, rb, mask: nil, contrastStructure: contrastStructure)
            }
        }
    }
}
