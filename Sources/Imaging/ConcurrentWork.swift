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
}

/// A pointer (or buffer) handed to concurrent workers that touch disjoint ranges of it
/// for the duration of one parallel loop. The caller guarantees that discipline.
public struct UnsafeShared<P>: @unchecked Sendable {
    public let value: P
    public init(_ value: P) { self.value = value }
}
