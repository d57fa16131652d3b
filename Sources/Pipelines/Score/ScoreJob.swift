import Foundation
import Imaging
import Metrics

/// `medsynth score`: a synthetic image set against a real one.
///
/// - **Paired** (`paired`): images are paired by relative path (format extension dropped, see
///   `ImagePairing`); each pair is loaded, scored by the pixel metrics and dropped, on all
///   cores, so memory holds a few pairs at a time. Pairs that fail (shape mismatch, unreadable
///   file, NaN pixels) are listed with the reason and the run goes on; images without a
///   partner are listed. Statistics per metric over all pairs and per class label.
/// - **Sets** (default with images): each image becomes a feature vector (the raw-pixel
///   extractor until a network extractor is plugged in), streamed into the N x D matrices;
///   Frechet distance, KID and precision/recall/density/coverage on them.
/// - **Features** (`realFeatures` / `syntheticFeatures`): set metrics on NumPy feature files
///   computed elsewhere (pytorch-fid, torchmetrics), no image read.
public enum ScoreJob {
    public enum Event: Sendable {
        case listing
        case scoring(done: Int, total: Int)
        case extracting(set: String, done: Int, total: Int)
        case setMetric(String)
    }

    public static func run(_ options: ScoreOptions, progress: (@Sendable (Event) -> Void)? = nil) throws -> ScoreReport {
        let start = Date()
        if let a = options.realFeatures, let b = options.syntheticFeatures {
            guard !options.paired else { throw PipelineError(path: a, reason: "paired metrics need images, not feature files") }
            var report = try setMetrics(real: try readFeatures(a), synthetic: try readFeatures(b), options: options,
                                        mode: "features", realName: a, syntheticName: b, progress: progress)
            report.seconds = Date().timeIntervalSince(start)
            return report
        }
        guard let realRoot = options.real, let syntheticRoot = options.synthetic else {
            throw PipelineError(path: options.real ?? options.realFeatures ?? "score",
                                reason: "give --real and --synthetic image folders, or --real-features and --synthetic-features")
        }
        progress?(.listing)
        let real = try listed(realRoot), synthetic = try listed(syntheticRoot)
        let skipped = real.skipped.map { ScanIssueRecord(path: "real/" + $0.path, reason: $0.reason) }
            + synthetic.skipped.map { ScanIssueRecord(path: "synthetic/" + $0.path, reason: $0.reason) }
        var report: ScoreReport
        if options.paired {
            report = try paired(ImagePairing.pair(real: real, synthetic: synthetic), options: options, progress: progress)
        } else {
            let extractor = try RawPixelExtractor(size: options.rawPixelSize)
            var unreadable: [ScoreReport.Failure] = []
            var a = try features(real, name: "real", extractor: extractor, failures: &unreadable, progress: progress)
            var b = try features(synthetic, name: "synthetic", extractor: extractor, failures: &unreadable, progress: progress)
            var info = a.extractor ?? extractor.info
            if let range = options.dataRange {
                // Raw pixels in [0, 1]-like units: KID's cubic kernel (x.y/d + 1)^3 is meant for
                // features of order 1; in stored units (0..65535) it loses all precision.
                info.settings["scale"] = "1/\(range) (--data-range)"
                a = try scaled(a, by: 1 / range, extractor: info)
                b = try scaled(b, by: 1 / range, extractor: info)
            }
            report = try setMetrics(real: a, synthetic: b, options: options, mode: "sets", realName: realRoot,
                                    syntheticName: syntheticRoot, progress: progress)
            report.settings.extractor = info
            report.failures = unreadable
            if options.dataRange == nil {
                report.warnings.append("raw-pixel features are in stored units; KID's kernel (x.y/d + 1)^3 is meant for features of order 1: give --data-range to divide the pixels by it")
            }
        }
        report.real = realRoot
        report.synthetic = syntheticRoot
        report.skipped = skipped
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    static func listed(_ root: String) throws -> ImageSet {
        do { return try ImageSet.list(root: root) } catch { throw PipelineError(path: error.path, reason: error.reason) }
    }

    /// A feature file: `path`, or `path.npz:name` for one array of an archive.
    static func readFeatures(_ spec: String) throws -> FeatureMatrix {
        var path = spec, name: String? = nil
        if let colon = spec.range(of: ".npz:", options: .backwards) {
            path = String(spec[..<colon.lowerBound]) + ".npz"
            name = String(spec[colon.upperBound...])
        }
        do { return try FeatureMatrix.read(path, name: name) } catch let e as MetricsError {
            throw PipelineError(path: path, reason: "\(e)")
        }
    }

    // MARK: - Paired

    struct PairOutcome: Sendable {
        var score: ScoreReport.PairScore?
        var failure: ScoreReport.Failure?
        var range: ResolvedDataRange?
    }

    static func paired(_ pairing: ImagePairing, options: ScoreOptions, progress: (@Sendable (Event) -> Void)?) throws -> ScoreReport {
        let metrics = options.metrics.isEmpty ? ScoreMetric.pairedDefaults : options.metrics
        if let set = metrics.first(where: { !$0.isPaired }) {
            throw PipelineError(path: "--metrics", reason: "\(set.rawValue) is a set metric: leave out --paired to compute it")
        }
        guard !pairing.pairs.isEmpty else {
            throw PipelineError(path: pairing.real.root, reason: "no image of the real set has a synthetic image of the same relative path (\(pairing.onlyInReal.count) real and \(pairing.onlyInSynthetic.count) synthetic images unpaired); leave out --paired to compare the sets")
        }
        let range: DataRange = options.dataRange.map { .explicit($0) } ?? .fromReference
        let msssim = MSSSIMSettings.firstScales(options.msssimScales)
        let pairs = pairing.pairs
        let workers = options.workers > 0 ? options.workers : ProcessInfo.processInfo.activeProcessorCount
        let outcomes = ConcurrentSlots<PairOutcome>.compute(count: pairs.count, workers: workers, { i in
            let pair = pairs[i]
            do {
                let (a, b) = try pairing.load(pair)
                let scored = score(reference: a, test: b, metrics: metrics, range: range, options: options, msssim: msssim)
                return PairOutcome(score: ScoreReport.PairScore(key: pair.key, real: pair.real.path, synthetic: pair.synthetic.path,
                                                                 label: pair.real.label, values: scored.values,
                                                                 notes: scored.notes.isEmpty ? nil : scored.notes),
                                   failure: nil, range: scored.range)
            } catch {
                return PairOutcome(score: nil, failure: ScoreReport.Failure(item: pair.key, reason: reason(error)), range: nil)
            }
        }, finished: { _, done in progress?(.scoring(done: done, total: pairs.count)) })

        var scores: [ScoreReport.PairScore] = [], failures: [ScoreReport.Failure] = [], warnings: [String] = []
        var ranges: [ResolvedDataRange] = []
        for (i, o) in outcomes.enumerated() {
            guard let o else { failures.append(.init(item: pairs[i].key, reason: "no result (internal error)")); continue }
            if let s = o.score { scores.append(s) }
            if let f = o.failure { failures.append(f) }
            if let r = o.range, !ranges.contains(r) { ranges.append(r) }
        }
        if ranges.count > 1 {
            warnings.append("the data range differs between pairs (\(ranges.map { "\($0.value) from \($0.source)" }.joined(separator: "; "))): give --data-range to score every pair on one scale")
        }
        warnings += missingMetricWarnings(scores, metrics)
        var byLabel: [String: [ScoreReport.PairScore]] = [:]
        for s in scores { if let l = s.label { byLabel[l, default: []].append(s) } }
        let usesRange = metrics.contains { [.psnr, .ssim, .msssim].contains($0) }
        let settings = ScoreReport.Settings(
            dataRange: usesRange ? ranges.first?.value : nil, dataRangeSource: usesRange ? ranges.first?.source : nil,
            ssim: metrics.contains(.ssim) ? options.ssim : nil, msssim: metrics.contains(.msssim) ? msssim : nil,
            bins: metrics.contains(.mi) || metrics.contains(.nmi) ? options.bins : nil)
        return ScoreReport(
            mode: "paired", real: pairing.real.root, synthetic: pairing.synthetic.root, metrics: metrics.map(\.rawValue),
            settings: settings, pairs: pairs.count, scored: scores.count, summary: summaries(scores, metrics),
            summaryByLabel: byLabel.isEmpty ? nil : byLabel.mapValues { summaries($0, metrics) },
            perImage: options.perImage ? scores : nil,
            unpaired: ScoreReport.Unpaired(onlyInReal: pairing.onlyInReal.map(\.path), onlyInSynthetic: pairing.onlyInSynthetic.map(\.path),
                                           ambiguous: pairing.conflicts.map(\.key)),
            sets: nil, skipped: [], failures: failures, warnings: warnings, seconds: 0)
    }

    /// The pixel metrics of one pair (`PixelMetrics.score`: each metric fails on its own). A
    /// metric that cannot be computed is left out of `values` with a note saying why; PSNR of
    /// identical images is left out with a note too (it is infinite).
    static func score(reference a: MetricImage, test b: MetricImage, metrics: [ScoreMetric], range: DataRange,
                      options: ScoreOptions, msssim: MSSSIMSettings) -> (values: [String: Double], notes: [String], range: ResolvedDataRange?) {
        let wanted = Set(metrics.compactMap { PixelMetric(rawValue: $0.rawValue) })
        let scores = PixelMetrics.score(reference: a, test: b, metrics: wanted,
                                        options: PixelScoreOptions(dataRange: range, ssim: options.ssim, msssim: msssim, bins: options.bins))
        var values: [String: Double] = [:], notes: [String] = []
        for metric in PixelMetric.allCases where wanted.contains(metric) {
            if let v = scores.value(metric), v.isFinite {
                values[metric.rawValue] = v
            } else if metric == .psnr, scores.psnr?.identical == true {
                notes.append("psnr: identical images, PSNR is infinite")
            } else {
                notes.append("\(metric.rawValue): not computed: \(scores.failures[metric.rawValue] ?? "no value")")
            }
        }
        notes += (scores.msssim?.notes ?? []).map { "ms-ssim: \($0)" }
        let used = (scores.ssim.map { ResolvedDataRange(value: $0.dataRange, source: $0.dataRangeSource) })
            ?? scores.psnr.map { ResolvedDataRange(value: $0.dataRange, source: $0.dataRangeSource) }
        return (values, notes, used)
    }

    /// One warning per metric left out of some pairs, with the first reason.
    static func missingMetricWarnings(_ scores: [ScoreReport.PairScore], _ metrics: [ScoreMetric]) -> [String] {
        var out: [String] = []
        for metric in metrics {
            let name = metric.rawValue
            let missing = scores.filter { $0.values[name] == nil && !(metric == .psnr && ($0.notes ?? []).contains { $0.hasPrefix("psnr: identical") }) }
            guard let first = missing.first else { continue }
            let why = (first.notes ?? []).first { $0.hasPrefix(name + ":") } ?? "\(name): not computed"
            out.append("\(name) is missing for \(missing.count) of \(scores.count) pairs (first: \(first.key): \(why))")
        }
        return out
    }

    static func summaries(_ scores: [ScoreReport.PairScore], _ metrics: [ScoreMetric]) -> [ScoreReport.Summary] {
        metrics.compactMap { metric in
            let name = metric.rawValue
            let v = scores.compactMap { $0.values[name] }
            let identical = metric == .psnr ? scores.filter { $0.values[name] == nil && ($0.notes ?? []).contains { $0.hasPrefix("psnr: identical") } }.count : nil
            guard !v.isEmpty else {
                return identical.map { ScoreReport.Summary(metric: name, count: 0, mean: 0, standardDeviation: 0, minimum: 0, maximum: 0, identical: $0) }
            }
            let mean = v.reduce(0, +) / Double(v.count)
            let variance = v.count > 1 ? v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1) : 0
            return ScoreReport.Summary(metric: name, count: v.count, mean: mean, standardDeviation: variance.squareRoot(),
                                       minimum: v.min() ?? 0, maximum: v.max() ?? 0, identical: identical)
        }
    }

    // MARK: - Sets

    /// The features of every image of a set (`FeatureExtractor.extract`: batches of 32, loaded
    /// one image at a time); an image that cannot be read is left out and listed in `failures`.
    static func features(_ set: ImageSet, name: String, extractor: any FeatureExtractor, failures: inout [ScoreReport.Failure],
                         progress: (@Sendable (Event) -> Void)?) throws -> FeatureMatrix {
        guard !set.items.isEmpty else {
            throw PipelineError(path: set.root, reason: "no PNG, DICOM or NIfTI image found (\(set.skipped.count) files skipped)")
        }
        let items = set.items
        var unreadable: [ScoreReport.Failure] = []
        let matrix: FeatureMatrix
        do {
            matrix = try extractor.extract(count: items.count, source: set.root, load: { i in
                do { return try set.loadVolume(items[i]) } catch {
                    unreadable.append(ScoreReport.Failure(item: name + "/" + items[i].path, reason: reason(error)))
                    return nil
                }
            }, progress: { done in progress?(.extracting(set: name, done: done, total: items.count)) })
        } catch {
            throw PipelineError(path: set.root, reason: reason(error) + (unreadable.isEmpty ? "" : " (\(unreadable.count) images could not be read)"))
        }
        failures += unreadable
        guard matrix.count >= 2 else {
            throw PipelineError(path: set.root, reason: "\(matrix.count) readable image: set metrics need at least 2 (\(unreadable.count) could not be read)")
        }
        return matrix
    }

    static func scaled(_ m: FeatureMatrix, by factor: Double, extractor: FeatureExtractorInfo) throws -> FeatureMatrix {
        let f = Float(factor)
        return try FeatureMatrix(count: m.count, dimension: m.dimension, values: m.values.map { $0 * f }, source: m.source,
                                 extractor: extractor)
    }

    static func setMetrics(real: FeatureMatrix, synthetic: FeatureMatrix, options: ScoreOptions, mode: String,
                           realName: String, syntheticName: String, progress: (@Sendable (Event) -> Void)?) throws -> ScoreReport {
        let metrics = options.metrics.isEmpty ? ScoreMetric.setDefaults : options.metrics
        if let pairedOnly = metrics.first(where: { $0.isPaired }) {
            throw PipelineError(path: "--metrics", reason: "\(pairedOnly.rawValue) is a paired metric: add --paired (and folders whose images pair by relative path)")
        }
        var sets = ScoreReport.SetScores(real: real.info, synthetic: synthetic.info)
        var warnings: [String] = []
        func attempt<T>(_ name: String, _ body: () throws -> T) throws -> T {
            progress?(.setMetric(name))
            do { return try body() } catch let e as MetricsError { throw PipelineError(path: name, reason: "\(e)") }
        }
        if metrics.contains(.fid) {
            sets.fid = try attempt("fid") { try FrechetDistance.compute(real: real, synthetic: synthetic) }
            warnings += sets.fid?.warnings.map { "fid: \($0)" } ?? []
        }
        if metrics.contains(.fid), let b = options.bootstrap {
            sets.fidInterval = try attempt("fid bootstrap") { try Bootstrap.frechetDistance(real: real, synthetic: synthetic, bootstrap: b) }
            warnings += sets.fidInterval?.warnings.map { "fid bootstrap: \($0)" } ?? []
        }
        if metrics.contains(.fid), let x = options.fidInfinity {
            sets.fidInfinity = try attempt("fid-infinity") { try FIDExtrapolation.compute(real: real, synthetic: synthetic, options: x) }
            warnings += sets.fidInfinity?.warnings.map { "fid-infinity: \($0)" } ?? []
        }
        if metrics.contains(.kid) {
            sets.kid = try attempt("kid") { try KernelInceptionDistance.compute(real: real, synthetic: synthetic, options: options.kid) }
            warnings += sets.kid?.warnings.map { "kid: \($0)" } ?? []
        }
        if metrics.contains(.kid), let b = options.bootstrap {
            sets.kidInterval = try attempt("kid bootstrap") {
                try Bootstrap.kid(real: real, synthetic: synthetic, options: options.kid, bootstrap: b)
            }
            warnings += sets.kidInterval?.warnings.map { "kid bootstrap: \($0)" } ?? []
        }
        if metrics.contains(.prdc) {
            sets.prdc = try attempt("prdc") { try PrecisionRecallDensityCoverage.compute(real: real, synthetic: synthetic, options: options.prdc) }
            warnings += sets.prdc?.warnings.map { "prdc: \($0)" } ?? []
        }
        let settings = ScoreReport.Settings(extractor: real.extractor, kid: metrics.contains(.kid) ? options.kid : nil,
                                            prdc: metrics.contains(.prdc) ? options.prdc : nil)
        return ScoreReport(mode: mode, real: realName, synthetic: syntheticName, metrics: metrics.map(\.rawValue), settings: settings,
                           summary: [], sets: sets, skipped: [], failures: [], warnings: warnings, seconds: 0)
    }

    static func reason(_ error: any Error) -> String {
        if let e = error as? MetricsError { return e.description }
        if let e = error as? ImageSetError { return e.description }
        if let e = error as? PipelineError { return e.description }
        return "\(error)"
    }
}
