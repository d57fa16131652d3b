import Foundation

/// Resident memory of this process and of the commands it ran, for the benchmarks.
enum ProcessMemory {
    /// Largest resident set of this process so far (bytes).
    static func peakResidentBytes() -> Int { peak(RUSAGE_SELF) }

    /// Largest resident set (bytes) of any child process waited for so far.
    static func peakChildResidentBytes() -> Int { peak(RUSAGE_CHILDREN) }

    /// getrusage's ru_maxrss in bytes.
    private static func peak(_ who: __rusage_who) -> Int {
        var usage = rusage()
        #if os(macOS)
        getrusage(who, &usage)
        return usage.ru_maxrss  // bytes on macOS
        #else
        getrusage(who.rawValue, &usage)
        return usage.ru_maxrss * 1024  // kilobytes on Linux
        #endif
    }

    /// Resident set now (bytes), from /proc/self/statm; the peak so far where there is no /proc.
    static func residentBytes() -> Int {
        if let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = text.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) { return pages * Int(sysconf(Int32(_SC_PAGESIZE))) }
        }
        return peakResidentBytes()
    }
}
