import Imaging

/// Histogram standardization after Nyúl, Udupa and Zhang (IEEE TMI 2000), as TorchIO's
/// `HistogramStandardization`:
///
/// - `train`: for each training image, the landmark percentiles (NumPy 'linear') of the
///   voxels in its mask (every voxel without one) are mapped linearly so that the first
///   (cutoff, default 1 %) goes to 0 and the last (99 %) to 100; the landmarks' positions
///   on that standard scale are averaged over the images.
/// - `apply`: the image's own landmark percentiles (inside the mask) are mapped piecewise
///   linearly onto the trained values. As in TorchIO the quartiles (25 and 75 %) are kept
///   in the landmarks but not used as breakpoints, values below the first or above the
///   last landmark follow the outer segments' lines, and a segment whose two image
///   percentiles are less than 1e-5 apart maps to a constant (its lower landmark).
///
/// Differences from TorchIO: an image whose cutoff percentiles are equal is an error in
/// training (TorchIO turns its infinite slope into the largest double); the percentiles
/// used in `apply` are those stored with the landmarks (TorchIO always uses its defaults).
public struct HistogramStandardization: Transform {
    public var landmarks: HistogramLandmarks
    public var mask: IntensityMask
    /// Where the landmarks were read from, for records.
    public var landmarksFile: String?

    public init(landmarks: HistogramLandmarks, mask: IntensityMask = .all) {
        self.landmarks = landmarks
        self.mask = mask
    }

    public var name: String { "histogram_standardization" }
    public var parameters: [String: JSONValue] {
        var p: [String: JSONValue] = [:]
        if let landmarksFile { p["landmarks_file"] = .string(landmarksFile) } else {
            p["landmarks"] = .array(landmarks.values.map { .number($0) })
            if landmarks.percentiles != HistogramLandmarks.landmarkPercentiles() {
                p["percentiles"] = .array(landmarks.percentiles.map { .number($0) })
            }
        }
        if let m = mask.parameter { p["mask"] = .string(m) }
        return p
    }

    /// Trains landmarks on images (physical values) with optional masks (non-zero voxels;
    /// nil entries or a shorter list mean every voxel). `cutoff` are the lowest and
    /// highest quantiles used, as fractions: TorchIO's default (0.01, 0.99); the low one
    /// must be below 0.1 and the high one above 0.9.
    public static func train(_ images: [Volume], masks: [Volume?] = [], cutoff: (Double, Double) = (0.01, 0.99)) throws(PreprocessError) -> HistogramLandmarks {
        guard !images.isEmpty else {
            throw .invalidParameter(name: "images", value: "[]", reason: "training needs at least one image")
        }
        guard masks.count <= images.count else {
            throw .invalidParameter(name: "masks", value: "\(masks.count) masks", reason: "more masks than images (\(images.count))")
        }
        var sums: [Double] = []
        for (n, volume) in images.enumerated() {
            let scaled = try standardScale(of: volume, mask: n < masks.count ? masks[n] : nil, cutoff: cutoff, label: "images[\(n)]")
            sums = sums.isEmpty ? scaled : zip(sums, scaled).map { $0 + $1 }
        }
        let values = sums.map { $0 / Double(images.count) }
        return try HistogramLandmarks(percentiles: HistogramLandmarks.landmarkPercentiles(cutoff: cutoff), values: values)
    }

    /// One image's landmark percentiles mapped onto the standard scale [0, 100] (its low
    /// cutoff to 0, its high cutoff to 100): training averages these over the images, so
    /// a job can train over many files holding one image at a time.
    public static func standardScale(of volume: Volume, mask: Volume? = nil, cutoff: (Double, Double) = (0.01, 0.99),
                                     label: String = "image") throws(PreprocessError) -> [Double] {
        guard cutoff.0 >= 0, cutoff.0 < 0.1, cutoff.1 > 0.9, cutoff.1 <= 1 else {
            throw .invalidParameter(name: "cutoff", value: "(\(cutoff.0), \(cutoff.1))", reason: "expected 0 <= low < 0.1 and 0.9 < high <= 1")
        }
        let ps = HistogramLandmarks.landmarkPercentiles(cutoff: cutoff)
        let image = try IntensityMask.float32(volume, parameter: label)
        let s = try IntensityMask.check(mask, image: image, parameter: "\(label) mask")
        let p = try IntensityMask.percentiles(image, s, ps, parameter: label)
        let first = p[0], last = p[p.count - 1]
        guard last > first else {
            throw .invalidParameter(name: label, value: "percentiles \(first) ... \(last)",
                                    reason: "the image is constant between its cutoff percentiles; it cannot be mapped onto the standard scale")
        }
        let slope = 100 / (last - first)
        return p.map { slope * ($0 - first) }
    }

    /// The image mapped onto the landmarks (float32), with statistics over `mask`.
    public func apply(_ volume: Volume, mask: Volume? = nil) throws(PreprocessError) -> Volume {
        try HistogramStandardization.standardize(volume, landmarks: landmarks, mask: mask, parameter: "histogram_standardization").0
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let m = try mask.resolve(in: subject, parameter: "histogram_standardization.mask")
        let (out, p) = try HistogramStandardization.standardize(subject.image, landmarks: landmarks, mask: m, parameter: "histogram_standardization")
        subject.image = out
        return ["image_percentiles": .array(p.map { .number($0) })]
    }

    /// Maps `volume` piecewise linearly; returns the result and the image's percentiles.
    static func standardize(_ volume: Volume, landmarks: HistogramLandmarks, mask: Volume?,
                            parameter: String) throws(PreprocessError) -> (Volume, [Double]) {
        var image = try IntensityMask.float32(volume, parameter: parameter)
        let s = try IntensityMask.check(mask, image: image, parameter: "\(parameter).mask")
        let all = try IntensityMask.percentiles(image, s, landmarks.percentiles, parameter: "\(parameter).percentiles")
        // Breakpoints: every landmark except the inner quartiles (TorchIO's range_to_use).
        let last = landmarks.percentiles.count - 1
        let used = landmarks.percentiles.indices.filter { i in
            i == 0 || i == last || (landmarks.percentiles[i] != 25 && landmarks.percentiles[i] != 75)
        }
        let x = used.map { all[$0] }, y = used.map { landmarks.values[$0] }
        let segments = x.count - 1
        var slopes = [Double](repeating: 0, count: segments), intercepts = [Double](repeating: 0, count: segments)
        for i in 0..<segments {
            let dx = x[i + 1] - x[i]
            slopes[i] = dx < 1e-5 ? 0 : (y[i + 1] - y[i]) / dx
            intercepts[i] = y[i] - slopes[i] * x[i]
        }
        let inner = Array(x[1..<segments])
        let (a, b) = (slopes, intercepts)
        VoxelMap.apply(&image) { v in
            let d = Double(v)
            var bin = 0
            while bin < inner.count && inner[bin] <= d { bin += 1 }
            return Float(a[bin] * d + b[bin])
        }
        return (image, all)
    }
}
