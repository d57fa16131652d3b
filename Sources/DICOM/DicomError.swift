/// Errors of the DICOM module. Each names the file (when there is one) and the reason.
public struct DicomError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable, Codable {
        case notDicom, unreadable, truncated, parse, unsupported, pixelData, write, invalidArgument
    }
    public var kind: Kind
    public var path: String?
    public var reason: String

    public init(_ kind: Kind, path: String?, _ reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String {
        if let p = path { return "\(p): \(reason)" }
        return reason
    }
}
