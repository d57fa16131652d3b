import Foundation

/// The processor medsynth runs on, as Linux describes it in `/proc/cpuinfo`. Fields that cannot
/// be known on the system at hand (no `/proc/cpuinfo`, no x86 flags) are nil.
public struct CPUInfo: Codable, Sendable, Equatable {
    /// The marketing name (`model name`), e.g. "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz".
    public var modelName: String?
    /// Logical processors (hardware threads) in the machine.
    public var logicalCores: Int
    /// Logical processors this process may use (CPU affinity, container limits).
    public var availableCores: Int
    /// Distinct physical cores (package and core id pairs), when `/proc/cpuinfo` lists them.
    public var physicalCores: Int?
    /// The highest clock reported, in MHz (`cpuinfo_max_freq`, else `cpu MHz`).
    public var clockMHz: Double?
    /// AVX2 instructions (nil when the CPU's flags are unknown, e.g. not x86 or not Linux).
    public var avx2: Bool?
    /// AVX-512 Foundation instructions (nil when the CPU's flags are unknown).
    public var avx512f: Bool?

    public init(modelName: String? = nil, logicalCores: Int, availableCores: Int, physicalCores: Int? = nil,
                clockMHz: Double? = nil, avx2: Bool? = nil, avx512f: Bool? = nil) {
        self.modelName = modelName
        self.logicalCores = logicalCores
        self.availableCores = availableCores
        self.physicalCores = physicalCores
        self.clockMHz = clockMHz
        self.avx2 = avx2
        self.avx512f = avx512f
    }

    /// This machine: `/proc/cpuinfo` and cpufreq where Linux has them, the processor counts
    /// Foundation knows otherwise.
    public static func current() -> CPUInfo {
        let process = ProcessInfo.processInfo
        let available = max(1, process.activeProcessorCount)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return CPUInfo(logicalCores: max(1, process.processorCount), availableCores: available)
        }
        let maxKHz = (try? String(contentsOfFile: "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", encoding: .utf8))
            .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        var cpu = parse(text, availableCores: available, maxFrequencyMHz: maxKHz.map { $0 / 1000 })
        if cpu.logicalCores == 0 { cpu.logicalCores = max(1, process.processorCount) }
        return cpu
    }

    /// Reads the text of `/proc/cpuinfo` (one block per logical processor). `maxFrequencyMHz`
    /// (from cpufreq) wins over the `cpu MHz` lines, which show the current clock.
    public static func parse(_ text: String, availableCores: Int, maxFrequencyMHz: Double? = nil) -> CPUInfo {
        var processors = 0
        var model: String?
        var flags: Set<Substring>?
        var cores = Set<String>()
        var package = ""
        var mhz: Double?
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "processor": processors += 1; package = ""
            case "model name" where model == nil && !value.isEmpty: model = value
            case "flags" where flags == nil: flags = Set(value.split(separator: " "))
            case "physical id": package = value
            case "core id": cores.insert(package + "/" + value)
            case "cpu MHz": if let v = Double(value) { mhz = max(mhz ?? 0, v) }
            default: break
            }
        }
        return CPUInfo(modelName: model, logicalCores: processors, availableCores: availableCores,
                       physicalCores: cores.isEmpty ? nil : cores.count, clockMHz: maxFrequencyMHz ?? mhz,
                       avx2: flags.map { $0.contains("avx2") }, avx512f: flags.map { $0.contains("avx512f") })
    }

    /// The fastest kernel family the CPU can run, from its x86 flags (nil when they are unknown
    /// or the CPU has neither AVX2 nor AVX-512).
    public var bestKernelFamily: BLASKernelFamily? {
        if avx512f == true { return .avx512 }
        if avx2 == true { return .avx2 }
        return nil
    }
}
