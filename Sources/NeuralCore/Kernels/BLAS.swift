import COpenBLAS
import Foundation
import Synchronization

/// The BLAS library behind the tensor engine: what it is, its threads, and how fast it runs
/// SGEMM here (for `medsynth doctor` and the benchmarks).
public enum BLAS {
    /// The OpenBLAS build in use.
    public struct Info: Sendable, Equatable, Codable {
        /// OpenBLAS's configuration string (version, build options, core).
        public var configuration: String
        /// The kernels OpenBLAS runs (e.g. "SkylakeX"; "Prescott" is Debian's slow fallback).
        public var coreName: String
        public var threads: Int
        /// OPENBLAS_CORETYPE as OpenBLAS saw it (set by the user, or by medsynth on AVX-512 CPUs).
        public var coreTypeOverride: String?
    }

    /// The library could not be opened; `reason` names the missing package.
    public struct Unavailable: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "BLAS is not available: \(reason)" }
    }

    /// Opens OpenBLAS (once) and describes it.
    public static func info() throws -> Info {
        try load()
        return Info(configuration: lazy_blas_config().map { String(cString: $0) } ?? "",
                    coreName: lazy_blas_corename().map { String(cString: $0) } ?? "",
                    threads: threads,
                    coreTypeOverride: getenv("OPENBLAS_CORETYPE").map { String(cString: $0) })
    }

    /// Sets the number of threads OpenBLAS uses from now on (outside `Parallel.forEachWorker`'s
    /// regions, which run it at 1 thread and then give this count back).
    public static func setThreads(_ threads: Int) throws {
        try load()
        threadRegions.withLock { r in
            if let apply = r.setThreads(max(1, threads)) { lazy_blas_set_num_threads(Int32(apply)) }
        }
    }

    /// OpenBLAS's thread count as set by `setThreads`, or as OpenBLAS chose it at load (cores,
    /// or OPENBLAS_NUM_THREADS): the count it runs with outside worker regions.
    static var threads: Int { threadRegions.withLock { r in r.set ?? Int(lazy_blas_get_num_threads()) } }

    /// The thread count OpenBLAS itself reports now (1 inside a worker region).
    static var runningThreads: Int { Int(lazy_blas_get_num_threads()) }

    private static let threadRegions = Mutex(ThreadRegions())

    /// Runs `body` with OpenBLAS at 1 thread (each worker's GEMMs on its own core).
    static func withOneThread(_ body: () -> Void) {
        threadRegions.withLock { r in
            if let apply = r.enter(current: Int(lazy_blas_get_num_threads())) { lazy_blas_set_num_threads(Int32(apply)) }
        }
        defer {
            threadRegions.withLock { r in
                if let apply = r.leave() { lazy_blas_set_num_threads(Int32(apply)) }
            }
        }
        body()
    }

    /// The bookkeeping behind `withOneThread` and `setThreads`: the set thread count (nil until
    /// set or first needed) and the regions running. Regions may overlap (convolutions on
    /// several threads of one process): the first to start sets OpenBLAS to 1 thread, the last
    /// to end gives the set count back, and a count set meanwhile waits for that end. So no
    /// region leaves OpenBLAS at 1 thread, nor is 1 ever taken for the set count. Each
    /// method returns the count to give OpenBLAS now, if any.
    struct ThreadRegions: Equatable {
        var set: Int?
        var regions = 0

        mutating func enter(current: Int) -> Int? {
            let count = set ?? current
            set = count
            regions += 1
            return regions == 1 && count != 1 ? 1 : nil
        }

        mutating func leave() -> Int? {
            regions -= 1
            return regions == 0 && set != 1 ? set : nil
        }

        mutating func setThreads(_ count: Int) -> Int? {
            set = count
            return regions == 0 ? count : nil
        }
    }

    /// One SGEMM throughput measurement: C = A B with square n x n Float32 matrices.
    public struct Throughput: Sendable, Equatable, Codable {
        public var size: Int
        public var threads: Int
        public var repetitions: Int
        /// Median seconds per multiplication.
        public var medianSeconds: Double
        /// 2 n³ / median seconds, in 10⁹ floating-point operations per second.
        public var gflops: Double

        public init(size: Int, threads: Int, repetitions: Int, medianSeconds: Double, gflops: Double) {
            self.size = size
            self.threads = threads
            self.repetitions = repetitions
            self.medianSeconds = medianSeconds
            self.gflops = gflops
        }
    }

    /// Times `repetitions` n x n x n SGEMMs (after one warm-up) and reports the median.
    public static func measureSGEMM(size n: Int = 2048, repetitions: Int = 5) throws -> Throughput {
        try SGEMMProbe(size: n).measure(repetitions: repetitions)
    }

    /// The operands of an SGEMM measurement, made once (three n x n matrices, seeded uniform in
    /// [-1, 1]; C is overwritten) for measurements repeated through a run.
    public final class SGEMMProbe: @unchecked Sendable {
        public let size: Int
        private let a: Tensor, b: Tensor, c: Tensor

        public init(size n: Int = 2048) throws {
            try BLAS.load()
            guard n > 0, n <= 16_384 else {
                throw TensorError.invalidArgument(op: "SGEMM benchmark", reason: "size \(n) must be in 1...16384")
            }
            var generator = PhiloxGenerator(seed: 1)
            size = n
            a = try Tensor.uniform([n, n], low: -1, high: 1, generator: &generator)
            b = try Tensor.uniform([n, n], low: -1, high: 1, generator: &generator)
            // Written (not left to zero pages mapped lazily), so the probe's memory is resident
            // from here on.
            c = try Tensor.uniform([n, n], low: -1, high: 1, generator: &generator)
        }

        /// Times `repetitions` products (after one warm-up) on the threads set now; the median.
        public func measure(repetitions: Int = 5) throws -> Throughput {
            guard repetitions > 0 else {
                throw TensorError.invalidArgument(op: "SGEMM benchmark", reason: "repetitions \(repetitions) must be positive")
            }
            let n = size
            var times: [Double] = []
            a.withUnsafeBuffer(Float.self) { a in
                b.withUnsafeBuffer(Float.self) { b in
                    c.withUnsafeMutableBuffer(Float.self) { c in
                        for i in 0...repetitions {
                            let start = DispatchTime.now().uptimeNanoseconds
                            GEMM.run(transposeA: false, transposeB: false, m: n, n: n, k: n, a: a.baseAddress!, lda: n,
                                     b: b.baseAddress!, ldb: n, c: c.baseAddress!, ldc: n)
                            if i > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
                        }
                    }
                }
            }
            times.sort()
            let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
            return Throughput(size: n, threads: BLAS.threads, repetitions: repetitions, medianSeconds: median,
                              gflops: 2 * Double(n) * Double(n) * Double(n) / median / 1e9)
        }
    }

    static func load() throws {
        var reason = [CChar](repeating: 0, count: 512)
        guard lazy_blas_load(&reason, reason.count) == 0 else {
            throw Unavailable(reason: String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }
}
