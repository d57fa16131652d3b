import Foundation
import Testing
@testable import NeuralCore

/// Batch, group and layer normalisation: gradients (first and second order) against finite
/// differences, running statistics, and the fused backward against the composed one.
struct NormalizationGradientTests {
    func random(_ shape: [Int], _ seed: UInt64, _ low: Double, _ high: Double) throws -> Tensor {
        try ElementwiseGradientTests.random(shape, seed, low, high)
    }

    @Test func batchNormTraining() throws {
        let x = try random([3, 4, 2, 3], 21, -1, 1), w = try random([4], 22, 0.5, 1.5), b = try random([4], 23, -1, 1)
        try GradientCheck.check("batch_norm train", inputs: [x, w, b], secondOrder: true) {
            try $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: nil, runningVariance: nil, training: true)
        }
        try GradientCheck.check("batch_norm 1d, no affine", inputs: [try random([6, 5], 24, -2, 2)], secondOrder: true) {
            try $0[0].batchNorm(weight: nil, bias: nil, runningMean: nil, runningVariance: nil, training: true)
        }
    }

    /// Batch norm with a fused ReLU or LeakyReLU: finite differences to second order, the same
    /// values and gradients as the two ops run one after the other (Float32), the same running
    /// statistics, and Sequential fusing a BatchNorm followed by an Activation.
    @Test(arguments: [FusedActivation.relu, .leakyReLU(slope: 0.2)])
    func batchNormWithFusedActivation(activation: FusedActivation) throws {
        // Inputs away from the kink: the finite differences must not straddle it.
        let x = try random([3, 4, 2, 3], 41, -1, 1), w = try random([4], 42, 0.5, 1.5), b = try random([4], 43, 0.3, 0.6)
        try GradientCheck.check("batch_norm_\(activation.name)", inputs: [x, w, b], secondOrder: true) {
            try $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: nil, runningVariance: nil, training: true, activation: activation)
        }
        let apply = { (t: Tensor) throws -> Tensor in
            switch activation {
            case .relu: return try t.relu()
            case let .leakyReLU(slope): return try t.leakyReLU(slope: slope)
            }
        }
        for training in [true, false] {
            let xf = try x.converted(to: .float32).requiringGrad(), wf = try w.converted(to: .float32).requiringGrad()
            let bf = try b.converted(to: .float32).requiringGrad(), gy = try random([3, 4, 2, 3], 44, -1, 1).converted(to: .float32)
            let rm1 = try Tensor(zeros: [4]), rv1 = try Tensor(repeating: 1, shape: [4]), rm2 = rm1.copy(), rv2 = rv1.copy()
            let fused = try xf.batchNorm(weight: wf, bias: bf, runningMean: rm1, runningVariance: rv1, training: training, activation: activation)
            let composed = try apply(xf.batchNorm(weight: wf, bias: bf, runningMean: rm2, runningVariance: rv2, training: training))
            #expect(fused.bitwiseEqual(composed), "\(activation) training \(training): values")
            #expect(rm1.bitwiseEqual(rm2) && rv1.bitwiseEqual(rv2))
            let g1 = try Tensor.gradients(of: [fused], with: [xf, wf, bf], seeds: [gy])
            let g2 = try Tensor.gradients(of: [composed], with: [xf, wf, bf], seeds: [gy])
            for (a, c) in zip(g1, g2) {
                let worst = zip(a.doubles, c.doubles).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-6 * max(1, c.doubles.map(abs).max() ?? 0), "\(activation) training \(training): gradients differ by \(worst)")
            }
        }
        // Rows long enough for the vectorised loops: the fused backward takes the gradient through
        // the activation row by row, with the same values as the separate activation op.
        let xl = try random([2, 3, 5, 7], 45, -1, 1).converted(to: .float32).requiringGrad()
        let gl = try random([2, 3, 5, 7], 46, -1, 1).converted(to: .float32)
        let fusedLong = try xl.batchNorm(weight: nil, bias: nil, runningMean: nil, runningVariance: nil, training: true, activation: activation)
        let composedLong = try apply(xl.batchNorm(weight: nil, bias: nil, runningMean: nil, runningVariance: nil, training: true))
        let fusedGradient = try Tensor.gradients(of: [fusedLong], with: [xl], seeds: [gl])[0]
        #expect(fusedGradient.bitwiseEqual(try Tensor.gradients(of: [composedLong], with: [xl], seeds: [gl])[0]), "\(activation): long rows")
        // Sequential runs a BatchNorm followed by a ReLU/LeakyReLU as the fused op.
        let kind: Activation.Kind = activation == .relu ? .relu : .leakyReLU(slope: activation.slope)
        let norm = try BatchNorm(channels: 4), model = Sequential([norm, Activation(kind)])
        let xf = try x.converted(to: .float32)
        let y = try model(xf)
        #expect(y.gradOp == "batch_norm_\(activation.name)")
        #expect(norm.batchesTracked.value == 1)
        #expect(y.bitwiseEqual(try apply(BatchNorm(channels: 4)(xf))))
        #expect(throws: TensorError.self) {
            try xf.batchNorm(weight: nil, bias: nil, runningMean: nil, runningVariance: nil, training: true, activation: .leakyReLU(slope: -0.1))
        }
    }

    @Test func batchNormRunningStatisticsAndEvaluation() throws {
        let x = try Tensor(shape: [2, 1, 2], values: [1, 2, 3, 6])  // mean 3, biased var 3.5, unbiased 14/3
        let rm = try Tensor(zeros: [1]), rv = try Tensor(repeating: 1, shape: [1])
        let y = try x.batchNorm(weight: nil, bias: nil, runningMean: rm, runningVariance: rv, training: true, momentum: 0.1)
        #expect(abs(rm.doubles[0] - 0.3) < 1e-6)
        #expect(abs(rv.doubles[0] - (0.9 + 0.1 * 14.0 / 3)) < 1e-6)
        #expect(abs(y.doubles[0] - (1 - 3) / (3.5 + 1e-5).squareRoot()) < 1e-6)
        let w = try random([3], 25, 0.5, 1.5), b = try random([3], 26, -1, 1)
        let m = try random([3], 27, -1, 1), v = try random([3], 28, 0.5, 2)
        try GradientCheck.check("batch_norm eval", inputs: [try random([2, 3, 4], 29, -1, 1), w, b], secondOrder: true) {
            try $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: m, runningVariance: v, training: false)
        }
    }

    /// Inference (nothing to record) takes one fused pass; it gives the same values as the
    /// recorded ops, with and without the activation, in both types.
    @Test(arguments: [DType.float32, .float64])
    func batchNormEvaluationWithoutGradients(dtype: DType) throws {
        let x = try random([3, 4, 5, 2], 36, -2, 2).converted(to: dtype)
        let w = try random([4], 37, 0.5, 1.5).converted(to: dtype), b = try random([4], 38, -1, 1).converted(to: dtype)
        let m = try random([4], 39, -1, 1).converted(to: dtype), v = try random([4], 40, 0.5, 2).converted(to: dtype)
        for activation in [nil, FusedActivation.relu, .leakyReLU(slope: 0.2)] {
            func normalize(_ x: Tensor, _ w: Tensor?, _ b: Tensor?) throws -> Tensor {
                try x.batchNorm(weight: w, bias: b, runningMean: m, runningVariance: v, training: false, activation: activation)
            }
            let recorded = try normalize(x.requiringGrad(), w, b), fused = try normalize(x, w, b)
            let noGrad = try GradMode.withoutGradients { try normalize(x.requiringGrad(), w, b) }
            #expect(fused.bitwiseEqual(noGrad))
            let worst = zip(recorded.doubles, fused.doubles).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(worst <= (dtype == .float32 ? 1e-6 : 1e-14), "\(String(describing: activation)): largest difference \(worst)")
            if activation != nil { #expect(fused.doubles.allSatisfy { $0 >= 0 } == (activation == .relu)) }
            // Without weight and bias.
            let plain = try normalize(x, nil, nil), plainRecorded = try normalize(x.requiringGrad(), nil, nil)
            #expect(zip(plain.doubles, plainRecorded.doubles).allSatisfy { Swift.abs($0 - $1) <= 1e-6 })
        }
    }

    @Test func groupAndLayerNorm() throws {
        let x = try random([2, 4, 3, 2], 31, -1, 1), w = try random([4], 32, 0.5, 1.5), b = try random([4], 33, -1, 1)
        try GradientCheck.check("group_norm", inputs: [x, w, b], secondOrder: true) { try $0[0].groupNorm(groups: 2, weight: $0[1], bias: $0[2]) }
        let lw = try random([3, 2], 34, 0.5, 1.5), lb = try random([3, 2], 35, -1, 1)
        try GradientCheck.check("layer_norm", inputs: [x, lw, lb], secondOrder: true) {
            try $0[0].layerNorm(normalizedShape: [3, 2], weight: $0[1], bias: $0[2])
        }
        #expect(throws: TensorError.self) { try x.groupNorm(groups: 3, weight: nil, bias: nil) }
    }
}

/// Softmax, losses, attention, embedding, dropout.
struct LossAndAttentionGradientTests {
    func random(_ shape: [Int], _ seed: UInt64, _ low: Double, _ high: Double) throws -> Tensor {
        try ElementwiseGradientTests.random(shape, seed, low, high)
    }

    @Test func softmaxes() throws {
        let x = try random([2, 5, 3], 41, -2, 2)
        try GradientCheck.check("softmax", inputs: [x], secondOrder: true) { try $0[0].softmax(axis: 1) }
        try GradientCheck.check("log_softmax", inputs: [x], secondOrder: true) { try $0[0].logSoftmax(axis: -1) }
        let s = try Tensor(shape: [1, 3], values: [1000, 1001, 1002]).softmax()
        #expect(s.allFinite && abs(s.doubles.reduce(0, +) - 1) < 1e-6)
    }

    @Test func losses() throws {
        let x = try random([4, 3], 42, -3, 3), t = try random([4, 3], 43, 0, 1)
        try GradientCheck.check("bce with logits", inputs: [x, t], secondOrder: true) { try $0[0].binaryCrossEntropyWithLogits($0[1]) }
        try GradientCheck.check("mse", inputs: [x, t], secondOrder: true) { try $0[0].meanSquaredError($0[1]) }
        try GradientCheck.check("l1", inputs: [x, t]) { try $0[0].meanAbsoluteError($0[1]) }
        try GradientCheck.check("cross entropy", inputs: [x], secondOrder: true) { try $0[0].crossEntropy(classes: [0, 2, 1, 2], labelSmoothing: 0.1) }
        // Large logits stay finite.
        let big = try Tensor(shape: [2], values: [200, -200])
        #expect(try big.binaryCrossEntropyWithLogits(Tensor(shape: [2], values: [1, 0])).item() < 1e-30 + 1e-6)
        #expect(throws: TensorError.self) { try x.crossEntropy(classes: [0, 3, 1, 2]) }
    }

    @Test func attention() throws {
        let q = try random([1, 2, 4, 3], 44, -1, 1), k = try random([1, 2, 5, 3], 45, -1, 1), v = try random([1, 2, 5, 3], 46, -1, 1)
        try GradientCheck.check("attention", inputs: [q, k, v], secondOrder: true) {
            try Tensor.scaledDotProductAttention(query: $0[0], key: $0[1], value: $0[2])
        }
        let kc = try random([1, 2, 4, 3], 47, -1, 1), vc = try random([1, 2, 4, 3], 48, -1, 1)
        try GradientCheck.check("causal attention", inputs: [q, kc, vc]) {
            try Tensor.scaledDotProductAttention(query: $0[0], key: $0[1], value: $0[2], causal: true)
        }
    }

    @Test func embeddingAndDropout() throws {
        let e = try Tensor.sinusoidalEmbedding(timesteps: [0, 1], dimension: 4)
        #expect(e.shape == [2, 4])
        #expect(e.floats[0...3] == [0, 0, 1, 1])
        var g = PhiloxGenerator(seed: 5)
        let ones = try Tensor(repeating: 1, shape: [10000])
        let d = try ones.dropout(probability: 0.25, generator: &g).doubles
        let zeros = d.filter { $0 == 0 }.count
        #expect(abs(Double(zeros) / 10000 - 0.25) < 0.02)
        #expect(d.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })
    }
}
