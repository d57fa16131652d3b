import Foundation
import Imaging
import NIfTI
import Preprocessing

/// Trains histogram-standardization landmarks (Nyúl & Udupa, as TorchIO's
/// `HistogramStandardization.train`) over every NIfTI image of a file or folder, one
/// image in memory per worker, and writes them as JSON for the
/// `histogram_standardization` transform (`landmarks_file:`).
public enum LandmarkTraining {
    public struct Summary: Sendable, Codable {
        public var output: String
        public var landmarks: HistogramLandmarks?
        public var used: [String]
        public var failed: [ScanIssueRecord]
        public var skipped: [ScanIssueRecord]
        public var seconds: Double
    }

    /// `maskSuffix`: statistics inside IMAGE<suffix>.nii[.gz] where present (non-zero voxels).
    public static func run(input: String, output: String, maskSuffix: String? = nil, jobs: Int = 2,
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> Summary {
        let start = Date()
        let inputs = try PreprocessInputs.find(input, labelSuffixes: maskSuffix.map { [$0] } ?? [])
        let total = inputs.items.count
        let scales = ConcurrentSlots<Result<[Double], PipelineError>>.compute(count: total, workers: jobs, { i in
            let item = inputs.items[i]
            do {
                let image = try NIfTIReader.readVolume(at: item.path)
                let mask = try maskSuffix.flatMap { item.labelMaps[$0] }.map { try NIfTIReader.readVolume(at: $0) }
                do throws(PreprocessError) {
                    return .success(try HistogramStandardization.standardScale(of: image, mask: mask, label: item.relative))
                } catch { throw PipelineError(path: item.path, reason: error.description) }
            } catch let e as PipelineError {
                return .failure(e)
            } catch {
                return .failure(PipelineError(path: item.path, reason: "\(error)"))
            }
        }, finished: { _, done in progress?(done, total) })
        var used: [String] = [], failed: [ScanIssueRecord] = [], sums: [Double] = []
        for (i, r) in scales.enumerated() {
            switch r {
            case .success(let s)?:
                used.append(inputs.items[i].path)
                sums = sums.isEmpty ? s : zip(sums, s).map { $0 + $1 }
            case .failure(let e)?: failed.append(ScanIssueRecord(path: e.path, reason: e.reason))
            case nil: failed.append(ScanIssueRecord(path: inputs.items[i].path, reason: "not processed"))
            }
        }
        var summary = Summary(output: output, landmarks: nil, used: used, failed: failed,
                              skipped: inputs.skipped,
                              seconds: 0)
        guard !used.isEmpty else {
            throw PipelineError(path: input, reason: "no image could be used to train landmarks (\(failed.count) failed)")
        }
        let landmarks = try HistogramLandmarks(values: sums.map { $0 / Double(used.count) })
        try landmarks.write(to: output)
        summary.landmarks = landmarks
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }
}
