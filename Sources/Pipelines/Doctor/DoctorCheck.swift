/// One verdict of `medsynth doctor`: what was found and, when it is not right, what to do.
public struct DoctorCheck: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, Comparable {
        case ok, warning, error

        private var rank: Int {
            switch self {
            case .ok: return 0
            case .warning: return 1
            case .error: return 2
            }
        }

        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    /// What was checked: "BLAS", "core type", "threads" or "SGEMM".
    public var name: String
    public var status: Status
    /// What was found, in one line.
    public var finding: String
    /// What to do about it; nil when the status is ok.
    public var advice: String?

    public init(name: String, status: Status, finding: String, advice: String? = nil) {
        self.name = name
        self.status = status
        self.finding = finding
        self.advice = advice
    }
}
