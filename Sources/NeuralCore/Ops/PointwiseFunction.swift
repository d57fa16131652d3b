/// A scalar function with its first and second derivatives: one definition gives an op's
/// forward, its backward (g * f'(x), fused) and the backward's own backward (for gradient
/// penalties: d/dg = f'(x), d/dx = g * f''(x)). Third derivatives are not available.
protocol PointwiseFunction {
    var name: String { get }
    func value<T: TensorScalar>(_ x: T) -> T
    func derivative<T: TensorScalar>(_ x: T) -> T
    func secondDerivative<T: TensorScalar>(_ x: T) -> T
}

private struct ValueOf<F: PointwiseFunction>: UnaryFunction {
    let f: F
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { f.value(x) }
}

/// g * f'(x)
private struct ScaledDerivative<F: PointwiseFunction>: BinaryFunction {
    let f: F
    @inline(__always) func callAsFunction<T: TensorScalar>(_ g: T, _ x: T) -> T { g * f.derivative(x) }
}

/// g * f''(x)
private struct ScaledSecondDerivative<F: PointwiseFunction>: BinaryFunction {
    let f: F
    @inline(__always) func callAsFunction<T: TensorScalar>(_ g: T, _ x: T) -> T { g * f.secondDerivative(x) }
}

extension Tensor {
    /// f applied to every value, differentiable twice.
    func applying<F: PointwiseFunction>(_ f: F) throws -> Tensor {
        let y = mapped(ValueOf(f: f))
        let x = self
        return try Self.record(f.name, y, inputs: [self]) { g, _ in [try g.timesDerivative(of: f, at: x)] }
    }

    /// g * f'(x) as one op (the backward of `applying(f)`).
    private func timesDerivative<F: PointwiseFunction>(of f: F, at x: Tensor) throws -> Tensor {
        let out = try zipped(x, op: "\(f.name) backward", ScaledDerivative(f: f))
        let g = self
        return try Self.record("\(f.name) backward", out, inputs: [g, x]) { gg, needed in
            [needed[0] ? try gg.timesDerivative(of: f, at: x) : nil,
             needed[1] ? try (gg * g).detached().zipped(x.detached(), op: "\(f.name) second derivative", ScaledSecondDerivative(f: f)) : nil]
        }
    }
}
