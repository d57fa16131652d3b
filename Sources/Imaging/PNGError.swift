/// Why a PNG could not be read or written. Every error names the file (or the
/// name given to an in-memory decode/encode) and the reason, which for damaged
/// files is libpng's own message.
public struct PNGError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be opened or read (missing, permissions, a folder).
        case unreadable
        /// Not a PNG, or a damaged / truncated one (libpng's message in `reason`).
        case corrupt
        /// A valid PNG that medsynth cannot return exactly (see `PNGCodec`).
        case unsupported
        /// A volume that PNG cannot hold: wrong voxel type, 3D, or inconsistent data.
        case invalidVolume
        /// A bad argument, e.g. a compression level outside 0...9.
        case invalidArgument
        /// Encoding or writing the output failed.
        case writeFailed
    }

    public let kind: Kind
    /// The file path, or the name given to an in-memory decode/encode.
    public let path: String
    /// What went wrong, in words (libpng's message where it has one).
    public let reason: String

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch kind {
        case .unreadable:
            return "cannot read \(path): \(reason). Check that the file exists and is readable."
        case .corrupt:
            return "cannot decode PNG \(path): \(reason). The file is not a PNG or is damaged; re-export it."
        case .unsupported:
            return "cannot read PNG \(path) exactly: \(reason)."
        case .invalidVolume:
            return "cannot store volume as PNG \(path): \(reason)."
        case .invalidArgument:
            return "cannot write PNG \(path): \(reason)."
        case .writeFailed:
            return "cannot write PNG \(path): \(reason). Check that the folder exists, is writable and has space."
        }
    }
}
