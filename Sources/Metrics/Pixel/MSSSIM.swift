import Foundation

/// Multi-scale SSIM of a test image against a reference.
public struct MSSSIMResult: Sendable, Equatable, Codable {
    /// One scale of the computation (finest first).
    public struct Scale: Sendable, Equatable, Codable {
        public let width: Int
        public let height: Int
        public let depth: Int
        /// Mean contrast-structure term at this scale (before the ReLU).
        public let contrastStructure: Double
        /// Mean SSIM at this scale (only the coarsest enters the product).
        public let ssim: Double
        /// False when the volume is thinner than the window along z at this scale, so z is
        /// not filtered (pytorch-msssim skips such axes).
        public let filteredZ: Bool
        /// Number of map values averaged.
        public let voxels: Int
    }

    /// prod over scales i < n-1 of max(cs_i, 0)^w_i, times max(ssim_(n-1), 0)^w_(n-1).
    public let msssim: Double
    public let scales: [Scale]
    public let settings: MSSSIMSettings
    public let dimensions: Int
    public let dataRange: Double
    public let dataRangeSource: String
    public let masked: Bool
    public let notes: [String]
}

extension PixelMetrics {
    /// MS-SSIM of `test` against `reference` as pytorch-msssim 1.0.0's `ms_ssim` (one image,
    /// one channel): at each scale the SSIM and contrast-structure maps of a separable
    /// Gaussian window (valid filtering, population covariance), their means; between scales
    /// 2x2 (2x2x2 for volumes) average pooling with PyTorch's zero padding of odd sides; the
    /// result is the product of max(cs, 0)^weight over all scales but the last, times
    /// max(ssim, 0)^weight of the last. Computed in Double, with the Gaussian window computed
    /// in Double: pytorch-msssim builds its window in float32, whose weights sum to 1 only to
    /// about 3e-8, which moves MS-SSIM by up to about 1e-6 on images with large means (MRI
    /// intensities); its loop with a float64 window agrees to about 1e-14, and on float32
    /// tensors it differs by up to about 1e-5.
    ///
    /// Size rule (pytorch-msssim's): width and height must exceed (windowSize - 1) * 2^(scales - 1),
    /// i.e. at least 161 for 5 scales; a volume's depth is not checked, and an axis shorter
    /// than the window at some scale is not filtered there (noted in the result).
    ///
    /// With a `mask`, each scale averages over mask voxels of its valid region; the mask is
    /// pooled like the images, a coarse voxel being inside when at least half of its block
    /// is. It is an error when a scale has no mask voxel left.
    public static func msssim(reference: MetricImage, test: MetricImage, mask: MetricMask? = nil,
                              dataRange: DataRange, settings: MSSSIMSettings = .standard) throws -> MSSSIMResult {
        var inside = try validate(reference, test, mask)
        try settings.validate()
        let smaller = min(reference.width, reference.height)
        let minimum = settings.minimumSide()
        guard smaller >= minimum else {
            let fit = settings.maximumScales(smallerSide: smaller)
            let how = fit >= 1
                ? "use fewer scales: up to \(fit) fit (MSSSIMSettings.firstScales(\(fit)) or weights of your own, one per scale), or larger images"
                : "even one scale needs a side of \(settings.windowSize); use SSIM or larger images"
            throw MetricsError.invalidInput("MS-SSIM with \(settings.scales) scales and a \(settings.windowSize)-tap window needs width and height of at least \(minimum) "
                                            + "(above (\(settings.windowSize) - 1) x 2^\(settings.scales - 1), pytorch-msssim's rule), but the image is \(describe(reference.shape)); \(how)")
        }
        let range = try dataRange.resolve(for: .span, reference: reference)
        let volume = reference.isVolume
        let window = settings.window
        let w = settings.windowSize
        let c1 = (settings.k1 * range.value) * (settings.k1 * range.value)
        let c2 = (settings.k2 * range.value) * (settings.k2 * range.value)
        var nx = reference.width, ny = reference.height, nz = reference.depth
        var a: [Double] = [], b: [Double] = []
        var scales: [MSSSIMResult.Scale] = []
        var notes: [String] = []
        for level in 0..<settings.scales {
            let kernel = LocalSSIMKernel(nx: nx, ny: ny, nz: nz, window: window, filterX: nx >= w, filterY: ny >= w,
                                         filterZ: volume && nz >= w, c1: c1, c2: c2, covarianceNorm: 1)
            let sums = level == 0
                ? kernel.run(reference.pixels, test.pixels, mask: inside, contrastStructure: true)
                : kernel.run(a, b, mask: inside, contrastStructure: true)
            guard sums.count > 0 else {
                throw MetricsError.invalidInput("no mask voxel is left at MS-SSIM scale \(level + 1) (\(nx)x\(ny)x\(nz)); use fewer scales or a larger mask")
            }
            let scale = MSSSIMResult.Scale(width: nx, height: ny, depth: nz,
                                           contrastStructure: sums.contrastStructure / Double(sums.count),
                                           ssim: sums.ssim / Double(sums.count), filteredZ: kernel.filterZ, voxels: sums.count)
            guard scale.contrastStructure.isFinite, scale.ssim.isFinite else {
                throw MetricsError.numeric("MS-SSIM scale \(level + 1) is not finite; check the data range \(range.value)")
            }
            if volume && !kernel.filterZ {
                notes.append("scale \(level + 1): depth \(nz) is less than the \(w)-tap window, so z is not filtered there (as pytorch-msssim)")
            }
            scales.append(scale)
            if level < settings.scales - 1 {
                let pool = AveragePool(nx: nx, ny: ny, nz: nz, poolZ: volume)
                if level == 0 {
                    a = pool(reference.pixels)
                    b = pool(test.pixels)
                } else {
                    a = pool(a)
                    b = pool(b)
                }
                inside = inside.map { pool.pool(mask: $0) }
                (nx, ny, nz) = pool.outputShape
            }
        }
        var value = 1.0
        for (i, s) in scales.enumerated() {
            let factor = i < scales.count - 1 ? s.contrastStructure : s.ssim
            value *= pow(max(factor, 0), settings.weights[i])
        }
        return MSSSIMResult(msssim: value, scales: scales, settings: settings, dimensions: volume ? 3 : 2,
                            dataRange: range.value, dataRangeSource: range.source, masked: mask != nil, notes: notes)
    }
}
