/// Whether ops record themselves into the autograd graph, per task or thread (like PyTorch's
/// `torch.no_grad()`), and whether they check their results for NaN and infinity (anomaly
/// mode, like `torch.autograd.set_detect_anomaly(True)`).
public enum GradMode {
    @TaskLocal static var isEnabled = true
    @TaskLocal static var detectsAnomalies = false

    /// Whether ops currently record gradients.
    public static var isRecording: Bool { isEnabled }

    /// Runs `body` without recording ops (inference, optimizer updates, EMA).
    public static func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
        try $isEnabled.withValue(false, operation: body)
    }

    /// Runs `body` with gradients recorded (e.g. inside `withoutGradients`).
    public static func withGradients<R>(_ body: () throws -> R) rethrows -> R {
        try $isEnabled.withValue(true, operation: body)
    }

    /// Runs `body` with anomaly detection: every op's output, and every gradient in backward
    /// passes started inside it, is checked; the first NaN or infinity throws
    /// `TensorError.nonFinite` naming the op.
    public static func detectingAnomalies<R>(_ body: () throws -> R) rethrows -> R {
        try $detectsAnomalies.withValue(true, operation: body)
    }

    public static var isDetectingAnomalies: Bool { detectsAnomalies }
}
