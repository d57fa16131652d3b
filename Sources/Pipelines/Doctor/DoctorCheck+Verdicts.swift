import Foundation

/// The rules behind each check, on plain inputs (so that they can be tried on any machine).
extension DoctorCheck {
    /// SGEMM below this fraction of the kernels' estimated peak is reported as slow.
    static let slowFraction = 0.25
    /// Smaller products do not reach full speed, so their speed is not judged.
    static let smallestJudgedSize = 512

    /// OpenBLAS could not be opened; `reason` comes from the loader and names the packages.
    static func blasUnavailable(_ reason: String) -> DoctorCheck {
        DoctorCheck(name: "BLAS", status: .error, finding: "OpenBLAS could not be opened",
                    advice: reason + "; medsynth cannot train or score without it")
    }

    static func blasLoaded(_ blas: Doctor.BLASLibrary) -> DoctorCheck {
        DoctorCheck(name: "BLAS", status: .ok, finding: blas.configuration.isEmpty ? "OpenBLAS" : blas.configuration)
    }

    /// Whether OpenBLAS runs the fastest kernels the CPU has: Debian's OpenBLAS 0.3.21 takes
    /// recent Xeons for a "Prescott" and runs SSE kernels, about six times slower.
    static func coreType(coreName: String, override: String?, cpu: CPUInfo) -> DoctorCheck {
        let name = "core type"
        let set = override.map { "; OPENBLAS_CORETYPE=\($0)" } ?? ""
        guard let family = BLASKernelFamily(coreName: coreName) else {
            return DoctorCheck(name: name, status: .ok, finding: "\(coreName)\(set) (kernels not known to medsynth; not judged)")
        }
        let finding = "\(coreName) (\(family.label) kernels\(set))"
        if let override, override.caseInsensitiveCompare(coreName) != .orderedSame {
            return DoctorCheck(name: name, status: .warning, finding: finding,
                               advice: "OPENBLAS_CORETYPE=\(override) was not applied (an unknown name, or an OpenBLAS built "
                                   + "without DYNAMIC_ARCH); use a name such as SkylakeX or Haswell, with Debian's libopenblas0-pthread")
        }
        guard cpu.avx2 != nil || cpu.avx512f != nil else {
            return DoctorCheck(name: name, status: .ok, finding: finding + "; the CPU's instruction sets are unknown, not judged")
        }
        guard let best = cpu.bestKernelFamily, let bestRank = best.x86Rank, let rank = family.x86Rank, rank < bestRank,
              let wanted = best.coreType
        else { return DoctorCheck(name: name, status: .ok, finding: finding) }
        var advice = family == .sse
            ? "OpenBLAS is using its slowest kernels; set OPENBLAS_CORETYPE=\(wanted)"
            : "OpenBLAS is not using the CPU's \(best.label) units; set OPENBLAS_CORETYPE=\(wanted)"
        if override != nil { advice += " (OPENBLAS_CORETYPE=\(coreName) is set in the environment: change it or unset it)" }
        return DoctorCheck(name: name, status: .warning, finding: finding + " on a CPU with \(best.label)", advice: advice)
    }

    /// Whether OpenBLAS runs one thread per core this process may use. `environment` is looked
    /// up for the variables that limit OpenBLAS's threads.
    static func threads(blasThreads: Int, cpu: CPUInfo, environment: [String: String]) -> DoctorCheck {
        let name = "threads"
        let cores = cpu.availableCores
        let finding = "\(blasThreads) on \(cores) available core\(cores == 1 ? "" : "s")"
        if blasThreads < cores {
            let limits = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"]
                .compactMap { key in environment[key].map { "\(key)=\($0)" } }
            let advice: String
            if !limits.isEmpty {
                advice = "\(limits.joined(separator: ", ")) limits OpenBLAS; unset it to use all \(cores) cores "
                    + "(or keep it if other work shares the machine)"
            } else if blasThreads == 1 {
                advice = "OpenBLAS runs one thread, as its serial build does; install Debian's libopenblas0-pthread to use all \(cores) cores"
            } else {
                advice = "OpenBLAS starts fewer threads than there are cores (see MAX_THREADS in its configuration); "
                    + "install Debian's libopenblas0-pthread"
            }
            return DoctorCheck(name: name, status: .warning, finding: finding, advice: advice)
        }
        if blasThreads > cores {
            return DoctorCheck(name: name, status: .warning, finding: finding,
                               advice: "more threads than cores make them wait for each other (a container or taskset limits "
                                   + "this process); set OPENBLAS_NUM_THREADS=\(cores)")
        }
        return DoctorCheck(name: name, status: .ok, finding: finding)
    }

    /// The SGEMM peak of `family` kernels on `threads` threads of `cpu` in GFLOP/s: one thread per
    /// physical core at most, at the highest clock reported. Nil when the clock is unknown.
    static func estimatedPeak(family: BLASKernelFamily, threads: Int, cpu: CPUInfo) -> Double? {
        guard let mhz = cpu.clockMHz, mhz > 0 else { return nil }
        let cores = min(threads, cpu.availableCores, cpu.physicalCores ?? Int.max)
        return family.flopsPerCycle * mhz / 1000 * Double(max(1, cores))
    }

    /// The cores `threads` threads can keep busy at once: the threads, at most one per
    /// available and per physical core.
    static func usableCores(threads: Int, cpu: CPUInfo) -> Int {
        max(1, min(threads, cpu.availableCores, cpu.physicalCores ?? Int.max))
    }

    /// Whether the measured SGEMM speed is near what the kernels in use should give, and whether
    /// the threads add at least a quarter of what the extra cores could (a speed-up over one
    /// thread below 1 + (cores - 1) / 4 means the cores are busy with other work).
    static func sgemm(allThreads: Doctor.SGEMM, oneThread: Doctor.SGEMM?, coreName: String, cpu: CPUInfo) -> DoctorCheck {
        let name = "SGEMM"
        var finding = String(format: "%.1f GFLOP/s on ", allThreads.gflops) + "\(allThreads.threads) thread"
            + (allThreads.threads == 1 ? "" : "s")
        if let oneThread { finding += String(format: ", %.1f on 1", oneThread.gflops) }
        finding += " (\(allThreads.size) x \(allThreads.size))"
        guard allThreads.size >= smallestJudgedSize else {
            return DoctorCheck(name: name, status: .ok, finding: finding + "; too small to judge, use --size 2048")
        }
        let family = BLASKernelFamily(coreName: coreName)
        if let family, let peak = estimatedPeak(family: family, threads: allThreads.threads, cpu: cpu) {
            let fraction = allThreads.gflops / peak
            finding += String(format: "; %.0f%% of the %.0f GFLOP/s peak of ", 100 * fraction, peak) + "\(coreName) kernels"
            if fraction < slowFraction {
                if let oneThread, allThreads.threads > 1,
                   let onePeak = estimatedPeak(family: family, threads: 1, cpu: cpu), oneThread.gflops / onePeak >= slowFraction {
                    return DoctorCheck(name: name, status: .warning, finding: finding, advice: busyCores(allThreads.threads))
                }
                return DoctorCheck(name: name, status: .warning, finding: finding,
                                   advice: "SGEMM is far below what \(coreName) kernels should give: the machine is busy, throttled "
                                       + "(power saving, heat) or a virtual machine with shared cores; check with top and run medsynth doctor again")
            }
        } else {
            finding += "; peak unknown"
        }
        let cores = usableCores(threads: allThreads.threads, cpu: cpu)
        if let oneThread, cores > 1, oneThread.gflops > 0 {
            let speedup = allThreads.gflops / oneThread.gflops
            if speedup < 1 + Double(cores - 1) / 4 {
                return DoctorCheck(name: name, status: .warning,
                                   finding: finding + String(format: "; %.1fx the speed of one thread on ", speedup) + "\(cores) cores",
                                   advice: busyCores(allThreads.threads))
            }
        }
        return DoctorCheck(name: name, status: .ok, finding: finding)
    }

    private static func busyCores(_ threads: Int) -> String {
        "one thread runs at the expected speed but \(threads) threads do not add up: other programs are using the cores "
            + "(or they are hyperthreads of fewer physical cores); stop the other work (see top), or set OPENBLAS_NUM_THREADS "
            + "to the number of idle cores"
    }
}
