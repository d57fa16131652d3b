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

    /// Writes bytes atomically (flushed to disk before the rename).
    public static func write(_ bytes: [UInt8], to destination: String) throws {
        try write(to: destination) { tmp in
            let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw WriteError(path: destination, reason: String(cString: strerror(errno))) }
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { raw in Foundation.write(fd, raw.baseAddress! + done, bytes.count - done) }
                if n < 0 {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw WriteError(path: destination, reason: reason)
                }
                done += n
            }
            let synced = fsync(fd) == 0
            let reason = String(cString: strerror(errno))
            close(fd)
            if !synced { throw WriteError(path: destination, reason: reason) }
        }
    }
}
