import Foundation

/// Learning rate as a function of the step (0-based), as a closed form.
public enum LearningRateSchedule: Sendable, Equatable {
    case constant
    /// Linear warm-up from `startFactor` x base over `warmupSteps`, then cosine annealing to
    /// `minimum` over `cosineSteps` (PyTorch's SequentialLR of LinearLR and CosineAnnealingLR).
    case warmupCosine(startFactor: Double, warmupSteps: Int, cosineSteps: Int, minimum: Double)

    public func learningRate(base: Double, step: Int) -> Double {
        switch self {
        case .constant:
            return base
        case let .warmupCosine(startFactor, warmupSteps, cosineSteps, minimum):
            if step < warmupSteps {
                return base * (startFactor + (1 - startFactor) * Double(step) / Double(warmupSteps))
            }
            let t = Double(min(step - warmupSteps, cosineSteps))
            return minimum + (base - minimum) * (1 + cos(Double.pi * t / Double(max(1, cosineSteps)))) / 2
        }
    }
}
