import Foundation
import NeuralCore

/// What `medsynth doctor` reports: the BLAS library in use, its kernels and threads, a measured
/// SGEMM speed, the CPU, the other linked libraries, and a verdict per check telling what to do.
public struct Doctor: Codable, Sendable, Equatable {
    /// The OpenBLAS library medsynth opened (from `BLAS.info()`).
    public struct BLASLibrary: Codable, Sendable, Equatable {
        /// "0.3.21", read from the configuration string.
        public var version: String?
        /// OpenBLAS's configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64".
        public var configuration: String
        /// The kernels in use, e.g. "SkylakeX" ("Prescott" is the slow fallback).
        public var coreName: String
        public var threads: Int
        /// OPENBLAS_CORETYPE as OpenBLAS saw it (set by the user, or by medsynth on AVX-512 CPUs).
        public var coreTypeOverride: String?

        public init(configuration: String, coreName: String, threads: Int, coreTypeOverride: String?) {
            let words = configuration.split(separator: " ")
            version = words.count > 1 && words[0] == "OpenBLAS" ? String(words[1]) : nil
            self.configuration = configuration
            self.coreName = coreName
            self.threads = threads
            self.coreTypeOverride = coreTypeOverride
        }

        init(_ info: BLAS.Info) {
            self.init(configuration: info.configuration, coreName: info.coreName, threads: info.threads,
                      coreTypeOverride: info.coreTypeOverride)
        }
    }

    /// One SGEMM measurement (from `BLAS.measureSGEMM`): C = A B with n x n Float32 matrices.
    public typealias SGEMM = BLAS.Throughput

    /// Where convolutions multiply (NeuralCore's `PackedGEMM.inUse`).
    public var convolutionProducts = PackedGEMM.inUse
    public var medsynthVersion: String
    public var cpu: CPUInfo
    /// Nil when OpenBLAS could not be opened (see `blasUnavailable`).
    public var blas: BLASLibrary?
    /// Why OpenBLAS could not be opened, naming the Debian packages to install.
    public var blasUnavailable: String?
    /// SGEMM with all of OpenBLAS's threads.
    public var sgemm: SGEMM?
    /// SGEMM with one thread; nil when skipped (`--quick`) or when OpenBLAS runs one thread anyway.
    public var sgemmOneThread: SGEMM?
    /// Versions of the other linked system libraries (`MedsynthVersion.libraries`).
    public var libraries: [String: String]
    public var checks: [DoctorCheck]
    /// The worst status among the checks.
    public var overall: DoctorCheck.Status

    public init(medsynthVersion: String = MedsynthVersion.current, cpu: CPUInfo, blas: BLASLibrary?, blasUnavailable: String?,
                sgemm: SGEMM?, sgemmOneThread: SGEMM?, libraries: [String: String], checks: [DoctorCheck]) {
        self.medsynthVersion = medsynthVersion
        self.cpu = cpu
        self.blas = blas
        self.blasUnavailable = blasUnavailable
        self.sgemm = sgemm
        self.sgemmOneThread = sgemmOneThread
        self.libraries = libraries
        self.checks = checks
        overall = checks.map(\.status).max() ?? .ok
    }

    /// Examines this machine. OpenBLAS missing is a finding (an error check), not a thrown error;
    /// throws `PipelineError` for a size outside `DoctorOptions.sizes` and BLAS's own errors.
    /// The one-thread measurement sets OpenBLAS's thread count for the whole process until it
    /// ends (then restores it), so run it while no other BLAS work is under way.
    public static func examine(_ options: DoctorOptions = DoctorOptions(),
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Doctor {
        guard DoctorOptions.sizes.contains(options.size), options.repetitions > 0 else {
            throw PipelineError(path: "doctor", reason: "SGEMM size \(options.size) must be in \(DoctorOptions.sizes.lowerBound)..."
                                    + "\(DoctorOptions.sizes.upperBound) and repetitions \(options.repetitions) positive")
        }
        let cpu = CPUInfo.current()
        let libraries = MedsynthVersion.libraries
        let info: BLAS.Info
        do {
            info = try BLAS.info()
        } catch let error as BLAS.Unavailable {
            return Doctor(cpu: cpu, blas: nil, blasUnavailable: error.reason, sgemm: nil, sgemmOneThread: nil,
                          libraries: libraries, checks: [.blasUnavailable(error.reason)])
        }
        let blas = BLASLibrary(info)
        let all = try BLAS.measureSGEMM(size: options.size, repetitions: options.repetitions)
        var one: SGEMM?
        if options.measureOneThread && info.threads > 1 {
            try BLAS.setThreads(1)
            let measured = Result { try BLAS.measureSGEMM(size: options.size, repetitions: options.repetitions) }
            try BLAS.setThreads(info.threads)
            one = try measured.get()
        }
        let checks = [
            DoctorCheck.blasLoaded(blas),
            .coreType(coreName: blas.coreName, override: blas.coreTypeOverride, cpu: cpu),
            .threads(blasThreads: blas.threads, cpu: cpu, environment: environment),
            .sgemm(allThreads: all, oneThread: one, coreName: blas.coreName, cpu: cpu),
        ]
        return Doctor(cpu: cpu, blas: blas, blasUnavailable: nil, sgemm: all, sgemmOneThread: one, libraries: libraries, checks: checks)
    }
}
