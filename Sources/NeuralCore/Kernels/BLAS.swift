import COpenBLAS
import Foundation

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
                    threads: Int(lazy_blas_get_num_threads()),
                    coreTypeOverride: getenv("OPENBLAS_CORETYPE").map { String(cString: $0) })
    }

    /// Sets the number of threads OpenBLAS uses from now on.
    public static func setThreads(_ threads: Int) throws {
        try load()
        lazy_blas_set_num_threads(Int32(max(1, threads)))
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
    }

    /// Times `repetitions` n x n x n SGEMMs (after one warm-up) and reports the median.
    public static func measureSGEMM(size n: Int = 2048, repetitions: Int = 5) throws -> Throughput {
        try load()
        guard n > 0, n <= 16_384, repetitions > 0 else {
            throw TensorError.invalidArgument(op: "SGEMM benchmark", reason: "size \(n) must be in 1...16384 and repetitions \(repetitions) positive")
        }
        var generator = PhiloxGenerator(seed: 1)
        let a = try Tensor.uniform([n, n], low: -1, high: 1, generator: &generator)
        let b = try Tensor.uniform([n, n], low: -1, high: 1, generator: &generator)
        let c = try Tensor(zeros: [n, n])
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
        return Throughput(size: n, threads: Int(lazy_blas_get_num_threads()), repetitions: repetitions, medianSeconds: median,
                          gflops: 2 * Double(n) * Double(n) * Double(n) / median / 1e9)
    }

    static func load() throws {
        var reason = [CChar](repeating: 0, count: 512)
        guard lazy_blas_load(&reason, reason.count) == 0 else {
            throw Unavailable(reason: String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }
}
