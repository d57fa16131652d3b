import Foundation
import Testing
@testable import NeuralCore

/// Forward values and gradients (first and second order, against finite differences in
/// Float64) of the element-wise ops, reductions and shape ops.
struct ElementwiseGradientTests {
    static func random(_ shape: [Int], seed: UInt64, low: Double = -1, high: Double = 1) throws -> Tensor {
        try random(shape, seed, low, high)
    }

    static func random(_ shape: [Int], _ seed: UInt64, _ low: Double, _ high: Double) throws -> Tensor {
        var g = PhiloxGenerator(seed: seed)
        return try Tensor.uniform(shape, low: low, high: high, dtype: .float64, generator: &g)
    }

    @Test func broadcastingArithmetic() throws {
        let a = try Self.random([2, 3, 4], seed: 1), b = try Self.random([3, 1], seed: 2)
        let c = try Self.random([4], seed: 3, low: 0.5, high: 2)
        try GradientCheck.check("add", inputs: [a, b], secondOrder: true) { try $0[0] + $0[1] }
        try GradientCheck.check("subtract", inputs: [a, b], secondOrder: true) { try $0[0] - $0[1] }
        try GradientCheck.check("multiply", inputs: [a, b], secondOrder: true) { try $0[0] * $0[1] }
        try GradientCheck.check("divide", inputs: [a, c], secondOrder: true) { try $0[0] / $0[1] }
        try GradientCheck.check("affine", inputs: [a], secondOrder: true) { try $0[0] * 3 - 1 }
        let y = try Tensor(shape: [2, 1], values: [1, 2]) + Tensor(shape: [3], values: [10, 20, 30])
        #expect(y.shape == [2, 3])
        #expect(y.floats == [11, 21, 31, 12, 22, 32])
    }

    @Test func mismatchedShapesNameTheOpAndBothShapes() throws {
        let a = try Tensor(zeros: [2, 3]), b = try Tensor(zeros: [4])
        #expect(throws: TensorError.self) { try a + b }
        do {
            _ = try a * b
        } catch let error as TensorError {
            #expect(error.description.contains("multiply"))
            #expect(error.description.contains("[2, 3]") && error.description.contains("[4]"))
        }
    }

    @Test(arguments: ["relu", "leaky_relu", "tanh", "sigmoid", "silu", "gelu", "gelu_tanh", "exp", "log", "square", "sqrt", "abs", "softplus"])
    func pointwiseFunctions(name: String) throws {
        // Values away from kinks (relu, leaky_relu, abs at 0).
        var x = try Self.random([3, 5], seed: 11, low: 0.1, high: 1.5)
        if !["log", "sqrt"].contains(name) {
            let signs = try Tensor(shape: [3, 5], doubles: (0..<15).map { $0 % 3 == 0 ? -1 : 1 }, dtype: .float64)
            x = try x * signs
        }
        let f: (Tensor) throws -> Tensor = switch name {
        case "relu": { try $0.relu() }
        case "leaky_relu": { try $0.leakyReLU(slope: 0.2) }
        case "tanh": { try $0.tanh() }
        case "sigmoid": { try $0.sigmoid() }
        case "silu": { try $0.silu() }
        case "gelu": { try $0.gelu() }
        case "gelu_tanh": { try $0.gelu(approximate: .tanh) }
        case "exp": { try $0.exp() }
        case "log": { try $0.log() }
        case "square": { try $0.squared() }
        case "sqrt": { try $0.squareRoot() }
        case "abs": { try $0.abs() }
        default: { try $0.softplus() }
        }
        try GradientCheck.check(name, inputs: [x], secondOrder: true) { try f($0[0]) }
    }

    @Test func reductions() throws {
        let a = try Self.random([2, 3, 4], seed: 5)
        try GradientCheck.check("sum", inputs: [a], secondOrder: true) { try $0[0].sum(axes: [0, 2]) }
        try GradientCheck.check("sum keepdims", inputs: [a], secondOrder: true) { try $0[0].sum(axes: [1], keepingDims: true) }
        try GradientCheck.check("mean", inputs: [a], secondOrder: true) { try $0[0].mean(axes: [-1]) }
        try GradientCheck.check("expand", inputs: [try Self.random([3, 1], seed: 6)], secondOrder: true) { try $0[0].expanded(to: [2, 3, 4]) }
        let t = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(try t.sum(axes: [0]).floats == [5, 7, 9])
        #expect(try t.sum(axes: [1]).floats == [6, 15])
        #expect(try t.mean().item() == 3.5)
    }

    @Test func matmulAndLinear() throws {
        let a = try Self.random([3, 4], seed: 7), b = try Self.random([4, 5], seed: 8)
        try GradientCheck.check("matmul", inputs: [a, b], secondOrder: true) { try $0[0].matmul($0[1]) }
        let at = try Self.random([4, 3], seed: 9), bt = try Self.random([5, 4], seed: 10)
        try GradientCheck.check("matmul transposed", inputs: [at, bt], secondOrder: true) {
            try $0[0].matmul($0[1], transposeSelf: true, transposeOther: true)
        }
        let ba = try Self.random([2, 3, 4], seed: 12), bb = try Self.random([2, 4, 5], seed: 13)
        try GradientCheck.check("batched matmul", inputs: [ba, bb], secondOrder: true) { try $0[0].matmul($0[1]) }
        try GradientCheck.check("batched times shared", inputs: [ba, b]) { try $0[0].matmul($0[1]) }
        try GradientCheck.check("batched transposed times shared", inputs: [try Self.random([2, 4, 3], seed: 14), bt]) {
            try $0[0].matmul($0[1], transposeSelf: true, transposeOther: true)
        }
        let w = try Self.random([5, 4], seed: 15), bias = try Self.random([5], seed: 16)
        try GradientCheck.check("linear", inputs: [a, w, bias], secondOrder: true) { try $0[0].linear(weight: $0[1], bias: $0[2]) }
        let m = try Tensor(shape: [2, 2], values: [1, 2, 3, 4]).matmul(try Tensor(shape: [2, 1], values: [5, 6]))
        #expect(m.floats == [17, 39])
    }

    @Test func shapeOps() throws {
        let a = try Self.random([2, 3, 4], seed: 17)
        try GradientCheck.check("reshape", inputs: [a], secondOrder: true) { try $0[0].reshaped([4, -1]) }
        try GradientCheck.check("permute", inputs: [a], secondOrder: true) { try $0[0].permuted([2, 0, 1]) }
        try GradientCheck.check("narrow", inputs: [a], secondOrder: true) { try $0[0].narrowed(from: 1, length: 1) }
        try GradientCheck.check("slice", inputs: [a], secondOrder: true) { try $0[0].slice(axis: 2, start: 1, length: 2) }
        let b = try Self.random([2, 2, 4], seed: 18)
        try GradientCheck.check("cat", inputs: [a, b], secondOrder: true) { try Tensor.concatenate([$0[0], $0[1]], axis: 1) }
        try GradientCheck.check("split", inputs: [a], secondOrder: true) {
            let parts = try $0[0].split(sizes: [1, 2], axis: 1)
            return try parts[0] * 2 + parts[1].sum(axes: [1], keepingDims: true)
        }
        let p = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).permuted([1, 0])
        #expect(p.shape == [3, 2] && p.floats == [1, 4, 2, 5, 3, 6])
        #expect(throws: TensorError.self) { try a.reshaped([5, -1]) }
    }

    @Test func conversionIsDifferentiable() throws {
        let a = try Tensor(shape: [3], values: [1, 2, 3]).requiringGrad()
        let y = try (a.converted(to: .float64) * 2).sum()
        try y.backward()
        #expect(a.grad?.dtype == .float32)
        #expect(a.grad?.floats == [2, 2, 2])
    }
}
