import Foundation

/// Resident memory of this process, for the in-process benchmarks.
enum ProcessMemory {
    /// Largest resident set of this process so far (bytes), from getrusage's ru_maxrss.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(macOS)
        getrusage(RUSAGE_SELF, &usage)
        return usage.ru_maxrss  // bytes on macOS
        #else
        getrusage(RUSAGE_SELF.rawValue, &usage)
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
