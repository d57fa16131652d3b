import Foundation

/// Writes a file under a temporary name in the destination's folder (same file system, so
/// the final rename is atomic), flushes it to disk and renames it into place. On any failure
/// the temporary file is removed and the destination is left as it was.
enum AtomicFileWriter {
    /// An open temporary file.
    struct Handle {
        let fd: Int32
        let path: String

        /// Writes all of `data`, retrying short writes and interrupted calls.
        func write(_ data: Data) throws {
            try data.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var done = 0
                while done < raw.count {
                    let n = Foundation.write(fd, base + done, raw.count - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw SafeTensorsError(path: path, reason: .io("write failed: \(String(cString: strerror(errno)))"))
                    }
                    done += n
                }
            }
        }
    }

    /// `.<name>.tmp-<random>` next to `destination`.
    static func temporaryPath(for destination: String) -> String {
        let url = URL(fileURLWithPath: destination)
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".tmp-" + token
    }

    static func write(to destination: String, _ body: (Handle) throws -> Void) throws {
        let tmp = temporaryPath(for: destination)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SafeTensorsError(path: destination, reason: .io("cannot create \(tmp): \(String(cString: strerror(errno)))"))
        }
        do {
            try body(Handle(fd: fd, path: destination))
            guard fsync(fd) == 0 else {
                throw SafeTensorsError(path: destination, reason: .io("fsync failed: \(String(cString: strerror(errno)))"))
            }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        guard close(fd) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw SafeTensorsError(path: destination, reason: .io("close failed: \(why)"))
        }
        guard rename(tmp, destination) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw SafeTensorsError(path: destination, reason: .io("cannot rename the finished file into place: \(why)"))
        }
    }
}
