import Foundation
import Imaging

/// One step of a pipeline: a transform and the probability that it runs on a subject.
public struct PipelineStep: Sendable {
    public var transform: any Transform
    /// In [0, 1]; 1 for deterministic preprocessing.
    public var probability: Double

    public init(_ transform: any Transform, probability: Double = 1) {
        self.transform = transform
        self.probability = probability
    }
}

/// Transforms applied in order to an image and its label maps (as MONAI's Compose or
/// TorchIO's Compose), declared in code or in a YAML file (see `PipelineFile`).
/// Randomness comes from the generator passed to `run`, so the same seed gives the same output.
public struct Pipeline: Sendable {
    public var steps: [PipelineStep]
    /// The seed a pipeline file asks for; callers may override it.
    public var seed: UInt64?

    public init(steps: [PipelineStep] = [], seed: UInt64? = nil) {
        self.steps = steps
        self.seed = seed
    }

    public init(_ transforms: [any Transform], seed: UInt64? = nil) {
        self.init(steps: transforms.map { PipelineStep($0) }, seed: seed)
    }

    /// Runs every step on `subject`, appending one record per step to its history.
    /// A step whose probability does not fire is recorded with `wasApplied` false.
    public func run(_ subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) {
        for step in steps {
            let t = step.transform
            var fires = true
            if step.probability < 1 { fires = random.uniform() < step.probability }
            var params = t.parameters
            if step.probability < 1 { params["p"] = .number(step.probability) }
            if fires {
                let applied = try t.apply(to: &subject, random: &random)
                subject.history.append(TransformRecord(name: t.name, parameters: params, applied: applied, wasApplied: true))
            } else {
                subject.history.append(TransformRecord(name: t.name, parameters: params, applied: [:], wasApplied: false))
            }
        }
    }

    /// The steps as they would be written back: name, parameters and probability.
    public var summary: [JSONValue] {
        steps.map { s in
            var o = s.transform.parameters
            o["name"] = .string(s.transform.name)
            if s.probability < 1 { o["p"] = .number(s.probability) }
            return .object(o)
        }
    }
}
