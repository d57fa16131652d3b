import Foundation

/// Fixed-size results filled by concurrent workers (e.g. `DispatchQueue.concurrentPerform`),
/// guarded by a lock, with a counter for progress reports.
public final class ConcurrentSlots<T>: @unchecked Sendable {
    private var storage: [T?]
    private var done = 0
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public func set(_ i: Int, _ value: T?) { lock.lock(); storage[i] = value; lock.unlock() }
    public func get(_ i: Int) -> T? { lock.lock(); defer { lock.unlock() }; return storage[i] }
    public var values: [T?] { lock.lock(); defer { lock.unlock() }; return storage }

    /// Counts one finished item; returns how many are finished.
    public func increment() -> Int { lock.lock(); defer { lock.unlock() }; done += 1; return done }

    /// Computes `body(i)` for every i in 0..<count on at most `workers` threads (each takes
    /// the next index, so at most `workers` items are in memory at once), calling
    /// `finished(i, done)` after each item. Returns the results in index order.
    public static func compute(count: Int, workers: Int, _ body: @Sendable (Int) -> T,
                               finished: (@Sendable (_ index: Int, _ done: Int) -> Void)? = nil) -> [T?] {
        let slots = ConcurrentSlots<T>(count: count)
        let next = ConcurrentSlots<Int>(count: 0)
        DispatchQueue.concurrentPerform(iterations: min(max(workers, 1), max(count, 1))) { _ in
            while true {
                let i = next.increment() - 1
                if i >= count { break }
                slots.set(i, body(i))
                finished?(i, slots.increment())
            }
        }
        return slots.values
    }
}

/// A pointer (or buffer) handed to concurrent workers that touch disjoint ranges of it
/// for the duration of one parallel loop. The caller guarantees that discipline.
public struct UnsafeShared<P>: @unchecked Sendable {
    public let value: P
    public init(_ value: P) { self.value = value }
}
