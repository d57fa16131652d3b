import Foundation
import Testing
@testable import NeuralCore

/// Every op's forward output and gradients against PyTorch 2.13 (Fixtures/neural/ops, made by
/// Tests/Reference/neural_core.py), within 1e-4 relative to the tensor's largest value.
struct PyTorchParityTests {
    /// Runs `forward` on the fixture's inputs (x0, x1, ... as Float32 leaves, integer inputs
    /// excluded) and parameters, then compares y and, with the upstream gradient gy, every gx
    /// and gp.
    static func check(_ name: String, integerInputs: Set<Int> = [], sourceLocation: SourceLocation = #_sourceLocation,
                      _ forward: (_ x: [Tensor], _ p: [String: Tensor], _ f: PyTorchFixture) throws -> Tensor) throws {
        let f = try PyTorchFixture("ops", name)
        var inputs: [Tensor] = []
        var i = 0
        while f.has("x\(i)") {
            // Integer inputs (class indices) are read by the case itself.
            inputs.append(integerInputs.contains(i) ? try Tensor(zeros: [0]) : try f.tensor("x\(i)", requiringGrad: true))
            i += 1
        }
        var parameters: [String: Tensor] = [:]
        for key in f.file.names where key.hasPrefix("p.") {
            parameters[String(key.dropFirst(2))] = try f.tensor(key, requiringGrad: true)
        }
        let y = try forward(inputs, parameters, f)
        try f.expectClose(y, "y", sourceLocation: sourceLocation)
        guard f.has("gy") else { return }
        try y.backward(gradient: f.tensor("gy"))
        for (index, x) in inputs.enumerated() where f.has("gx\(index)") {
            try f.expectClose(x.grad, "gx\(index)", sourceLocation: sourceLocation)
        }
        for (key, p) in parameters where f.has("gp.\(key)") {
            // A parameter the output does not reach has no gradient; PyTorch stores zeros for it.
            if p.grad == nil, try f.values("gp.\(key)").allSatisfy({ $0 == 0 }) { continue }
            try f.expectClose(p.grad, "gp.\(key)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ["relu", "leaky_relu", "silu", "gelu", "gelu_tanh", "tanh", "sigmoid"])
    func activations(name: String) throws {
        try Self.check(name) { x, _, _ in
            switch name {
            case "relu": return try x[0].relu()
            case "leaky_relu": return try x[0].leakyReLU(slope: 0.2)
            case "silu": return try x[0].silu()
            case "gelu": return try x[0].gelu()
            case "gelu_tanh": return try x[0].gelu(approximate: .tanh)
            case "tanh": return try x[0].tanh()
            default: return try x[0].sigmoid()
            }
        }
    }

    @Test func arithmeticAndShapes() throws {
        try Self.check("add") { x, _, _ in try x[0] + x[1] }
        try Self.check("mul") { x, _, _ in try x[0] * x[1] }
        try Self.check("sum") { x, _, _ in try x[0].sum(axes: [1, 3]) }
        try Self.check("mean") { x, _, _ in try x[0].mean() }
        try Self.check("reshape") { x, _, _ in try x[0].reshaped([6, 20]) }
        try Self.check("permute") { x, _, _ in try x[0].permuted([0, 2, 3, 1]) }
        try Self.check("cat") { x, _, _ in try Tensor.concatenate(x, axis: 1) }
        try Self.check("linear") { x, p, _ in try x[0].linear(weight: p["weight"]!, bias: p["bias"]) }
        try Self.check("matmul_batched") { x, _, _ in try x[0].matmul(x[1]) }
        try Self.check("softmax") { x, _, _ in try x[0].softmax(axis: 1) }
        try Self.check("log_softmax") { x, _, _ in try x[0].logSoftmax(axis: -1) }
    }

    @Test func split() throws {
        let f = try PyTorchFixture("ops", "split")
        let x = try f.tensor("x0", requiringGrad: true)
        let parts = try x.split(sizes: [2, 3], axis: 1)
        try f.expectClose(parts[0], "y0")
        try f.expectClose(parts[1], "y1")
        let total = try (parts[0] * f.tensor("gy0")).sum() + (parts[1] * f.tensor("gy1")).sum()
        try total.backward()
        try f.expectClose(x.grad, "gx0")
    }

    @Test func normalization() throws {
        for name in ["batch_norm2d_train", "batch_norm2d_eval", "batch_norm1d_train"] {
            let f = try PyTorchFixture("ops", name)
            let rm = try f.tensor("b.running_mean"), rv = try f.tensor("b.running_var")
            let training = (f.arguments["training"] as? Bool) ?? true
            try Self.check(name) { x, p, _ in
                try x[0].batchNorm(weight: p["weight"], bias: p["bias"], runningMean: rm, runningVariance: rv,
                                   training: training, momentum: 0.1, epsilon: 1e-5)
            }
            try f.expectClose(rm, "b.running_mean.after")
            try f.expectClose(rv, "b.running_var.after")
        }
        try Self.check("group_norm") { x, p, _ in try x[0].groupNorm(groups: 2, weight: p["weight"], bias: p["bias"]) }
        try Self.check("layer_norm") { x, p, _ in try x[0].layerNorm(normalizedShape: [4, 5], weight: p["weight"], bias: p["bias"]) }
    }

    @Test func losses() throws {
        try Self.check("bce_with_logits") { x, _, _ in try x[0].binaryCrossEntropyWithLogits(x[1]) }
        try Self.check("mse_loss") { x, _, _ in try x[0].meanSquaredError(x[1]) }
        try Self.check("l1_loss") { x, _, _ in try x[0].meanAbsoluteError(x[1]) }
        for (name, smoothing) in [("cross_entropy", 0.0), ("cross_entropy_smoothing", 0.1)] {
            try Self.check(name, integerInputs: [1]) { x, _, f in
                try x[0].crossEntropy(classes: try f.file.int64s("x1").map { Int($0) }, labelSmoothing: smoothing)
            }
        }
    }

    @Test func attentionAndEmbedding() throws {
        try Self.check("sdpa") { x, _, _ in try Tensor.scaledDotProductAttention(query: x[0], key: x[1], value: x[2]) }
        try Self.check("sdpa_causal") { x, _, _ in try Tensor.scaledDotProductAttention(query: x[0], key: x[1], value: x[2], causal: true) }
        let f = try PyTorchFixture("ops", "sinusoidal_embedding")
        let e = try Tensor.sinusoidalEmbedding(timesteps: try f.values("x0"), dimension: 32)
        try f.expectClose(e, "y")
    }
    /// A pair argument of the fixture (e.g. "stride": [2, 1]).
    static func pair(_ f: PyTorchFixture, _ key: String) -> (Int, Int) {
        let v = (f.arguments[key] as? [Int]) ?? [1, 1]
        return (v[0], v[1])
    }

    @Test(arguments: ["conv2d_k3s1p1", "conv2d_k4s2p1", "conv2d_dilation2", "conv2d_groups2", "conv2d_k3x2_s2x1", "conv2d_1x1"])
    func convolution(name: String) throws {
        try Self.check(name) { x, p, f in
            try x[0].conv2d(weight: p["weight"]!, bias: p["bias"], stride: Self.pair(f, "stride"), padding: Self.pair(f, "padding"),
                            dilation: Self.pair(f, "dilation"), groups: f.arguments["groups"] as? Int ?? 1)
        }
    }

    @Test(arguments: ["conv_transpose2d_k4s1p0_1x1", "conv_transpose2d_k4s2p1", "conv_transpose2d_output_padding1",
                      "conv_transpose2d_groups2", "conv_transpose2d_dilation2"])
    func transposedConvolution(name: String) throws {
        try Self.check(name) { x, p, f in
            try x[0].convTranspose2d(weight: p["weight"]!, bias: p["bias"], stride: Self.pair(f, "stride"),
                                     padding: Self.pair(f, "padding"), outputPadding: Self.pair(f, "output_padding"),
                                     dilation: Self.pair(f, "dilation"), groups: f.arguments["groups"] as? Int ?? 1)
        }
    }

    @Test func pooling() throws {
        for name in ["avg_pool2d_k2s2", "avg_pool2d_k3s1p1"] {
            try Self.check(name) { x, _, f in
                try x[0].avgPool2d(kernel: Self.pair(f, "kernel_size"), stride: Self.pair(f, "stride"), padding: Self.pair(f, "padding"),
                                   countIncludePad: f.arguments["count_include_pad"] as? Bool ?? true)
            }
        }
        for name in ["max_pool2d_k2s2", "max_pool2d_k3s2p1"] {
            try Self.check(name) { x, _, f in
                try x[0].maxPool2d(kernel: Self.pair(f, "kernel_size"), stride: Self.pair(f, "stride"), padding: Self.pair(f, "padding"))
            }
        }
        for name in ["adaptive_avg_pool2d_3x3", "adaptive_avg_pool2d_1x1"] {
            try Self.check(name) { x, _, f in try x[0].adaptiveAvgPool2d(outputSize: Self.pair(f, "output_size")) }
        }
        try Self.check("adaptive_max_pool2d_3x3") { x, _, f in try x[0].adaptiveMaxPool2d(outputSize: Self.pair(f, "output_size")) }
    }

    @Test func upsampling() throws {
        try Self.check("upsample_nearest") { x, _, _ in try x[0].upsampleNearest(scale: (2, 2)) }
        try Self.check("upsample_bilinear") { x, _, _ in try x[0].upsampleBilinear(scale: (2, 2)) }
        try Self.check("upsample_bilinear_align_corners") { x, _, _ in try x[0].upsampleBilinear(scale: (2, 2), alignCorners: true) }
    }

    /// WGAN-GP's penalty: the critic's input gradient (createGraph) differentiated again, with
    /// respect to the critic's weights and the inputs.
    @Test func gradientPenalty() throws {
        try Self.check("gradient_penalty") { x, p, _ in
            let interpolated = try x[2] * x[0] + (1 - x[2]) * x[1]
            let critic = { (input: Tensor) throws -> Tensor in
                let h = try input.conv2d(weight: p["0.weight"]!, bias: p["0.bias"], stride: (2, 2), padding: (1, 1)).leakyReLU(slope: 0.2)
                return try h.conv2d(weight: p["2.weight"]!, bias: p["2.bias"])
            }
            let out = try critic(interpolated).sum()
            let g = try Tensor.gradients(of: [out], with: [interpolated], createGraph: true)[0]
            let norms = try g.reshaped([3, -1]).squared().sum(axes: [1]).squareRoot()
            return try (norms - 1).squared().mean()
        }
    }
}
