import Foundation

extension Benchmarks {
    /// `medsynth anonymize` (full Basic Profile, keyed UID remapping, per-file JSON-lines log)
    /// vs Kitware's dicom-anonymizer (PyPI) on the same archive, both as whole commands
    /// (interpreter and process start included), alternating. Target: 10x its files per second.
    ///
    /// dicom-anonymizer's own CLI does not descend into folders, so the anchor is one Python
    /// process that walks the archive and calls the function its CLI calls per file
    /// (`anonymize_dicom_file(in, out, {}, True)`: default rules, private tags removed) for
    /// every file its `isDICOMType` accepts, keeping the relative folders.
    /// - Parameter redactRegions: rules for at-risk files (without, they are quarantined, which
    ///   medsynth reports with exit status 1; the run is timed all the same).
    public static func anonymize(input: String, medsynthExecutable: String, python: String, runs: Int = 5,
                                 redactRegions: String? = nil) throws -> BenchResult {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let walker = work + "/dicom_anonymizer_walk.py"
        try Data(dicomAnonymizerWalker.utf8).write(to: URL(fileURLWithPath: walker))
        let pythonExecutable = python.contains("/") ? python : (CommandTimer.which(python) ?? python)
        let version = try? CommandTimer.output(pythonExecutable, ["-c", "from importlib import metadata as m; print(m.version('dicom-anonymizer'))"])
        guard let version, !version.isEmpty else {
            throw PipelineError(path: python, reason: "this Python has no dicom-anonymizer: `\(python) -m pip install dicom-anonymizer==2.1.0` (or pass --python a venv's python that has it)")
        }
        let key = work + "/bench.key"
        let rules = redactRegions.map { ["--redact-regions", $0] } ?? []
        // Memory: one run under GNU time (peak RSS of that process alone), beside the idle binary.
        let probe = work + "/memory"
        let probeArgs = ["anonymize", input, "-o", probe, "--key-file", key, "--create-key", "--json", work + "/memory.json"] + rules
        var peak: Int? = nil, idle: Int? = nil
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
            func rss(_ args: [String]) throws -> Int? {
                let out = work + "/rss.txt"
                try CommandTimer.time("/usr/bin/time", ["-f", "%M", "-o", out, medsynthExecutable] + args, acceptedStatus: [0, 1])
                return (try? String(contentsOfFile: out, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map { $0 * 1024 }
            }
            idle = try rss(["version"])
            peak = try rss(probeArgs)
        } else {
            try CommandTimer.time(medsynthExecutable, probeArgs, acceptedStatus: [0, 1])
        }
        var files = 0, megabytes = 0.0
        if let data = FileManager.default.contents(atPath: work + "/memory.json"),
           let summary = try? JSONDecoder().decode(AnonymizeSummary.self, from: data) {
            files = summary.filesInShard
            megabytes = summary.megabytesRead
        }
        for leftover in [probe, probe + "-log.jsonl", probe + "-quarantine"] { try? FileManager.default.removeItem(atPath: leftover) }
        var ours: [Double] = [], theirs: [Double] = []
        for i in 0..<runs {
            let a = "\(work)/medsynth-\(i)", b = "\(work)/dicom-anonymizer-\(i)"
            ours.append(try CommandTimer.time(medsynthExecutable, ["anonymize", input, "-o", a, "--key-file", key, "--log", a + ".jsonl"] + rules,
                                              acceptedStatus: [0, 1]))
            theirs.append(try CommandTimer.time(pythonExecutable, [walker, input, b]))
            for p in [a, a + ".jsonl", a + "-quarantine", b] { try? FileManager.default.removeItem(atPath: p) }
        }
        var result = BenchResult(name: "anonymize", input: input, runs: runs, medsynthSeconds: ours, anchorSeconds: theirs,
                                 anchor: "dicom-anonymizer \(version)", target: 0.1, notes: [], peakMemoryBytes: peak)
        let memory = peak.map { p in
            String(format: "memory: peak RSS %.1f MiB (the idle binary: %.1f MiB)", Double(p) / 1_048_576, Double(idle ?? 0) / 1_048_576)
        } ?? "memory: not measured (/usr/bin/time is missing: apt-get install time)"
        result.notes = [
            String(format: "%d files, %.1f MB", files, megabytes),
            String(format: "files per second: medsynth %.0f, dicom-anonymizer %.0f (%.1fx; target >= 10x)",
                   Double(files) / result.medsynthMedian, Double(files) / result.anchorMedian, result.anchorMedian / result.medsynthMedian),
            memory,
            "medsynth: Basic Profile, keyed UIDs, JSON-lines log; dicom-anonymizer: one process walking the archive, default rules, private tags removed",
        ]
        return result
    }

    static let dicomAnonymizerWalker = """
    import os, sys
    from dicomanonymizer.anonymizer import isDICOMType
    from dicomanonymizer.simpledicomanonymizer import anonymize_dicom_file
    src, dst = sys.argv[1], sys.argv[2]
    for folder, subfolders, names in os.walk(src):
        subfolders.sort()
        target = os.path.join(dst, os.path.relpath(folder, src))
        for name in sorted(names):
            path = os.path.join(folder, name)
            if isDICOMType(path):
                os.makedirs(target, exist_ok=True)
                anonymize_dicom_file(path, os.path.join(target, name), {}, True)

    """
}
