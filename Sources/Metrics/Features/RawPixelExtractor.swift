import Imaging

/// Feature vectors made of an image's pixels: physical values (rescale slope and intercept
/// applied) as Float32, flattened with x fastest, then y, then z.
///
/// With `size` set, every image is first resized to that size by linear interpolation
/// (half-pixel centres, no antialiasing; see `LinearResize`), so sets of different image
/// sizes can be compared; a 2-element size applies to 2D images (z = 1), a 3-element size to
/// volumes. Without it every image of a set must have the same shape. Greyscale only: colour
/// images are refused (convert them to grey first). Meant for tests and as a crude baseline;
/// pixel features are not a perceptual embedding.
public struct RawPixelExtractor: FeatureExtractor {
    /// Output size (x, y) or (x, y, z), or nil to keep each image's own size.
    public let size: [Int]?

    public init(size: [Int]? = nil) throws {
        if let s = size {
            guard s.count == 2 || s.count == 3, s.allSatisfy({ $0 >= 1 }) else {
                throw MetricsError.invalidSetting("raw-pixel size must be 2 or 3 positive numbers (x, y[, z]), got \(s)")
            }
        }
        self.size = size
    }

    public var info: FeatureExtractorInfo {
        var settings = ["intensity": "physical values (rescale applied), float32", "order": "x fastest, then y, then z"]
        if let s = size {
            settings["size"] = s.map(String.init).joined(separator: "x")
            settings["interpolation"] = "linear, half-pixel centres, no antialias (torch interpolate align_corners=False)"
        } else {
            settings["size"] = "as read (all images must share one shape)"
        }
        return FeatureExtractorInfo(name: "raw-pixels", version: "1", dimension: size.map { $0.reduce(1, *) }, settings: settings)
    }

    public func features(of batch: [Volume]) throws -> FeatureMatrix {
        var values: [Float] = []
        var dimension = 0
        var firstShape: [Int]?
        for (index, image) in batch.enumerated() {
            guard image.shape.dropFirst(3).allSatisfy({ $0 == 1 }) else {
                throw MetricsError.invalidInput("image \(index) of the batch has shape \(image.shape): raw-pixel features take 2D images or 3D volumes, not time series")
            }
            guard let grey = image.float32() else {
                throw MetricsError.invalidInput("image \(index) of the batch is \(image.voxelType): raw-pixel features take greyscale images (convert colour to grey first)")
            }
            let shape = Array(image.shape.prefix(3))
            var pixels = grey.withFloat32Buffer { Array($0) }
            if let s = size {
                let target = s.count == 3 ? s : [s[0], s[1], 1]
                guard s.count == 3 || shape[2] == 1 else {
                    throw MetricsError.invalidInput("image \(index) of the batch is a volume (\(shape)); give a 3-element size (x, y, z) to resize volumes")
                }
                pixels = LinearResize.resize(pixels, shape: shape, to: target)
            } else if let f = firstShape, f != shape {
                throw MetricsError.shapeMismatch("image \(index) of the batch has shape \(shape), the first has \(f); set a raw-pixel size to resize images to one size")
            }
            if firstShape == nil { firstShape = shape; dimension = pixels.count; values.reserveCapacity(batch.count * dimension) }
            if let bad = pixels.firstIndex(where: { !$0.isFinite }) {
                throw MetricsError.invalidInput("image \(index) of the batch holds a non-finite pixel (\(pixels[bad])) at index \(bad)")
            }
            values += pixels
        }
        return try FeatureMatrix(count: batch.count, dimension: max(dimension, 1), values: values, source: "raw-pixels batch", extractor: info)
    }
}
