import Foundation
import Testing
@testable import NeuralCore

/// Pooling (average, max, adaptive) and upsampling (nearest, bilinear): forward values by
/// hand, gradients against finite differences in Float64 (second order for the linear ops
/// and through max pooling's scatter), and the errors.
struct PoolingGradientTests {
    static func random(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var g = PhiloxGenerator(seed: seed)
        return try Tensor.uniform(shape, low: -1, high: 1, dtype: .float64, generator: &g)
    }

    /// Distinct values in random order (no ties, so max pooling is differentiable there).
    static func distinct(_ shape: [Int], seed: UInt64) throws -> Tensor {
        let count = shape.reduce(1, *)
        var g = PhiloxGenerator(seed: seed)
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(g.nextUInt32()) % (i + 1)) }
        return try Tensor(shape: shape, doubles: order.map { Double($0) / Double(count) - 0.5 }, dtype: .float64)
    }

    // MARK: Average pooling

    @Test func averagePoolingGradients() throws {
        let x = try Self.random([2, 3, 6, 5], seed: 1)
        try GradientCheck.check("avg_pool2d k2 s2", inputs: [x], secondOrder: true) { try $0[0].avgPool2d(kernel: (2, 2)) }
        try GradientCheck.check("avg_pool2d k3 s1 p1", inputs: [x], secondOrder: true) {
            try $0[0].avgPool2d(kernel: (3, 3), stride: (1, 1), padding: (1, 1))
        }
        try GradientCheck.check("avg_pool2d k3 s1 p1 without the padding", inputs: [x], secondOrder: true) {
            try $0[0].avgPool2d(kernel: (3, 3), stride: (1, 1), padding: (1, 1), countIncludePad: false)
        }
        try GradientCheck.check("avg_pool2d k3x2 s2x1 p1x0", inputs: [x], secondOrder: true) {
            try $0[0].avgPool2d(kernel: (3, 2), stride: (2, 1), padding: (1, 0), countIncludePad: false)
        }
        try GradientCheck.check("adaptive_avg_pool2d 6x5 -> 4x3", inputs: [x], secondOrder: true) { try $0[0].adaptiveAvgPool2d(outputSize: (4, 3)) }
        try GradientCheck.check("adaptive_avg_pool2d -> 1x1", inputs: [x], secondOrder: true) { try $0[0].adaptiveAvgPool2d(outputSize: (1, 1)) }
    }

    @Test func averagePoolingValues() throws {
        let x = try Tensor(shape: [1, 1, 4, 4], values: (1...16).map(Float.init))
        #expect(try x.avgPool2d(kernel: (2, 2)).floats == [3.5, 5.5, 11.5, 13.5])
        // Padding 1, stride 2, kernel 2 on 4x4: the corner window holds one value of four.
        let padded = try x.avgPool2d(kernel: (2, 2), stride: (2, 2), padding: (1, 1))
        #expect(padded.shape == [1, 1, 3, 3])
        #expect(padded.floats[0] == 0.25)
        #expect(try x.avgPool2d(kernel: (2, 2), stride: (2, 2), padding: (1, 1), countIncludePad: false).floats[0] == 1)
        #expect(try x.adaptiveAvgPool2d(outputSize: (1, 1)).floats == [8.5])
        // 4 -> 3 windows: 0..<2, 1..<3, 2..<4 along each axis.
        #expect(try x.adaptiveAvgPool2d(outputSize: (3, 3)).floats == [3.5, 4.5, 5.5, 7.5, 8.5, 9.5, 11.5, 12.5, 13.5])
    }

    @Test func adaptiveWindowsFollowPyTorch() {
        let w = PoolingWindows.adaptive(extent: 7, count: 3)
        #expect(w.start == [0, 2, 4])
        #expect(w.end == [3, 5, 7])
        #expect(w.divisor == [3, 3, 3])
        let up = PoolingWindows.adaptive(extent: 2, count: 5)
        #expect(up.start == [0, 0, 0, 1, 1])
        #expect(up.end == [1, 1, 2, 2, 2])
    }

    // MARK: Max pooling

    @Test func maxPoolingGradients() throws {
        let x = try Self.distinct([2, 3, 7, 6], seed: 2)
        try GradientCheck.check("max_pool2d k2 s2", inputs: [x], secondOrder: true) { try $0[0].maxPool2d(kernel: (2, 2)) }
        try GradientCheck.check("max_pool2d k3 s2 p1", inputs: [x], secondOrder: true) {
            try $0[0].maxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1))
        }
        try GradientCheck.check("max_pool2d k3x2 s1x2 p1x1 (overlapping)", inputs: [x], secondOrder: true) {
            try $0[0].maxPool2d(kernel: (3, 2), stride: (1, 2), padding: (1, 1))
        }
        try GradientCheck.check("adaptive_max_pool2d 7x6 -> 3x4", inputs: [x], secondOrder: true) { try $0[0].adaptiveMaxPool2d(outputSize: (3, 4)) }
    }

    /// A gradient penalty through max pooling: d/dx of sum(w maxpool(conv(x))²), differentiated
    /// again (max pooling's backward scatter and its gather are both recorded).
    @Test func inputGradientThroughMaxPooling() throws {
        let x = try Self.distinct([1, 2, 6, 6], seed: 3), w = try Self.random([2, 2, 3, 3], seed: 4)
        let seed = try Self.random([1, 2, 2, 2], seed: 5)
        try GradientCheck.check("max pooling penalty", inputs: [x, w]) { xs in
            try GradMode.withGradients {
                let y = try xs[0].conv2d(weight: xs[1], padding: (1, 1)).maxPool2d(kernel: (3, 3))
                let score = try (y.squared() * seed).sum()
                return try Tensor.gradients(of: [score], with: [xs[0]], createGraph: true)[0]
            }
        }
    }

    @Test func maxPoolingValuesTiesAndNaN() throws {
        let x = try Tensor(shape: [1, 1, 4, 4], values: (1...16).map(Float.init))
        #expect(try x.maxPool2d(kernel: (2, 2)).floats == [6, 8, 14, 16])
        // The padding never wins, even against negative values.
        let negative = try Tensor(shape: [1, 1, 2, 2], values: [-4, -3, -2, -1])
        #expect(try negative.maxPool2d(kernel: (2, 2), stride: (1, 1), padding: (1, 1)).floats == [-4, -3, -3, -2, -1, -1, -2, -1, -1])
        // Ties: the gradient goes to the first maximum of each window.
        let flat = try Tensor(zeros: [1, 1, 2, 4]).requiringGrad()
        try flat.maxPool2d(kernel: (2, 2)).sum().backward()
        #expect(flat.grad?.floats == [1, 0, 1, 0, 0, 0, 0, 0])
        // Overlapping windows sharing a maximum add their gradients there.
        let peak = try Tensor(shape: [1, 1, 3, 3], values: [0, 0, 0, 0, 9, 0, 0, 0, 0]).requiringGrad()
        try peak.maxPool2d(kernel: (2, 2), stride: (1, 1)).sum().backward()
        #expect(peak.grad?.floats == [0, 0, 0, 0, 4, 0, 0, 0, 0])
        // A NaN is the maximum of its window.
        let withNaN = try Tensor(shape: [1, 1, 2, 2], values: [1, .nan, 3, 2])
        #expect(try withNaN.maxPool2d(kernel: (2, 2)).floats[0].isNaN)
        #expect(try x.adaptiveMaxPool2d(outputSize: (3, 3)).floats == [6, 7, 8, 10, 11, 12, 14, 15, 16])
    }

    // MARK: Upsampling

    @Test func upsamplingGradients() throws {
        let x = try Self.random([2, 3, 4, 3], seed: 6)
        try GradientCheck.check("upsample_nearest x2", inputs: [x], secondOrder: true) { try $0[0].upsampleNearest(scale: (2, 2)) }
        try GradientCheck.check("upsample_nearest 3x1", inputs: [x], secondOrder: true) { try $0[0].upsampleNearest(scale: (3, 1)) }
        for alignCorners in [false, true] {
            try GradientCheck.check("upsample_bilinear x2 alignCorners \(alignCorners)", inputs: [x], secondOrder: true) {
                try $0[0].upsampleBilinear(scale: (2, 2), alignCorners: alignCorners)
            }
            try GradientCheck.check("upsample_bilinear 3x2 alignCorners \(alignCorners)", inputs: [x], secondOrder: true) {
                try $0[0].upsampleBilinear(scale: (3, 2), alignCorners: alignCorners)
            }
        }
    }

    @Test func upsamplingValues() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        let nearest = try x.upsampleNearest(scale: (2, 3))
        #expect(nearest.shape == [1, 1, 4, 6])
        #expect(nearest.floats == [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4])
        let row = try Tensor(shape: [1, 1, 1, 2], doubles: [0, 1], dtype: .float64)
        // Half-pixel centres: (o + 0.5) / 2 - 0.5 = -0.25 (clamped), 0.25, 0.75, 1.25 (edge).
        #expect(try row.upsampleBilinear(scale: (1, 2)).doubles == [0, 0.25, 0.75, 1])
        // Corners aligned: o (2 - 1) / (4 - 1).
        let aligned = try row.upsampleBilinear(scale: (1, 2), alignCorners: true).doubles
        #expect(zip(aligned, [0, 1.0 / 3, 2.0 / 3, 1]).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
        // Scale 1 is the identity.
        #expect(try x.upsampleBilinear(scale: (1, 1)).floats == x.floats)
    }

    // MARK: Errors

    static func expectError(_ kind: String, naming names: [String], _ body: () throws -> Tensor) {
        ConvolutionGradientTests.expectError(kind, naming: names, body)
    }

    @Test func errorsNameTheOpAndTheShape() throws {
        let x = try Tensor(zeros: [1, 2, 5, 4])
        Self.expectError("shape", naming: ["avg_pool2d", "[2, 5, 4]"]) { try Tensor(zeros: [2, 5, 4]).avgPool2d(kernel: (2, 2)) }
        Self.expectError("argument", naming: ["avg_pool2d", "kernel"]) { try x.avgPool2d(kernel: (0, 2)) }
        Self.expectError("argument", naming: ["avg_pool2d", "padding"]) { try x.avgPool2d(kernel: (2, 2), padding: (2, 0)) }
        Self.expectError("argument", naming: ["max_pool2d", "stride"]) { try x.maxPool2d(kernel: (2, 2), stride: (1, 0)) }
        Self.expectError("shape", naming: ["max_pool2d", "[1, 2, 5, 4]", "0 x"]) { try x.maxPool2d(kernel: (6, 2)) }
        Self.expectError("argument", naming: ["adaptive_avg_pool2d", "output size"]) { try x.adaptiveAvgPool2d(outputSize: (0, 1)) }
        Self.expectError("shape", naming: ["adaptive_max_pool2d", "[1, 2, 0, 4]"]) { try Tensor(zeros: [1, 2, 0, 4]).adaptiveMaxPool2d(outputSize: (1, 1)) }
        Self.expectError("argument", naming: ["upsample_nearest", "scale"]) { try x.upsampleNearest(scale: (0, 2)) }
        Self.expectError("shape", naming: ["upsample_bilinear", "[5, 4]"]) { try Tensor(zeros: [5, 4]).upsampleBilinear(scale: (2, 2)) }
    }
}
