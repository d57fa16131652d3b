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
        let p = process(python, script: script, arguments: arguments, oneThread: oneThread)
        let out = Pipe()
        p.standardOutput = out
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
        return parse(data, python: python)
    }

    /// `python -c script arguments...`, its standard error discarded.
    private static func process(_ python: String, script: String, arguments: [String], oneThread: Bool) -> Process {
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
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        return p
    }

    /// A JSON object, or the script's "error", or "unexpected output".
    private static func parse(_ data: Data, python: String) -> Result<Output, PipelineError> {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(PipelineError(path: python, reason: "unexpected output"))
        }
        if let e = object["error"] as? String { return .failure(PipelineError(path: python, reason: e)) }
        return .success(Output(object: object, data: data))
    }

    /// A script that stays alive and answers commands: each line written to its standard input
    /// gets one line of JSON back (with an "error" key when it cannot go on). Used to interleave
    /// the two sides of a benchmark step by step.
    final class Session {
        private let python: String
        private let process: Process
        private let input: FileHandle
        private let output: FileHandle
        private var pending = Data()
        /// Seconds to wait for each answer (the first includes the script's set-up and warm-up).
        var answerTimeout: Double = 600

        /// Starts the script and reads its first line (e.g. a "ready" object after its set-up).
        static func start(_ python: String, script: String, arguments: [String],
                          answerTimeout: Double = 600) -> Result<(Session, Output), PipelineError> {
            // A script that dies leaves a closed pipe: writing to it must fail, not kill this process.
            signal(SIGPIPE, SIG_IGN)
            let p = PythonAnchor.process(python, script: script, arguments: arguments, oneThread: false)
            let toScript = Pipe(), fromScript = Pipe()
            p.standardInput = toScript
            p.standardOutput = fromScript
            do {
                try p.run()
            } catch {
                return .failure(PipelineError(path: python, reason: "cannot run: \((error as NSError).localizedDescription)"))
            }
            let session = Session(python: python, process: p, input: toScript.fileHandleForWriting, output: fromScript.fileHandleForReading)
            session.answerTimeout = answerTimeout
            switch session.readLine() {
            case .success(let first): return .success((session, first))
            case .failure(let e):
                session.close()
                return .failure(e)
            }
        }

        private init(python: String, process: Process, input: FileHandle, output: FileHandle) {
            self.python = python
            self.process = process
            self.input = input
            self.output = output
        }

        /// Sends one command line and reads the one line of JSON that answers it.
        func request(_ command: String) -> Result<Output, PipelineError> {
            do {
                try input.write(contentsOf: Data((command + "\n").utf8))
            } catch {
                return .failure(PipelineError(path: python, reason: "stopped taking commands (\(command)): \((error as NSError).localizedDescription)"))
            }
            return readLine()
        }

        /// Closes the script's input and waits for it to exit; one still running after
        /// `patience` seconds is terminated.
        func close(patience: Double = 30) {
            try? input.close()
            let deadline = Date().addingTimeInterval(patience)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            stop(within: 2)
        }

        /// Ends the script: SIGTERM, then SIGKILL if it is still running `seconds` later (a
        /// child may inherit SIGTERM ignored or blocked).
        private func stop(within seconds: Double) {
            if process.isRunning {
                process.terminate()
                let deadline = Date().addingTimeInterval(seconds)
                while process.isRunning && Date() < deadline { usleep(10_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            process.waitUntilExit()
        }

        private func readLine() -> Result<Output, PipelineError> {
            while true {
                if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[(newline + 1)...])
                    return PythonAnchor.parse(Data(line), python: python)
                }
                // A script that stops answering (hung, or not speaking the protocol) is ended
                // rather than waited for forever.
                var ready = pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)
                let polled = poll(&ready, 1, Int32(answerTimeout * 1000))
                if polled == 0 {
                    stop(within: 2)
                    return .failure(PipelineError(path: python, reason: "no answer within \(Int(answerTimeout)) s; the script was stopped"))
                }
                if polled < 0 && errno == EINTR { continue }
                let chunk = output.availableData
                if chunk.isEmpty {
                    process.waitUntilExit()
                    return .failure(PipelineError(path: python, reason: "exited (status \(process.terminationStatus)) without answering"))
                }
                pending.append(chunk)
            }
        }
    }
}
