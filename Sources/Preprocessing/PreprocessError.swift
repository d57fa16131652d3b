import Foundation

/// Why a preprocessing step refused its input or its parameters. Every case names the
/// parameter (or transform) at fault; jobs add the file name with `inFile`.
public enum PreprocessError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A parameter has a value the operation cannot use (zero spacing, p outside [0, 1], ...).
    case invalidParameter(name: String, value: String, reason: String)
    /// A transform in a pipeline does not know this parameter.
    case unknownParameter(transform: String, name: String, known: [String])
    /// A required parameter is absent.
    case missingParameter(transform: String, name: String)
    /// A pipeline names a transform that does not exist.
    case unknownTransform(name: String, known: [String])
    /// An axis code is not three distinct letters from R/L, A/P, S/I.
    case unknownAxisCode(String)
    /// The voxel-to-world affine cannot be inverted (or has an axis without direction).
    case singularAffine(String)
    /// A mask selects no voxel.
    case emptyMask(String)
    /// The target grid does not overlap the image's field of view.
    case noOverlap(String)
    /// The volume holds NaN or infinite values.
    case nonFiniteValues(count: Int)
    /// The voxel type cannot be processed (colour, complex).
    case unsupportedVoxelType(String)
    /// Two images that must share a grid do not.
    case gridMismatch(String)
    /// A pipeline file is not valid YAML or not shaped as a pipeline.
    case invalidPipeline(String)
    /// Adds the file being processed to an error.
    indirect case inFile(path: String, PreprocessError)

    public var description: String {
        switch self {
        case .invalidParameter(let n, let v, let r): return "parameter '\(n)' = \(v): \(r)"
        case .unknownParameter(let t, let n, let k):
            return "transform '\(t)' has no parameter '\(n)' (known: \(k.sorted().joined(separator: ", ")))"
        case .missingParameter(let t, let n): return "transform '\(t)' needs parameter '\(n)'"
        case .unknownTransform(let n, let k):
            return "unknown transform '\(n)' (known: \(k.sorted().joined(separator: ", ")))"
        case .unknownAxisCode(let c):
            return "unknown axis code '\(c)': use three distinct letters, one from each of R/L, A/P, S/I (e.g. RAS, LPS)"
        case .singularAffine(let s): return "singular affine: \(s)"
        case .emptyMask(let s): return "empty mask: \(s)"
        case .noOverlap(let s): return "target grid does not overlap the image: \(s)"
        case .nonFiniteValues(let n): return "the volume holds \(n) NaN or infinite value\(n == 1 ? "" : "s"); fix or mask them first"
        case .unsupportedVoxelType(let s): return "unsupported voxel type: \(s)"
        case .gridMismatch(let s): return "grid mismatch: \(s)"
        case .invalidPipeline(let s): return "invalid pipeline: \(s)"
        case .inFile(let p, let e): return "\(p): \(e.description)"
        }
    }

    /// The error without file context.
    public var underlying: PreprocessError {
        if case .inFile(_, let e) = self { return e.underlying }
        return self
    }
}
