import Foundation
import Testing
@testable import NeuralCore

/// Gradients against central finite differences, in Float64 (like PyTorch's gradcheck).
enum GradientCheck {
    /// Checks d sum(f(x) * w) / dx for every input against finite differences (w fixed random),
    /// and, with `secondOrder`, the gradient of sum(grad * v) (double backward) against finite
    /// differences of the first gradient. Inputs are converted to Float64 leaves.
    static func check(_ name: String, inputs: [Tensor], secondOrder: Bool = false, eps: Double = 1e-6,
                      tolerance: Double = 1e-6, sourceLocation: SourceLocation = #_sourceLocation,
                      _ f: ([Tensor]) throws -> Tensor) throws {
        let x = try inputs.map { try $0.converted(to: .float64).requiringGrad() }
        var generator = PhiloxGenerator(seed: 99)
        let y0 = try f(x)
        let w = try Tensor.uniform(y0.shape, low: -1, high: 1, dtype: .float64, generator: &generator)
        func objective(_ xs: [Tensor]) throws -> Double {
            try GradMode.withoutGradients { try (f(xs) * w).sum().item() }
        }
        let analytic = try Tensor.gradients(of: [y0], with: x, seeds: [w], allowUnused: true)
        for (i, input) in x.enumerated() {
            let numeric = try finiteDifferences(x, index: i, eps: eps) { try objective($0) }
            let got = analytic[i].doubles
            compare(got, numeric, tolerance: tolerance, "\(name): d/d input \(i) of shape \(input.shape)", sourceLocation)
        }
        guard secondOrder else { return }
        // h(x) = sum_i sum(grad_i(x) * v_i): its gradient by double backward vs finite differences.
        let v = try x.map { try Tensor.uniform($0.shape, low: -1, high: 1, dtype: .float64, generator: &generator) }
        func h(_ xs: [Tensor], createGraph: Bool) throws -> Tensor {
            let y = try f(xs)
            let grads = try Tensor.gradients(of: [y], with: xs, seeds: [w], createGraph: createGraph, allowUnused: true)
            var total = Tensor(scalar: 0, dtype: .float64)
            for (g, vi) in zip(grads, v) { total = try total + (g * vi).sum() }
            return total
        }
        let hx = try h(x, createGraph: true)
        // A first gradient outside the graph does not depend on x (a linear op): zero.
        let second = hx.requiresGrad ? try Tensor.gradients(of: [hx], with: x, allowUnused: true)
            : try x.map { try Tensor(zeros: $0.shape, dtype: .float64) }
        for (i, input) in x.enumerated() {
            let numeric = try finiteDifferences(x, index: i, eps: eps) { xs in
                let leaves = xs.map { $0.detached().requiringGrad() }
                return try h(leaves, createGraph: false).item()
            }
            compare(second[i].doubles, numeric, tolerance: tolerance * 10, "\(name): second order, d/d input \(i) of shape \(input.shape)", sourceLocation)
        }
    }

    /// Central differences of `objective` with respect to each value of input `index`.
    static func finiteDifferences(_ x: [Tensor], index: Int, eps: Double, _ objective: ([Tensor]) throws -> Double) throws -> [Double] {
        let base = x[index].doubles
        var result = [Double](repeating: 0, count: base.count)
        for j in base.indices {
            var plus = base, minus = base
            plus[j] += eps
            minus[j] -= eps
            var xp = x, xm = x
            xp[index] = try Tensor(shape: x[index].shape, doubles: plus, dtype: .float64).requiringGrad()
            xm[index] = try Tensor(shape: x[index].shape, doubles: minus, dtype: .float64).requiringGrad()
            result[j] = (try objective(xp) - objective(xm)) / (2 * eps)
        }
        return result
    }

    static func compare(_ got: [Double], _ expected: [Double], tolerance: Double, _ what: String, _ location: SourceLocation) {
        guard got.count == expected.count else {
            Issue.record("\(what): \(got.count) values, expected \(expected.count)", sourceLocation: location)
            return
        }
        let scale = max(1, expected.map(Swift.abs).max() ?? 0)
        var worst = 0.0, at = 0
        for i in got.indices {
            let e = Swift.abs(got[i] - expected[i])
            if !(e <= worst) { worst = e; at = i }
        }
        if !(worst <= tolerance * scale) {
            Issue.record("\(what): error \(worst) at \(at) (analytic \(got[at]), numeric \(expected[at]))", sourceLocation: location)
        }
    }
}
