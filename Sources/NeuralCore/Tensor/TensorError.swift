/// Errors of the tensor engine: what went wrong, in which op, with the shapes involved.
public enum TensorError: Error, CustomStringConvertible, Equatable {
    /// Shapes that do not fit together in `op` (both named).
    case shapeMismatch(op: String, shapes: [[Int]], reason: String)
    /// An argument outside what `op` accepts.
    case invalidArgument(op: String, reason: String)
    /// Tensors of different element types given to one op.
    case dtypeMismatch(op: String, dtypes: [DType])
    /// A NaN or infinity produced by `op` (anomaly mode), in its forward or backward pass.
    case nonFinite(op: String, phase: Phase)
    /// A gradient asked of a tensor that does not require one, or a graph that cannot give it.
    case noGradient(reason: String)

    public enum Phase: String, Sendable { case forward, backward }

    public var description: String {
        func show(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
        switch self {
        case let .shapeMismatch(op, shapes, reason):
            return "\(op): shapes \(shapes.map(show).joined(separator: " and ")) do not fit: \(reason)"
        case let .invalidArgument(op, reason):
            return "\(op): \(reason)"
        case let .dtypeMismatch(op, dtypes):
            return "\(op): tensors of different types (\(dtypes.map(\.rawValue).joined(separator: ", "))); convert with .to(_:) first"
        case let .nonFinite(op, phase):
            return "\(op): produced NaN or infinity in its \(phase.rawValue) pass (anomaly mode)"
        case let .noGradient(reason):
            return "no gradient: \(reason)"
        }
    }
}
