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

    /// Classifies a DCMTK failure message: an early end of data means a truncated file.
    static func fromDCMTK(_ message: String, path: String?, context: String) -> DicomError {
        let lower = message.lowercased()
        let truncated = lower.contains("premature") || lower.contains("end of") || lower.contains("stream")
        return DicomError(truncated ? .truncated : .parse, path: path,
                          truncated ? "file is truncated (\(context)DCMTK: \(message))" : "cannot parse (\(context)DCMTK: \(message))")
    }

    public var description: String {
        if let p = path { return "\(p): \(reason)" }
        return reason
    }
}
