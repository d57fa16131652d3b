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
            throw WriteError(path: destination, reason: "cannot rename the finished file into place: \(reason)")
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

    /// An open temporary file being written by `streaming(to:_:)`.
    public struct Handle {
        let fd: Int32
        let destination: String

        /// Writes all of `bytes`, retrying short writes and interrupted calls.
        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            guard let base = bytes.baseAddress else { return }
            var done = 0
            while done < bytes.count {
                let n = Foundation.write(fd, base + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(path: destination, reason: "write failed: \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }

        public func write(_ data: Data) throws { try data.withUnsafeBytes { try write($0) } }
        public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }
    }

    /// Creates a new temporary file beside `destination`, lets `body` write it, flushes it to
    /// disk and renames it into place. On any failure the temporary file is removed and the
    /// destination is left as it was.
    public static func streaming(to destination: String, _ body: (Handle) throws -> Void) throws {
        let tmp = temporaryPath(for: destination)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw WriteError(path: destination, reason: "cannot create \(tmp): \(String(cString: strerror(errno)))")
        }
        do {
            try body(Handle(fd: fd, destination: destination))
            guard fsync(fd) == 0 else { throw WriteError(path: destination, reason: "fsync failed: \(String(cString: strerror(errno)))") }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        guard close(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(path: destination, reason: "close failed: \(reason)")
        }
        try commit(temporary: tmp, to: destination)
    }

    /// Writes bytes atomically (flushed to disk before the rename).
    public static func write(_ bytes: [UInt8], to destination: String) throws {
        try streaming(to: destination) { try $0.write(bytes) }
    }

    /// Writes data atomically (flushed to disk before the rename), without copying it.
    public static func write(_ data: Data, to destination: String) throws {
        try streaming(to: destination) { try $0.write(data) }
    }
}
