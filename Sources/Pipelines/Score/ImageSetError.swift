/// Why an image set could not be listed, or one of its images not loaded (or paired). Every
/// error names the file (or the root) and the reason; the reason comes from the format's
/// reader (libpng, DCMTK, the NIfTI reader) or says which rule of the image set was broken.
public struct ImageSetError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// The root given to `ImageSet.list` does not exist or is neither a file nor a folder.
        case notFound
        /// The file could not be opened or read (permissions, a missing .img half, I/O).
        case unreadable
        /// Damaged data: truncated, not the format its name says, inconsistent header.
        case corrupt
        /// A readable image the metrics cannot take: 4D, true colour, complex voxels, or an
        /// encoding the readers do not decode.
        case unsupported
        /// NaN or infinite pixel values.
        case invalidPixels
        /// The two images of a pair do not have the same shape.
        case shapeMismatch
    }

    public var kind: Kind
    /// The file (as found under the set's root) or the root.
    public var path: String
    public var reason: String

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
