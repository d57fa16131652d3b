/// Why the simulated archive cannot be built. Every case says what to do.
public enum PhantomError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The anatomy templates are not installed.
    case templatesMissing(path: String)
    /// A template file exists but cannot be used.
    case badTemplate(path: String, reason: String)
    /// A parameter has a value the generator cannot use.
    case invalidParameter(name: String, value: String, reason: String)
    /// One patient could not be generated (the reason names the file when writing failed).
    case patientFailed(key: String, reason: String)

    public var description: String {
        switch self {
        case .templatesMissing(let p):
            return "\(p): the anatomy templates are missing; install the Debian package mricron-data (sudo apt-get install mricron-data)"
        case .badTemplate(let p, let r): return "\(p): \(r)"
        case .invalidParameter(let n, let v, let r): return "parameter '\(n)' = \(v): \(r)"
        case .patientFailed(let k, let r): return "patient \(k): \(r)"
        }
    }
}
