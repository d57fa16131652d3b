import ArgumentParser
import Foundation
import Pipelines

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a DICOM folder to one NIfTI (+ JSON sidecar) per series.",
        discussion: """
        Scans INPUT_DIR recursively (any file names; non-DICOM files are skipped and
        reported), groups images into series as dcm2niix does, and writes each series
        with the same voxel order and affine as dcm2niix. Exits with status 1 when any
        series failed.

        Pattern tokens: %s series number, %d description, %p protocol, %m modality,
        %e echo, %j Series Instance UID, %u its last 8 digits, %t study date+time, %i patient ID, %n patient name.

        Examples:
          medsynth convert ./archive -o ./nifti
          medsynth convert ./archive -o ./nifti --no-gzip --pattern %s_%p --json summary.json
        """)

    @Argument(help: "Folder of DICOM files (searched recursively).")
    var input: String

    @Option(name: [.short, .customLong("out")], help: "Output folder (created if missing).")
    var output: String

    @Flag(name: .customLong("no-gzip"), help: "Write .nii instead of .nii.gz.")
    var noGzip = false

    @Option(help: "File name pattern.")
    var pattern = "%s_%d"

    @Option(name: .customLong("json"), help: "Also write the summary as JSON to this file.")
    var jsonFile: String?

    @Option(help: "gzip compression level, 1 (fast) to 9 (small).")
    var compression = 6

    func validate() throws {
        guard (1...9).contains(compression) else { throw ValidationError("--compression must be between 1 and 9") }
    }

    func run() throws {
        let options = ConvertOptions(input: input, output: output, gzip: !noGzip, compressionLevel: compression, pattern: pattern)
        let scanBar = ProgressBar("scanning  ")
        let convertBar = ProgressBar("converting")
        let summary = try convertBar.run {
            defer { scanBar.finish() }
            return try ConvertJob.run(options) { event in
                switch event {
                case .scanning(let d, let t): scanBar.update(d, t)
                case .converting(let d, let t, let name): scanBar.finish(); convertBar.update(d, t, note: name)
                }
            }
        }
        for s in summary.series {
            let name = s.outputs.first.map { ($0 as NSString).lastPathComponent } ?? "-"
            switch s.status {
            case .written:
                let shape = s.shape?.map(String.init).joined(separator: "x") ?? ""
                print("written  \(name)  \(shape) \(s.voxelType ?? "") \(s.orientation ?? "")  (\(s.files) files)")
            case .failed:
                print("FAILED   series \(s.seriesNumber.map(String.init) ?? "?") \(s.seriesDescription ?? ""): \(s.reason ?? "unknown reason")")
            }
            for w in s.warnings { print("         warning: \(w)") }
        }
        for f in summary.skippedFiles { print("skipped  \(f.path): \(f.reason)") }
        print(String(format: "%d series written, %d failed, %d files skipped (of %d) in %.2f s",
                     summary.written, summary.failed, summary.skippedFiles.count, summary.filesSeen, summary.seconds))
        if let jsonFile {
            try AtomicJSON.write(summary, to: jsonFile)
        }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
