import Foundation
import Testing
@testable import Pipelines

/// `medsynth doctor`: the report on this machine, the verdicts on hand-made machines, JSON.
/// Serialized: measuring with one thread changes OpenBLAS's thread count for the whole process.
@Suite(.serialized) struct DoctorTests {
    /// Two cores at 2.1 GHz with AVX-512: SkylakeX kernels peak at 64 x 2.1 x 2 = 268.8 GFLOP/s.
    static let xeon = CPUInfo(modelName: "Intel(R) Xeon(R) Processor", logicalCores: 2, availableCores: 2, physicalCores: 2,
                              clockMHz: 2100, avx2: true, avx512f: true)
    static let avx2Only = CPUInfo(logicalCores: 4, availableCores: 4, physicalCores: 4, clockMHz: 3000, avx2: true, avx512f: false)
    static let unknownFlags = CPUInfo(logicalCores: 4, availableCores: 4)

    static func sgemm(_ gflops: Double, size: Int = 2048, threads: Int = 2) -> Doctor.SGEMM {
        Doctor.SGEMM(size: size, threads: threads, repetitions: 5,
                     medianSeconds: 2 * pow(Double(size), 3) / gflops / 1e9, gflops: gflops)
    }

    @Test func reportsThisMachine() throws {
        let report = try Doctor.examine(DoctorOptions(size: 128, repetitions: 2))
        let blas = try #require(report.blas)
        #expect(report.blasUnavailable == nil)
        #expect(blas.configuration.hasPrefix("OpenBLAS"))
        #expect(blas.version?.split(separator: ".").count == 3)
        #expect(!blas.coreName.isEmpty && blas.threads >= 1)
        let all = try #require(report.sgemm)
        #expect(all.size == 128 && all.repetitions == 2 && all.threads == blas.threads)
        #expect(all.gflops > 0 && all.gflops.isFinite && all.medianSeconds > 0)
        if blas.threads > 1 {
            #expect(report.sgemmOneThread?.threads == 1)
        } else {
            #expect(report.sgemmOneThread == nil)
        }
        #expect(report.checks.map(\.name) == ["BLAS", "core type", "threads", "SGEMM"])
        #expect(report.checks.last?.finding.contains("too small to judge") == true)
        #expect(report.overall == report.checks.map(\.status).max())
        #expect(report.cpu.logicalCores >= 1 && report.cpu.availableCores >= 1)
        #expect(Set(report.libraries.keys) == ["dcmtk", "zlib", "libpng", "openjpeg"])
        #expect(report.libraries.values.allSatisfy { $0.first?.isNumber == true })
        // Where convolutions multiply: the packed GEMM on CPUs with AVX-512 (unless turned off), else OpenBLAS.
        #expect(report.convolutionProducts.hasPrefix(report.cpu.avx512f == true && getenv("MEDSYNTH_GEMM") == nil ? "medsynth's packed GEMM" : "OpenBLAS"))

        // The one-thread measurement gave the threads back.
        let again = try Doctor.examine(DoctorOptions(size: 64, repetitions: 1, measureOneThread: false))
        #expect(again.blas?.threads == blas.threads)
        #expect(again.sgemmOneThread == nil)
        #expect(throws: PipelineError.self) { try Doctor.examine(DoctorOptions(size: 0)) }
    }

    @Test func readsProcCPUInfo() {
        let block = { (n: Int, core: Int, mhz: String) in
            """
            processor\t: \(n)
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz
            cpu MHz\t\t: \(mhz)
            physical id\t: 0
            core id\t\t: \(core)
            flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq
            """
        }
        // Four logical processors on two physical cores (hyperthreads).
        let text = [block(0, 0, "1200.5"), block(1, 1, "2900.0"), block(2, 0, "800"), block(3, 1, "1000")].joined(separator: "\n\n")
        let cpu = CPUInfo.parse(text, availableCores: 3)
        #expect(cpu.modelName == "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz")
        #expect(cpu.logicalCores == 4 && cpu.availableCores == 3 && cpu.physicalCores == 2)
        #expect(cpu.clockMHz == 2900)
        #expect(cpu.avx2 == true && cpu.avx512f == true && cpu.bestKernelFamily == .avx512)
        #expect(CPUInfo.parse(text, availableCores: 4, maxFrequencyMHz: 3200).clockMHz == 3200)

        let noAVX512 = CPUInfo.parse(text.replacingOccurrences(of: " avx512f avx512dq", with: ""), availableCores: 4)
        #expect(noAVX512.avx2 == true && noAVX512.avx512f == false && noAVX512.bestKernelFamily == .avx2)

        let arm = CPUInfo.parse("processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\n\nprocessor\t: 1\n", availableCores: 2)
        #expect(arm.logicalCores == 2 && arm.modelName == nil && arm.physicalCores == nil && arm.clockMHz == nil)
        #expect(arm.avx2 == nil && arm.avx512f == nil && arm.bestKernelFamily == nil)
    }

    @Test func namesKernelFamilies() {
        #expect(BLASKernelFamily(coreName: "Prescott") == .sse)
        #expect(BLASKernelFamily(coreName: "SKYLAKEX") == .avx512)
        #expect(BLASKernelFamily(coreName: "Haswell") == .avx2)
        #expect(BLASKernelFamily(coreName: "NeoverseN1") == .neon)
        #expect(BLASKernelFamily(coreName: "Unknown") == nil)
    }

    @Test func prescottOnAnAVX512CPUIsAWarning() throws {
        let check = DoctorCheck.coreType(coreName: "Prescott", override: nil, cpu: Self.xeon)
        #expect(check.status == .warning)
        #expect(check.advice == "OpenBLAS is using its slowest kernels; set OPENBLAS_CORETYPE=SkylakeX")

        // Forced by the user: the advice says the variable is the cause.
        let forced = DoctorCheck.coreType(coreName: "Prescott", override: "Prescott", cpu: Self.xeon)
        #expect(forced.status == .warning)
        #expect(forced.advice?.contains("OPENBLAS_CORETYPE=Prescott is set in the environment") == true)

        let haswell = DoctorCheck.coreType(coreName: "Haswell", override: nil, cpu: Self.xeon)
        #expect(haswell.status == .warning)
        #expect(haswell.advice?.contains("AVX-512") == true && haswell.advice?.contains("SkylakeX") == true)

        let onAVX2 = DoctorCheck.coreType(coreName: "Prescott", override: nil, cpu: Self.avx2Only)
        #expect(onAVX2.status == .warning && onAVX2.advice?.hasSuffix("OPENBLAS_CORETYPE=Haswell") == true)
    }

    @Test func rightKernelsOrUnknownCPUsAreOK() {
        #expect(DoctorCheck.coreType(coreName: "SkylakeX", override: "SkylakeX", cpu: Self.xeon).status == .ok)
        #expect(DoctorCheck.coreType(coreName: "Haswell", override: nil, cpu: Self.avx2Only).status == .ok)
        // Nothing known about the CPU or the kernels: not judged, not a warning.
        let unknown = DoctorCheck.coreType(coreName: "Prescott", override: nil, cpu: Self.unknownFlags)
        #expect(unknown.status == .ok && unknown.finding.contains("not judged"))
        #expect(DoctorCheck.coreType(coreName: "Mystery", override: nil, cpu: Self.xeon).status == .ok)
    }

    @Test func anIgnoredCoreTypeIsAWarning() {
        let check = DoctorCheck.coreType(coreName: "Haswell", override: "Skylake", cpu: Self.xeon)
        #expect(check.status == .warning)
        #expect(check.advice?.hasPrefix("OPENBLAS_CORETYPE=Skylake was not applied") == true)
    }

    @Test func threadsPerCore() {
        #expect(DoctorCheck.threads(blasThreads: 2, cpu: Self.xeon, environment: [:]).status == .ok)

        let limited = DoctorCheck.threads(blasThreads: 1, cpu: Self.avx2Only, environment: ["OPENBLAS_NUM_THREADS": "1", "HOME": "/root"])
        #expect(limited.status == .warning)
        #expect(limited.advice?.hasPrefix("OPENBLAS_NUM_THREADS=1 limits OpenBLAS") == true)

        let serial = DoctorCheck.threads(blasThreads: 1, cpu: Self.avx2Only, environment: [:])
        #expect(serial.status == .warning && serial.advice?.contains("libopenblas0-pthread") == true)

        let over = DoctorCheck.threads(blasThreads: 8, cpu: Self.avx2Only, environment: [:])
        #expect(over.status == .warning && over.advice?.hasSuffix("OPENBLAS_NUM_THREADS=4") == true)
    }

    @Test func sgemmSpeedAgainstTheKernelsPeak() throws {
        let peak = try #require(DoctorCheck.estimatedPeak(family: .avx512, threads: 2, cpu: Self.xeon))
        #expect(abs(peak - 268.8) < 1e-9)
        // Two hyperthreads on one physical core count once.
        let oneCore = CPUInfo(logicalCores: 2, availableCores: 2, physicalCores: 1, clockMHz: 2100, avx2: true, avx512f: true)
        #expect(DoctorCheck.estimatedPeak(family: .avx512, threads: 2, cpu: oneCore).map { abs($0 - 134.4) < 1e-9 } == true)
        #expect(DoctorCheck.estimatedPeak(family: .avx512, threads: 2, cpu: Self.unknownFlags) == nil)

        let good = DoctorCheck.sgemm(allThreads: Self.sgemm(180), oneThread: Self.sgemm(92, threads: 1), coreName: "SkylakeX", cpu: Self.xeon)
        #expect(good.status == .ok && good.advice == nil)
        #expect(good.finding.hasPrefix("180.0 GFLOP/s on 2 threads, 92.0 on 1 (2048 x 2048); 67% of the 269 GFLOP/s peak"))

        // Prescott-speed SGEMM is slow for SkylakeX kernels, about right for Prescott's.
        let slow = DoctorCheck.sgemm(allThreads: Self.sgemm(30), oneThread: Self.sgemm(15, threads: 1), coreName: "SkylakeX", cpu: Self.xeon)
        #expect(slow.status == .warning && slow.advice?.contains("far below what SkylakeX kernels should give") == true)
        #expect(DoctorCheck.sgemm(allThreads: Self.sgemm(30), oneThread: nil, coreName: "Prescott", cpu: Self.xeon).status == .ok)

        // One thread fine, all threads slow: the cores are busy.
        let busy = DoctorCheck.sgemm(allThreads: Self.sgemm(40), oneThread: Self.sgemm(90, threads: 1), coreName: "SkylakeX", cpu: Self.xeon)
        #expect(busy.status == .warning && busy.advice?.contains("other programs are using the cores") == true)

        // Fast enough for the kernels, but two threads no faster than one: the cores are busy.
        let contended = DoctorCheck.sgemm(allThreads: Self.sgemm(107), oneThread: Self.sgemm(115, threads: 1), coreName: "SkylakeX", cpu: Self.xeon)
        #expect(contended.status == .warning && contended.advice?.contains("other programs are using the cores") == true)
        #expect(contended.finding.hasSuffix("; 0.9x the speed of one thread on 2 cores"))
        #expect(DoctorCheck.sgemm(allThreads: Self.sgemm(150), oneThread: Self.sgemm(115, threads: 1), coreName: "SkylakeX", cpu: Self.xeon).status == .ok)
        // ... also when the kernels are unknown; but hyperthreads of one core are not expected to add up.
        #expect(DoctorCheck.sgemm(allThreads: Self.sgemm(107), oneThread: Self.sgemm(115, threads: 1), coreName: "Mystery", cpu: Self.xeon).status == .warning)
        let hyperthreads = CPUInfo(logicalCores: 2, availableCores: 2, physicalCores: 1, clockMHz: 2100, avx2: true, avx512f: true)
        #expect(DoctorCheck.sgemm(allThreads: Self.sgemm(107), oneThread: Self.sgemm(105, threads: 1), coreName: "SkylakeX", cpu: hyperthreads).status == .ok)

        // Small products and unknown clocks or kernels are not judged.
        let small = DoctorCheck.sgemm(allThreads: Self.sgemm(1, size: 256), oneThread: nil, coreName: "SkylakeX", cpu: Self.xeon)
        #expect(small.status == .ok && small.finding.contains("too small to judge"))
        #expect(DoctorCheck.sgemm(allThreads: Self.sgemm(1), oneThread: nil, coreName: "SkylakeX", cpu: Self.unknownFlags).status == .ok)
        let mystery = DoctorCheck.sgemm(allThreads: Self.sgemm(1), oneThread: nil, coreName: "Mystery", cpu: Self.xeon)
        #expect(mystery.status == .ok && mystery.finding.hasSuffix("; peak unknown"))
    }

    @Test func overallIsTheWorstCheck() {
        let ok = DoctorCheck(name: "a", status: .ok, finding: "")
        let warning = DoctorCheck(name: "b", status: .warning, finding: "", advice: "do this")
        let error = DoctorCheck(name: "c", status: .error, finding: "", advice: "install that")
        func overall(_ checks: [DoctorCheck]) -> DoctorCheck.Status {
            Doctor(cpu: Self.xeon, blas: nil, blasUnavailable: nil, sgemm: nil, sgemmOneThread: nil, libraries: [:], checks: checks).overall
        }
        #expect(overall([]) == .ok)
        #expect(overall([ok, ok]) == .ok)
        #expect(overall([ok, warning]) == .warning)
        #expect(overall([warning, error, ok]) == .error)
    }

    @Test func jsonRoundTrip() throws {
        let measured = try Doctor.examine(DoctorOptions(size: 64, repetitions: 1, measureOneThread: false))
        let reason = "cannot open OpenBLAS (not found): install the Debian packages libopenblas-dev and liblapacke-dev"
        let missing = Doctor(cpu: Self.unknownFlags, blas: nil, blasUnavailable: reason, sgemm: nil, sgemmOneThread: nil,
                             libraries: ["zlib": "1.2.13"], checks: [.blasUnavailable(reason)])
        #expect(missing.overall == .error && missing.checks[0].advice?.contains("libopenblas-dev") == true)
        for report in [measured, missing] {
            let data = try JSONOutput.encode(report)
            #expect(try JSONDecoder().decode(Doctor.self, from: data) == report)
        }
        let object = try #require(try JSONSerialization.jsonObject(with: JSONOutput.encode(measured)) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["blas", "cpu", "sgemm", "checks", "overall", "libraries", "medsynthVersion"]))
        #expect((object["overall"] as? String) == measured.overall.rawValue)
    }
}
