import DICOM
import Foundation
import Imaging
import NIfTI

/// DICOM folder -> one NIfTI (+ JSON sidecar) per series, oriented as dcm2niix writes them.
public enum ConvertJob {
    public static let softwareVersion = MedsynthVersion.current

    /// Progress events for a front end (called from worker threads during the scan).
    public enum Event: Sendable {
        case scanning(done: Int, total: Int)
        case converting(done: Int, total: Int, name: String)
    }

    public static func run(_ options: ConvertOptions, progress: (@Sendable (Event) -> Void)? = nil) throws -> ConvertSummary {
        let start = Date()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.input, isDirectory: &isDir) else {
            throw PipelineError(path: options.input, reason: "no such file or folder")
        }
        do {
            try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(path: options.output, reason: "cannot create the output folder: \(error.localizedDescription)")
        }
        let scan = SeriesScanner.scan(options.input) { done, total in progress?(.scanning(done: done, total: total)) }
        var taken = Set<String>()
        var results: [ConvertSummary.SeriesResult] = []
        for (n, series) in scan.series.enumerated() {
            var base = OutputNaming.name(pattern: options.pattern, series: series)
            if let split = series.splitLabel, !split.isEmpty, scan.series.filter({ $0.seriesInstanceUID == series.seriesInstanceUID }).count > 1 {
                base += "_" + OutputNaming.name(pattern: "%e", series: series)
            }
            base = OutputNaming.unique(base, taken: &taken)
            progress?(.converting(done: n, total: scan.series.count, name: base))
            results.append(convert(series, baseName: base, options: options))
        }
        progress?(.converting(done: scan.series.count, total: scan.series.count, name: ""))
        return ConvertSummary(
            input: options.input, output: options.output, filesSeen: scan.filesSeen, series: results,
            skippedFiles: scan.skipped.map { ScanIssueRecord(path: $0.path, reason: $0.reason) },
            seconds: Date().timeIntervalSince(start))
    }

    /// Converts one series; failures are recorded in the result, not thrown.
    static func convert(_ series: DicomSeries, baseName: String, options: ConvertOptions) -> ConvertSummary.SeriesResult {
        var result = ConvertSummary.SeriesResult(
            status: .failed, seriesInstanceUID: series.seriesInstanceUID, seriesNumber: series.seriesNumber,
            seriesDescription: series.seriesDescription, split: series.splitLabel, files: series.files.count,
            images: series.slices.count, outputs: [], shape: nil, voxelType: nil, orientation: nil, warnings: [], reason: nil)
        do {
            let layout = try SeriesGeometry.layout(series)
            result.warnings = layout.warnings
            var volume = try SeriesLoader.load(layout)
            NIfTILayout.apply(to: &volume, header: series.header)
            let ext = options.gzip ? ".nii.gz" : ".nii"
            let niiPath = (options.output as NSString).appendingPathComponent(baseName + ext)
            var writeOptions = NIfTIWriteOptions(compressionLevel: options.compressionLevel,
                                                 description: "medsynth \(softwareVersion)")
            // Without patient geometry the affine is a guess: codes 0 ("unknown"), as dcm2niix writes.
            writeOptions.sformCode = layout.geometryMissing ? 0 : 1
            writeOptions.qformCode = layout.geometryMissing ? 0 : 1
            if volume.voxelType == .rgb48 {
                volume = try ColorChannels.planarVector(volume)
                writeOptions.intent = .init(code: ColorChannels.vectorIntent, name: "RGB")
                result.warnings.append("16-bit RGB written as uint16 with the channels along dimension 5 (intent VECTOR)")
            }
            try NIfTIWriter.write(volume, to: niiPath, options: writeOptions)
            result.outputs.append(niiPath)
            if options.sidecars {
                let jsonPath = (options.output as NSString).appendingPathComponent(baseName + ".json")
                let fields = BIDSSidecar.fields(series: series, layout: layout, softwareVersion: softwareVersion)
                try AtomicFile.write([UInt8](try JSONOutput.encode(fields)) + [0x0A], to: jsonPath)
                result.outputs.append(jsonPath)
            }
            result.status = .written
            result.shape = volume.shape
            result.voxelType = volume.voxelType.rawValue
            result.orientation = volume.geometry.orientationCode
        } catch {
            result.reason = "\(error)"
        }
        return result
    }
}
