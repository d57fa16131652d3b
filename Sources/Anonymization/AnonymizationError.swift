/// Errors of the Anonymization module. Each names the file (when there is one), the reason,
/// and where it helps, what to do.
public struct AnonymizationError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable, Codable {
        case key, lookupTable, recipe, redactionRules, options, pixels, ocr, audit
    }
    public var kind: Kind
    public var path: String?
    public var reason: String

    public init(_ kind: Kind, path: String? = nil, _ reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String {
        if let p = path { return "\(p): \(reason)" }
        return reason
    }
}
