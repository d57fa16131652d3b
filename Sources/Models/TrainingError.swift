import NeuralCore

/// Why training stopped.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A loss (or, in anomaly mode, an op's output or gradient) became NaN or infinite. `op` and
    /// `phase` name where it first appeared when anomaly detection was on.
    case nonFinite(step: Int, loss: String, op: String?, phase: TensorError.Phase?)
    /// Input batches of the wrong shape or size.
    case invalidBatch(String)

    public var description: String {
        switch self {
        case let .nonFinite(step, loss, op?, phase?):
            return "training stopped at step \(step): \(loss) is not finite; it first appeared in the \(phase.rawValue) pass of \(op)"
        case let .nonFinite(step, loss, _, _):
            return "training stopped at step \(step): \(loss) is not finite (turn on anomaly detection to find the op where it first appears)"
        case let .invalidBatch(reason):
            return "invalid training batch: \(reason)"
        }
    }
}
