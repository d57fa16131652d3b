import Foundation

/// Runs a benchmark's Python side: `python -c script arguments...`, which prints one JSON
/// object (with an "error" key when it cannot run, e.g. a missing package).
enum PythonAnchor {
    struct Output {
        /// The parsed object.
        var object: [String: Any]
        /// The printed bytes (for values that need exact parsing).
        var data: Data
    }

    /// The object the script printed, or why there is none. With `oneThread`, the numeric
    /// libraries (OpenMP, OpenBLAS, MKL) run single-threaded.
    static func run(_ python: String, script: String, arguments: [String], oneThread: Bool = false) -> Result<Output, PipelineError> {
        let p = Process()
        if python.contains("/") {
            p.executableURL = URL(fileURLWithPath: python)
            p.arguments = ["-c", script] + arguments
        } else {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [python, "-c", script] + arguments
        }
        if oneThread {
            var environment = ProcessInfo.processInfo.environment
            for key in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"] { environment[key] = "1" }
            p.environment = environment
        }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do {
            try p.run()
        } catch {
            return .failure(PipelineError(path: python, reason: "cannot run: \((error as NSError).localizedDescription)"))
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            return .failure(PipelineError(path: python, reason: "exited with status \(p.terminationStatus)"))
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(PipelineError(path: python, reason: "unexpected output"))
        }
        if let e = object["error"] as? String { return .failure(PipelineError(path: python, reason: e)) }
        return .success(Output(object: object, data: data))
    }
}
