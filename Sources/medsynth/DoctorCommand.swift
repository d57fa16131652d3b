import ArgumentParser
import Foundation
import Pipelines

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that this machine is set up for training: BLAS, its kernels and threads, SGEMM speed.",
        discussion: """
        Prints the BLAS library in use (OpenBLAS), the kernels it runs (its core
        type), its threads and a measured SGEMM speed (with all threads and with
        one), the CPU, where convolutions multiply (medsynth's packed AVX-512
        GEMM, or OpenBLAS on other CPUs and with MEDSYNTH_GEMM=openblas) and
        the versions of the other linked libraries, with a
        verdict per check and what to do when it is not right. Debian's OpenBLAS
        0.3.21 takes recent Xeons for a "Prescott" and runs its slowest kernels;
        medsynth sets OPENBLAS_CORETYPE=SkylakeX on AVX-512 CPUs unless it is set.

        Exit status: 0, also with warnings (doctor only informs); 1 when OpenBLAS
        cannot be opened (the message names the Debian packages to install).

        Examples:
          medsynth doctor
          medsynth doctor --quick
          medsynth doctor --size 4096 --json > doctor.json
          OPENBLAS_CORETYPE=Prescott medsynth doctor   # the slow kernels' cost
        """)

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "SGEMM matrix size n (n x n; default 2048, 1024 with --quick).")
    var size: Int?

    @Flag(help: "Measure faster: skip the one-thread measurement, smaller matrices, 3 repetitions.")
    var quick = false

    func validate() throws {
        if let size, !DoctorOptions.sizes.contains(size) {
            throw ValidationError("--size \(size) must be in \(DoctorOptions.sizes.lowerBound)...\(DoctorOptions.sizes.upperBound).")
        }
    }

    func run() throws {
        let options = DoctorOptions(size: size ?? (quick ? 1024 : 2048), repetitions: quick ? 3 : 5, measureOneThread: !quick)
        let tty = !json && isatty(STDERR_FILENO) != 0
        if tty { FileHandle.standardError.write(Data("measuring SGEMM (\(options.size) x \(options.size))...".utf8)) }
        let report: Doctor
        do {
            report = try Doctor.examine(options)
        } catch {
            if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            Output.stderr("error: \(error)")
            throw ExitCode(2)
        }
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if json {
            print(try JSONOutput.string(report))
        } else {
            print(Self.table(report))
        }
        if report.blas == nil { throw ExitCode(1) }
    }

    static func table(_ r: Doctor) -> String {
        func row(_ label: String, _ status: String, _ text: String) -> String {
            "  \(label.padding(toLength: 11, withPad: " ", startingAt: 0)) \(status.padding(toLength: 8, withPad: " ", startingAt: 0)) \(text)"
        }
        func yesNo(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "unknown" }
        let c = r.cpu
        var cpu = "\(c.modelName ?? "unknown model"), \(c.logicalCores) logical cores (\(c.availableCores) available)"
        if let mhz = c.clockMHz { cpu += String(format: ", %.0f MHz", mhz) }
        cpu += ", AVX2 \(yesNo(c.avx2)), AVX-512F \(yesNo(c.avx512f))"
        let names = ["dcmtk": "DCMTK", "zlib": "zlib", "libpng": "libpng", "openjpeg": "OpenJPEG"]
        let libraries = r.libraries.keys.sorted().map { "\(names[$0] ?? $0) \(r.libraries[$0] ?? "")" }.joined(separator: ", ")
        var lines = ["medsynth \(r.medsynthVersion) doctor", row("CPU", "", cpu), row("libraries", "", libraries),
                     row("conv GEMM", "", r.convolutionProducts)]
        for check in r.checks { lines.append(row(check.name, check.status.rawValue, check.finding)) }
        let problems = r.checks.filter { $0.advice != nil }
        if !problems.isEmpty {
            lines.append("")
            for p in problems { lines.append("  \(p.status.rawValue) (\(p.name)): \(p.advice ?? "")") }
        }
        lines.append("")
        let warnings = r.checks.filter { $0.status == .warning }.count
        switch r.overall {
        case .ok: lines.append("overall: ok")
        case .warning: lines.append("overall: \(warnings) warning\(warnings == 1 ? "" : "s"); medsynth runs, but may be slower than it could")
        case .error: lines.append("overall: error; medsynth cannot train or score until OpenBLAS is installed")
        }
        return lines.joined(separator: "\n")
    }
}
