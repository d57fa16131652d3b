import Foundation

/// Runs external commands and times them (wall clock).
enum CommandTimer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Finds an executable on PATH.
    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for p in paths {
            let full = "\(p)/\(name)"
            if FileManager.default.isExecutableFile(atPath: full) { return full }
        }
        return nil
    }

    /// Runs `executable args`, discarding output (or sending stdout to `stdoutPath`); returns seconds.
    @discardableResult
    static func time(_ executable: String, _ args: [String], stdoutPath: String? = nil, acceptedStatus: Set<Int32> = [0]) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        let devNull = FileHandle(forWritingAtPath: "/dev/null")
        p.standardOutput = stdoutPath.flatMap { FileHandle(forWritingAtPath: $0) } ?? devNull
        p.standardError = devNull
        let start = Date()
        try p.run()
        p.waitUntilExit()
        let t = Date().timeIntervalSince(start)
        guard acceptedStatus.contains(p.terminationStatus) else {
            throw Failure(description: "\(executable) \(args.joined(separator: " ")) exited with status \(p.terminationStatus)")
        }
        return t
    }

    /// Runs a command and returns its standard output, trimmed; throws when it fails.
    static func output(_ executable: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "\(executable) exited with status \(p.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Wall time of an in-process closure.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }
}
