import Foundation

/// Errors raised by metric computations and feature files. Each names what was wrong and,
/// where a file is involved, the file.
public enum MetricsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Two inputs that must have the same shape do not.
    case shapeMismatch(String)
    /// An input is unusable for the metric (empty, non-finite, too small, ...).
    case invalidInput(String)
    /// A setting is out of range or inconsistent with the input.
    case invalidSetting(String)
    /// A feature or image file could not be read or written.
    case file(path: String, reason: String)
    /// A numeric routine (LAPACK) failed.
    case numeric(String)

    public var description: String {
        switch self {
        case .shapeMismatch(let m): return "shape mismatch: \(m)"
        case .invalidInput(let m): return "invalid input: \(m)"
        case .invalidSetting(let m): return "invalid setting: \(m)"
        case .file(let path, let reason): return "\(path): \(reason)"
        case .numeric(let m): return "numeric failure: \(m)"
        }
    }
}
