import Foundation
import Testing
@testable import NeuralCore

/// Optimizers, clipping, EMA and the schedule against PyTorch 2.13 (Fixtures/neural/optim):
/// six steps from the same parameters with the same gradients.
struct OptimizerParityTests {
    /// Runs six steps of `optimizer` (made from the fixture's p0, p1) with the fixture's
    /// gradients, comparing the parameters after each step (float32 on both sides).
    static func run(_ name: String, sourceLocation: SourceLocation = #_sourceLocation,
                    makeOptimizer: ([Tensor]) throws -> any Optimizer,
                    beforeStep: (([Tensor], Int, PyTorchFixture) throws -> Void)? = nil,
                    afterStep: (([Tensor], Int, PyTorchFixture) throws -> Void)? = nil) throws {
        let f = try PyTorchFixture("optim", name)
        let p = [try f.tensor("p0", requiringGrad: true), try f.tensor("p1", requiringGrad: true)]
        let optimizer = try makeOptimizer(p)
        for step in 0..<6 {
            p[0].grad = try f.tensor("g.\(step).p0")
            p[1].grad = try f.tensor("g.\(step).p1")
            try beforeStep?(p, step, f)
            try optimizer.step()
            try f.expectClose(p[0], "after.\(step).p0", tolerance: 1e-5, sourceLocation: sourceLocation)
            try f.expectClose(p[1], "after.\(step).p1", tolerance: 1e-5, sourceLocation: sourceLocation)
            try afterStep?(p, step, f)
        }
    }

    @Test func sgdVariants() throws {
        try Self.run("sgd") { try SGD(parameters: $0, learningRate: 0.1) }
        try Self.run("sgd_momentum") { try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9) }
        try Self.run("sgd_nesterov") { try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true) }
    }

    @Test func adamVariants() throws {
        try Self.run("adam") { Adam(parameters: $0, learningRate: 1e-3, beta1: 0.5, beta2: 0.999) }
        try Self.run("adam_weight_decay") { Adam(parameters: $0, learningRate: 1e-3, beta1: 0.5, beta2: 0.999, weightDecay: 0.01) }
        try Self.run("adamw") { Adam.adamW(parameters: $0, learningRate: 1e-3, beta1: 0.5, beta2: 0.999, weightDecay: 0.01) }
    }

    /// Float32's update runs in CKernels, Float64's in Swift: the two follow each other (to
    /// Float32's precision) for both forms of torch.lerp (beta1 0.9 and 0.5), coupled and
    /// decoupled weight decay, over a range of sizes (vector bodies and scalar tails).
    @Test(arguments: [(0.9, 0.0, false), (0.5, 0.0, false), (0.9, 0.01, false), (0.5, 0.01, true), (0.9, 0.01, true)])
    func adamInFloat32FollowsFloat64(beta1: Double, weightDecay: Double, decoupled: Bool) throws {
        var generator = PhiloxGenerator(seed: 90)
        for count in [1, 7, 8, 33, 100_003] {
            let start = try Tensor.uniform([count], low: -1, high: 1, dtype: .float64, generator: &generator)
            let gradients = try (0..<4).map { _ in try Tensor.uniform([count], low: -1, high: 1, dtype: .float64, generator: &generator) }
            func train(_ dtype: DType) throws -> Tensor {
                let p = try start.converted(to: dtype).requiringGrad()
                let adam = Adam(parameters: [p], learningRate: 1e-2, beta1: beta1, beta2: 0.999, weightDecay: weightDecay, decoupled: decoupled)
                for g in gradients {
                    p.grad = try g.converted(to: dtype)
                    try adam.step()
                }
                return p
            }
            let single = try train(.float32), double = try train(.float64)
            let worst = zip(single.doubles, double.doubles).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-5, "\(count) values: largest difference \(worst)")
            #expect(zip(single.doubles, start.doubles).contains { $0 != $1 })
        }
    }

    @Test func clippingAndEMA() throws {
        try Self.run("sgd_clip_grad_norm", makeOptimizer: { try SGD(parameters: $0, learningRate: 0.1) }, beforeStep: { p, step, f in
            let norm = try clipGradientNorm(p, maxNorm: 1)
            let expected = try f.values("norm.\(step)")[0]
            #expect(Swift.abs(norm - expected) <= 1e-5 * expected)
        })
        var ema: ExponentialMovingAverage?
        try Self.run("ema", makeOptimizer: { p in
            ema = try ExponentialMovingAverage(parameters: p, decay: 0.9)
            return try SGD(parameters: p, learningRate: 0.1)
        }, afterStep: { _, step, f in
            ema?.update()
            try f.expectClose(ema?.averages[0], "ema.\(step).p0", tolerance: 1e-5)
            try f.expectClose(ema?.averages[1], "ema.\(step).p1", tolerance: 1e-5)
        })
    }

    @Test func warmupCosineSchedule() throws {
        let f = try PyTorchFixture("optim", "schedule_warmup_cosine")
        let expected = try f.values("lr")
        let schedule = LearningRateSchedule.warmupCosine(startFactor: 0.1, warmupSteps: 5, cosineSteps: 25, minimum: 1e-5)
        for (step, lr) in expected.enumerated() {
            #expect(Swift.abs(schedule.learningRate(base: 1e-3, step: step) - lr) <= 1e-12, "step \(step)")
        }
    }

    /// An optimizer's state round-trips: two more steps after a reload give the same bytes.
    @Test func stateRoundTrip() throws {
        let f = try PyTorchFixture("optim", "adam")
        func fresh() throws -> ([Tensor], Adam) {
            let p = [try f.tensor("p0", requiringGrad: true), try f.tensor("p1", requiringGrad: true)]
            return (p, Adam(parameters: p, learningRate: 1e-3, beta1: 0.5))
        }
        let (p, adam) = try fresh()
        for step in 0..<4 {
            p[0].grad = try f.tensor("g.\(step).p0"); p[1].grad = try f.tensor("g.\(step).p1")
            try adam.step()
            if step == 1 {
                let (q, other) = try fresh()
                try q[0].assign(p[0]); try q[1].assign(p[1])
                try other.loadState(Dictionary(uniqueKeysWithValues: adam.stateTensors()), steps: adam.steps)
                for s in 2..<4 {
                    q[0].grad = try f.tensor("g.\(s).p0"); q[1].grad = try f.tensor("g.\(s).p1")
                    try other.step()
                }
                // Finish the original run and compare below.
                for s in 2..<4 {
                    p[0].grad = try f.tensor("g.\(s).p0"); p[1].grad = try f.tensor("g.\(s).p1")
                    try adam.step()
                }
                #expect(p[0].bitwiseEqual(q[0]) && p[1].bitwiseEqual(q[1]))
                return
            }
        }
    }
}
