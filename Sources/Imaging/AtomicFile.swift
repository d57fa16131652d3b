import Foundation

/// Writes files the safe way: to a temporary name beside the destination,
/// then renamed into place, so a crash never leaves a half-written output.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// A temporary path in the same folder as `destination` (same file system, so rename is atomic).
    public static func temporaryPath(for destination: String) -> String {
        let url = URL(fileURLWithPath: destination)
        let dir = url.deletingLastPathComponent().path
        let token = UInt64.random(in: 0...UInt64.max)
        return dir + "/." + url.lastPathComponent + ".tmp-" + String(token, radix: 16)
    }

    /// Moves a finished temporary file onto `destination`, replacing any existing file.
    public static func commit(temporary: String, to destination: String) throws {
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: destination, reason: reason)
        }
    }

    /// Runs `body` with a temporary path, then renames it onto `destination`.
    /// The temporary file is removed when `body` throws.
    public static func write(to destination: String, _ body: (String) throws -> Void) throws {
        let tmp = temporaryPath(for: destination)
        do {
            try body(tmp)
        } catch {
            unlink(tmp)
            throw error
        }
        try commit(temporary: tmp, to: destination)
    }

    /// Writes bytes atomically.
    public static func write(_ bytes: [UInt8], to destination: String) throws {
        try write(to: destination) { tmp in
            let ok = FileManager.default.createFile(atPath: tmp, contents: Data(bytes))
            if !ok { throw WriteError(path: destination, reason: String(cString: strerror(errno))) }
        }
    }
}
