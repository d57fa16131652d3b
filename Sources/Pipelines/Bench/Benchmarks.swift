import DICOM
import Foundation
import NIfTI

/// Benchmarks run side by side with their anchor tool in one run (medians of N runs).
public enum Benchmarks {
    /// `medsynth convert` vs `dcm2niix` on the same DICOM folder. Target: ratio <= 1.5.
    /// Both run as whole commands (process start included), alternating.
    public static func convert(input: String, medsynthExecutable: String, runs: Int = 5, gzip: Bool = true) throws -> BenchResult {
        guard let dcm2niix = CommandTimer.which("dcm2niix") else {
            throw PipelineError(path: input, reason: "dcm2niix is not installed (apt-get install dcm2niix)")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        var ours: [Double] = [], theirs: [Double] = []
        for i in 0..<runs {
            let a = "\(work)/medsynth-\(i)", b = "\(work)/dcm2niix-\(i)"
            try FileManager.default.createDirectory(atPath: b, withIntermediateDirectories: true)
            ours.append(try CommandTimer.time(medsynthExecutable, ["convert", input, "-o", a] + (gzip ? [] : ["--no-gzip"])))
            theirs.append(try CommandTimer.time(dcm2niix, ["-b", "y", "-z", gzip ? "y" : "n", "-f", "%s_%d", "-o", b, input]))
            try? FileManager.default.removeItem(atPath: a)
            try? FileManager.default.removeItem(atPath: b)
        }
        let files = SeriesScanner.listFiles(input).count
        return BenchResult(name: "convert", input: input, runs: runs, medsynthSeconds: ours, anchorSeconds: theirs,
                           anchor: "dcm2niix -b y -z \(gzip ? "y" : "n")", target: 1.5,
                           notes: ["\(files) input files", gzip ? "gzip output" : "uncompressed output"])
    }

    /// Reading a `.nii.gz` with medsynth (in process, header + voxels) vs `gzip -dc FILE > /dev/null`. Target: ratio <= 1.3.
    public static func niftiRead(file: String, runs: Int = 7) throws -> BenchResult {
        guard let gzip = CommandTimer.which("gzip") else { throw PipelineError(path: file, reason: "gzip is not installed") }
        var ours: [Double] = [], theirs: [Double] = []
        for _ in 0..<runs {
            ours.append(try CommandTimer.time { _ = try NIfTIReader.read(at: file) })
            theirs.append(try CommandTimer.time(gzip, ["-dc", file]))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return BenchResult(name: "nifti-read", input: file, runs: runs, medsynthSeconds: ours, anchorSeconds: theirs,
                           anchor: "gzip -dc FILE > /dev/null", target: 1.3,
                           notes: ["\(size) bytes compressed", "medsynth timed in process; gzip as a whole command"])
    }
}
