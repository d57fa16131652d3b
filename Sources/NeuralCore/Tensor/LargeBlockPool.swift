#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Memory for large tensors (1 MB and more): mapped from the system directly and kept for reuse
/// when freed, up to `cachedLimit` bytes.
///
/// A training step allocates the same large tensors over and over. Left to malloc, each comes
/// either as fresh pages (faulted in one by one: about as costly as the op that fills them) or,
/// once glibc has raised its mmap threshold, from a heap that fragments and holds on to far more
/// than the live tensors (about 200 MB more than needed on a DCGAN step). Here a freed block
/// waits in a list for the next request of the same size; blocks beyond the limit go back to the
/// system. Blocks of 4 MB and more ask for transparent huge pages.
enum LargeBlockPool {
    /// Blocks below this size come from malloc.
    static let threshold = 1 << 20
    /// Most bytes kept in unused blocks. (DCGAN-64's step: 256 MB left about 128 page faults
    /// per step, mostly 2 MB huge pages zeroed by the kernel; 384 MB leaves about 40, and the
    /// peak RSS does not change, since blocks are kept only once freed.)
    static let cachedLimit = 384 << 20

    private struct State {
        /// Addresses of unused blocks by size.
        var free: [Int: [UInt]] = [:]
        var cachedBytes = 0
    }

    private static let state = Mutex(State())
    private static let page = 4096

    /// The mapped size of a request of `bytes`.
    static func size(for bytes: Int) -> Int { (bytes + page - 1) / page * page }

    /// A block of `size(for: bytes)` bytes, 64-byte aligned (page-aligned), and whether its
    /// contents are fresh zeros.
    static func take(_ bytes: Int) -> (UnsafeMutableRawPointer, zeroed: Bool)? {
        let size = size(for: bytes)
        let reused: UInt? = state.withLock { s in
            guard let block = s.free[size]?.popLast() else { return nil }
            s.cachedBytes -= size
            return block
        }
        if let reused, let block = UnsafeMutableRawPointer(bitPattern: reused) { return (block, false) }
        guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED else {
            return nil
        }
        #if os(Linux)
        if size >= 4 << 20 { _ = madvise(mapped, size, MADV_HUGEPAGE) }
        #endif
        return (mapped, true)
    }

    /// Returns a block from `take` for reuse (or to the system, past the limit).
    static func give(_ block: UnsafeMutableRawPointer, bytes: Int) {
        let size = size(for: bytes)
        let kept = state.withLock { s -> Bool in
            guard s.cachedBytes + size <= cachedLimit else { return false }
            s.free[size, default: []].append(UInt(bitPattern: block))
            s.cachedBytes += size
            return true
        }
        if !kept { munmap(block, size) }
    }
}
