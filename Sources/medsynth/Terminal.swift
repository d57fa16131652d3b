import ArgumentParser
import Foundation

/// Terminal output helpers: a progress bar on stderr when it is a TTY, quiet otherwise.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    init(_ label: String, enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.label = label
        self.enabled = enabled
    }

    func update(_ done: Int, _ total: Int, note: String = "") {
        guard enabled, total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        if done < total && now.timeIntervalSince(lastDraw) < 0.1 { return }
        lastDraw = now
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let text = "\r\(label) [\(bar)] \(done)/\(total) \(note.prefix(40))"
        FileHandle.standardError.write(Data((text.padding(toLength: max(text.count, 100), withPad: " ", startingAt: 0)).utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Runs a job that reports progress to this bar, clearing the bar afterwards; a job
    /// that cannot run at all (it threw) prints the error and exits with status 2.
    func run<T>(_ job: () throws -> T) throws -> T {
        defer { finish() }
        do { return try job() } catch {
            finish()
            Output.stderr("error: \(error)")
            throw ExitCode(2)
        }
    }
}

enum Output {
    static func stderr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
}
