import CZlib
import Foundation

/// A file read or written through zlib's gz* functions: gzip-compressed, or plain
/// (zlib reads uncompressed files transparently and writes them with mode "T").
/// A resource, hence a class; closed on `close()` or when released.
final class GzipStream {
    private var file: gzFile?
    /// Used instead of `file` for compressed output: deflates on all cores.
    private var parallel: ParallelGzipWriter?
    /// The path reported in errors (the destination, not a temporary name).
    let path: String
    private let writing: Bool

    private init(file: gzFile?, path: String, writing: Bool, parallel: ParallelGzipWriter? = nil) {
        self.file = file
        self.parallel = parallel
        self.path = path
        self.writing = writing
    }

    deinit {
        if let f = file { gzclose(f) }
    }

    /// Opens `path` for reading with a zlib buffer of `bufferSize` bytes.
    static func openForReading(_ path: String, bufferSize: Int) throws -> GzipStream {
        guard let f = gzopen(path, "rb") else {
            throw NIfTIError(path: path, reason: .cannotOpen(String(cString: strerror(errno))))
        }
        gzbuffer(f, UInt32(clamping: max(8192, bufferSize)))
        return GzipStream(file: f, path: path, writing: false)
    }

    /// Opens `filePath` for writing: gzip at `level` (0...9) when `compressed`, else plain.
    /// Errors name `reportPath`.
    static func openForWriting(_ filePath: String, compressed: Bool, level: Int, bufferSize: Int, reportPath: String) throws -> GzipStream {
        if compressed {
            do {
                let w = try ParallelGzipWriter(path: filePath, level: level)
                return GzipStream(file: nil, path: reportPath, writing: true, parallel: w)
            } catch let e as ParallelGzipWriter.Failure {
                throw NIfTIError(path: reportPath, reason: .io("cannot create \(filePath): \(e.message)"))
            }
        }
        let mode = "wbT"
        guard let f = gzopen(filePath, mode) else {
            throw NIfTIError(path: reportPath, reason: .io("cannot create \(filePath): \(String(cString: strerror(errno)))"))
        }
        gzbuffer(f, UInt32(clamping: max(8192, bufferSize)))
        return GzipStream(file: f, path: reportPath, writing: true)
    }

    /// Reads until `buffer` is full or the stream ends; returns the bytes read.
    /// A gzip stream that ends early reads as a short count (the caller reports truncation).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let f = file, let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let chunk = UInt32(min(buffer.count - done, 1 << 30))
            let n = gzread(f, base + done, chunk)
            if n > 0 {
                done += Int(n)
                continue
            }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(f, &code).map { String(cString: $0) } ?? "unknown zlib error"
                if code == Z_BUF_ERROR { return done }  // unexpected end of the compressed stream
                throw NIfTIError(path: path, reason: code == Z_ERRNO ? .io(String(cString: strerror(errno))) : .compression(message))
            }
            // n == 0: end of file. A truncated gzip member also shows up here.
            var code: Int32 = 0
            _ = gzerror(f, &code)
            if code != Z_OK && code != Z_BUF_ERROR {
                let message = gzerror(f, &code).map { String(cString: $0) } ?? "unknown zlib error"
                throw NIfTIError(path: path, reason: .compression(message))
            }
            return done
        }
        return done
    }

    /// Reads up to `count` bytes, growing the result as data arrives (so a bogus large
    /// count on a small file does not allocate it all).
    func readBytes(_ count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(count, 1 << 20))
        while out.count < count {
            let want = min(count - out.count, chunk.count)
            let n = try chunk.withUnsafeMutableBytes { try read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
            out += chunk[0..<n]
            if n < want { break }
        }
        return out
    }

    /// Writes every byte of `buffer`.
    func write(_ buffer: UnsafeRawBufferPointer) throws {
        if let p = parallel {
            do { try p.write(buffer) } catch let e as ParallelGzipWriter.Failure { throw NIfTIError(path: path, reason: .io(e.message)) }
            return
        }
        guard let f = file, let base = buffer.baseAddress else { return }
        var done = 0
        while done < buffer.count {
            let chunk = UInt32(min(buffer.count - done, 1 << 30))
            let n = gzwrite(f, base + done, chunk)
            if n <= 0 {
                var code: Int32 = 0
                let message = gzerror(f, &code).map { String(cString: $0) } ?? "unknown zlib error"
                throw NIfTIError(path: path, reason: .io(code == Z_ERRNO ? String(cString: strerror(errno)) : message))
            }
            done += Int(n)
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Flushes and closes; reports a failed final write (e.g. a full disk).
    func close() throws {
        if let p = parallel {
            parallel = nil
            do { try p.close() } catch let e as ParallelGzipWriter.Failure { throw NIfTIError(path: path, reason: .io(e.message)) }
            return
        }
        guard let f = file else { return }
        file = nil
        let rc = gzclose(f)
        if rc != Z_OK {
            let why = rc == Z_ERRNO ? String(cString: strerror(errno)) : "zlib error \(rc)"
            throw NIfTIError(path: path, reason: writing ? .io(why) : .compression(why))
        }
    }
}
