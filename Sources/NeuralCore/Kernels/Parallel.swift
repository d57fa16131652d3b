import Dispatch
import Foundation

/// Splits loops over many elements across the machine's cores. The split depends only on the
/// size and the thread count, so results (including sums formed per chunk) are the same bytes
/// on every run with the same thread count.
public enum Parallel {
    /// Threads used by the engine's own loops (OpenBLAS has its own setting).
    public static var threads: Int {
        get { configuredThreads.withLock { $0 } }
        set { configuredThreads.withLock { $0 = max(1, newValue) } }
    }

    private static let configuredThreads = Mutex<Int>(max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Runs `body` over `0..<count` in at most `threads` contiguous chunks of at least `grain`
    /// elements (one chunk, on the calling thread, when `count < 2 * grain`).
    @inline(__always)
    static func forEachChunk(_ count: Int, grain: Int = 1 << 15, _ body: (Range<Int>) -> Void) {
        let chunks = isSerial ? 1 : min(threads, max(1, count / max(1, grain)))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                box.value(chunkRange(c, of: chunks, count: count))
            }
        }
    }

    /// Runs `body(i)` for i in 0..<count on up to `threads` threads (each i once).
    @inline(__always)
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        let chunks = isSerial ? 1 : min(threads, count)
        if chunks <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in chunkRange(c, of: chunks, count: count) { box.value(i) }
            }
        }
    }

    /// Runs `body(w)` for each worker w in 0..<workers, each on its own thread, with the
    /// engine's loops inside it running on that thread alone (`isSerial`): one level of
    /// parallelism, outside, for work split into independent parts. OpenBLAS runs on one
    /// thread meanwhile (`BLAS.withOneThread`: 1 until the last overlapping region ends, while
    /// `BLAS.threads` keeps the count set), so each worker's
    /// GEMMs run on the worker's own core instead of waking OpenBLAS's threads: DCGAN-64's
    /// training step spent about 6% of its time in that hand-over. For work that calls
    /// OpenBLAS (which must be loadable).
    static func forEachWorker(_ workers: Int, _ body: (Int) -> Void) {
        if workers <= 1 || isSerial {
            for w in 0..<workers { body(w) }
            return
        }
        BLAS.withOneThread {
            withoutActuallyEscaping(body) { body in
                let box = UncheckedSendable(body)
                DispatchQueue.concurrentPerform(iterations: workers) { w in serially { box.value(w) } }
            }
        }
    }

    /// Whether this thread is one of `forEachWorker`'s workers (its loops run serially).
    static var isSerial: Bool { pthread_getspecific(serialKey) != nil }

    private static func serially(_ body: () -> Void) {
        let previous = pthread_getspecific(serialKey)
        pthread_setspecific(serialKey, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(serialKey, previous) }
        body()
    }

    private static let serialKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    @inline(__always)
    static func chunkRange(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * c / chunks)..<(count * (c + 1) / chunks)
    }
}

import Synchronization

/// Hands a closure over raw buffers to worker threads: the callers split the work so that no
/// two threads write the same memory.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
