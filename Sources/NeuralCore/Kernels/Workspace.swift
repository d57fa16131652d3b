import Synchronization

/// Scratch memory for kernels that need large temporary buffers (the column matrices of
/// convolutions, 16 MB for a DCGAN layer). Buffers are kept for reuse: a fresh allocation of
/// that size comes from the system as untouched pages, and faulting them in costs about as
/// much as the im2col that fills them.
///
/// A buffer is lent to one caller at a time; its contents on loan are undefined (callers
/// write before they read). At most `retained` buffers are kept between uses.
enum Workspace {
    /// Buffers kept between uses (each thread of a convolution pass holds up to three at once:
    /// columns, a channel-major copy and a GEMM result, besides the weight-gradient blocks, and
    /// each layer has its own sizes). With 8, DCGAN-64's step freed and faulted in new buffers
    /// each time (about 220 page faults per step, 128 with 16); training RSS did not change.
    static let retained = 16

    private static let pool = Mutex<[ScratchBuffer]>([])

    /// Runs `body` with `count` elements of scratch memory of type `T`.
    static func withBuffer<T: TensorScalar, R>(_ count: Int, of _: T.Type, _ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        let bytes = Swift.max(64, count * MemoryLayout<T>.stride)
        let buffer = take(bytes)
        defer { give(buffer) }
        return try body(buffer.raw.bindMemory(to: T.self, capacity: Swift.max(1, count)))
    }

    /// The smallest kept buffer of at least `bytes`, or a new one.
    private static func take(_ bytes: Int) -> ScratchBuffer {
        let found: ScratchBuffer? = pool.withLock { buffers in
            var best: Int? = nil
            for (i, b) in buffers.enumerated() where b.bytes >= bytes {
                if best.map({ b.bytes < buffers[$0].bytes }) ?? true { best = i }
            }
            return best.map { buffers.remove(at: $0) }
        }
        return found ?? ScratchBuffer(bytes: bytes)
    }

    /// Returns a buffer to the pool, dropping the smallest when more than `retained` are kept.
    private static func give(_ buffer: ScratchBuffer) {
        let dropped: ScratchBuffer? = pool.withLock { buffers in
            buffers.append(buffer)
            guard buffers.count > retained,
                  let smallest = buffers.indices.min(by: { buffers[$0].bytes < buffers[$1].bytes }) else { return nil }
            return buffers.remove(at: smallest)
        }
        _ = dropped  // deallocated here, outside the lock
    }
}

/// One block of scratch memory, 64-byte aligned.
private final class ScratchBuffer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    let bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
        raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    }

    deinit { raw.deallocate() }
}
