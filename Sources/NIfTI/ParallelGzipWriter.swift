import CZlib
import Foundation
import Imaging

/// Writes one gzip member, deflating blocks on all cores (as pigz does): each block
/// is a raw deflate stream ended by a sync flush (the last by a final block), and the
/// CRC-32s of the blocks are combined. The output is an ordinary .gz file.
final class ParallelGzipWriter {
    private let file: UnsafeMutablePointer<FILE>
    private let level: Int32
    private let blockSize: Int
    private let workers: Int
    private var pending: [UInt8] = []
    private var crc: uLong = crc32(0, nil, 0)
    private var total: UInt64 = 0
    private var closed = false
    let path: String

    struct Failure: Error { let message: String }

    init(path: String, level: Int, blockSize: Int = 1 << 20, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        guard let f = fopen(path, "wb") else { throw Failure(message: String(cString: strerror(errno))) }
        self.file = f
        self.path = path
        self.level = Int32(min(9, max(0, level)))
        self.blockSize = blockSize
        self.workers = max(1, workers)
        // gzip header: magic, deflate, no flags, no mtime, no extra flags, OS = Unix.
        try put([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03])
        pending.reserveCapacity(blockSize * self.workers)
    }

    deinit {
        if !closed { fclose(file) }
    }

    private func put(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try put($0) }
    }

    private func put(_ buffer: UnsafeRawBufferPointer) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        if fwrite(base, 1, buffer.count, file) != buffer.count {
            throw Failure(message: String(cString: strerror(errno)))
        }
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        let batch = blockSize * workers
        while offset < buffer.count {
            let take = min(buffer.count - offset, batch - pending.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + take)]))
            offset += take
            // Keep the last batch back: the final block must carry the end-of-stream marker.
            if pending.count == batch && offset < buffer.count { try flushBatch(final: false) }
        }
    }

    /// Compresses `pending` as consecutive blocks, in parallel, and writes them in order.
    private func flushBatch(final: Bool) throws {
        let data = pending
        pending.removeAll(keepingCapacity: true)
        let count = max(1, (data.count + blockSize - 1) / blockSize)
        let outputs = ConcurrentSlots<Block>(count: count)
        let level = self.level
        let blockSize = self.blockSize
        data.withUnsafeBytes { raw in
            let src = UnsafeShared(raw)
            DispatchQueue.concurrentPerform(iterations: count) { b in
                let lo = b * blockSize, hi = min(src.value.count, lo + blockSize)
                let slice = UnsafeRawBufferPointer(rebasing: src.value[lo..<hi])
                outputs.set(b, Self.deflateBlock(slice, level: level, last: final && b == count - 1))
            }
        }
        for b in 0..<count {
            guard let block = outputs.get(b) else { throw Failure(message: "deflate failed") }
            try put(block.bytes)
            crc = crc32_combine(crc, block.crc, off_t(block.length))
            total &+= UInt64(block.length)
        }
    }

    private struct Block: Sendable {
        var bytes: [UInt8]
        var crc: uLong
        var length: Int
    }

    private static func deflateBlock(_ input: UnsafeRawBufferPointer, level: Int32, last: Bool) -> Block? {
        var s = z_stream()
        guard deflateInit2_(&s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&s) }
        let bound = Int(deflateBound(&s, uLong(input.count))) + 16
        var out = [UInt8](repeating: 0, count: bound)
        var produced = 0
        let ok: Bool = out.withUnsafeMutableBytes { dst in
            s.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            s.avail_in = uInt(input.count)
            s.next_out = dst.baseAddress?.assumingMemoryBound(to: Bytef.self)
            s.avail_out = uInt(dst.count)
            let rc = deflate(&s, last ? Z_FINISH : Z_SYNC_FLUSH)
            produced = dst.count - Int(s.avail_out)
            return last ? rc == Z_STREAM_END : (rc == Z_OK && s.avail_in == 0)
        }
        guard ok else { return nil }
        out.removeSubrange(produced...)
        let c = input.baseAddress.map { crc32(0, $0.assumingMemoryBound(to: Bytef.self), uInt(input.count)) } ?? crc32(0, nil, 0)
        return Block(bytes: out, crc: c, length: input.count)
    }

    /// Compresses what is left, writes the trailer (CRC-32, size mod 2^32) and closes.
    func close() throws {
        guard !closed else { return }
        try flushBatch(final: true)
        var trailer = [UInt8]()
        for i in 0..<4 { trailer.append(UInt8((UInt64(crc) >> (8 * UInt64(i))) & 0xFF)) }
        for i in 0..<4 { trailer.append(UInt8((total >> (8 * UInt64(i))) & 0xFF)) }
        try put(trailer)
        closed = true
        let rc1 = fflush(file), rc2 = fclose(file)
        if rc1 != 0 || rc2 != 0 { throw Failure(message: String(cString: strerror(errno))) }
    }
}
