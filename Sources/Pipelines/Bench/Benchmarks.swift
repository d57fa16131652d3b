import DICOM
import Foundation
import Imaging
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
        // Memory first, while medsynth is the only child: peak RSS of `medsynth version`
        // (the baseline: binary and libraries) and of one conversion.
        try CommandTimer.time(medsynthExecutable, ["version"])
        let baseline = ProcessMemory.peakChildResidentBytes()
        let probe = "\(work)/memory"
        try CommandTimer.time(medsynthExecutable, ["convert", input, "-o", probe, "--no-gzip", "--json", "\(work)/memory.json"])
        let peak = ProcessMemory.peakChildResidentBytes()
        var volumeBytes = 0
        if let data = FileManager.default.contents(atPath: "\(work)/memory.json"),
           let summary = try? JSONDecoder().decode(ConvertSummary.self, from: data) {
            for s in summary.series {
                guard let shape = s.shape, let t = s.voxelType.flatMap(VoxelType.init(rawValue:)) else { continue }
                volumeBytes = max(volumeBytes, shape.reduce(1, *) * t.byteSize)
            }
        }
        try? FileManager.default.removeItem(atPath: probe)
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
        let overBaseline = max(0, peak - baseline)
        var notes = ["\(files) input files", gzip ? "gzip output" : "uncompressed output"]
        if volumeBytes > 0 {
            notes.append(String(format: "memory: peak RSS %.1f MiB, %.1f MiB above the idle binary, largest output volume %.1f MiB: %.2fx the volume (target about 2x)",
                                Double(peak) / 1_048_576, Double(overBaseline) / 1_048_576, Double(volumeBytes) / 1_048_576,
                                Double(overBaseline) / Double(volumeBytes)))
        }
        return BenchResult(name: "convert", input: input, runs: runs, medsynthSeconds: ours, anchorSeconds: theirs,
                           anchor: "dcm2niix -b y -z \(gzip ? "y" : "n")", target: 1.5, notes: notes,
                           peakMemoryBytes: peak)
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
