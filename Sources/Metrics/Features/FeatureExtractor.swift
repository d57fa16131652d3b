import Imaging

/// Turns images into feature vectors for set metrics.
///
/// An extractor works on batches (a network runs a batch at once); `extract(count:...)`
/// feeds it a large set batch by batch, so only one batch of images is in memory at a time
/// and memory stays bounded by the feature matrix. Every feature matrix it makes carries the
/// extractor's `info`, which results write down.
///
/// Shipped: `RawPixelExtractor` (flattened pixels, for tests and simple baselines). An
/// Inception-v3 extractor (FID's standard features) plugs in by conforming to this protocol.
public protocol FeatureExtractor: Sendable {
    /// Name, version, dimension and settings.
    var info: FeatureExtractorInfo { get }

    /// The features of a batch of images: one row per image, in order, all of one dimension
    /// (`info.dimension` when set).
    func features(of batch: [Volume]) throws -> FeatureMatrix
}

extension FeatureExtractor {
    /// Extracts features from `count` images that `load(i)` reads one at a time, `batchSize`
    /// images per call to `features(of:)`; `progress(done)` is called after each batch with the
    /// images read so far. `load` returns nil for an image to leave out (one that cannot be
    /// read, which the caller records): the matrix then has a row for each image loaded, in
    /// order. The result is tagged with `source` and this extractor's `info`.
    public func extract(count: Int, batchSize: Int = 32, source: String,
                        load: (Int) throws -> Volume?, progress: ((Int) -> Void)? = nil) throws -> FeatureMatrix {
        guard count >= 1 else { throw MetricsError.invalidInput("no images to extract features from ('\(source)')") }
        guard batchSize >= 1 else { throw MetricsError.invalidSetting("batch size must be at least 1, got \(batchSize)") }
        var values: [Float] = []
        var dimension = info.dimension ?? 0
        var rows = 0
        var start = 0
        while start < count {
            let end = min(count, start + batchSize)
            var batch: [Volume] = []
            batch.reserveCapacity(end - start)
            for i in start..<end { if let v = try load(i) { batch.append(v) } }
            if !batch.isEmpty {
                let f = try features(of: batch)
                if dimension == 0 { dimension = f.dimension; values.reserveCapacity(count * dimension) }
                guard f.count == batch.count, f.dimension == dimension else {
                    throw MetricsError.shapeMismatch("extractor \(info.name) \(info.version) returned \(f.count) x \(f.dimension) features for images \(start)..<\(end) of '\(source)', expected \(batch.count) x \(dimension) (images of different sizes need a fixed extractor size)")
                }
                values += f.values
                rows += f.count
            }
            start = end
            progress?(start)
        }
        guard rows >= 1 else { throw MetricsError.invalidInput("none of the \(count) images of '\(source)' could be read") }
        var result = info
        result.dimension = dimension
        return try FeatureMatrix(count: rows, dimension: dimension, values: values, source: source, extractor: result)
    }

    public func extract(_ images: [Volume], batchSize: Int = 32, source: String) throws -> FeatureMatrix {
        try extract(count: images.count, batchSize: batchSize, source: source, load: { images[$0] })
    }
}
