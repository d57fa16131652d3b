// Activation functions (and the pointwise math the losses need), each as a value with its
// first and second derivatives; `PointwiseFunction` turns them into differentiable ops.

struct ReLUFunction: PointwiseFunction {
    var name: String { "relu" }
    func value<T: TensorScalar>(_ x: T) -> T { x > 0 ? x : 0 }
    func derivative<T: TensorScalar>(_ x: T) -> T { x > 0 ? 1 : 0 }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { 0 }
}

struct LeakyReLUFunction: PointwiseFunction {
    let slope: Double
    var name: String { "leaky_relu" }
    func value<T: TensorScalar>(_ x: T) -> T { x > 0 ? x : x * T(slope) }
    func derivative<T: TensorScalar>(_ x: T) -> T { x > 0 ? 1 : T(slope) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { 0 }
}

struct TanhFunction: PointwiseFunction {
    var name: String { "tanh" }
    func value<T: TensorScalar>(_ x: T) -> T { T.tanh(x) }
    func derivative<T: TensorScalar>(_ x: T) -> T { let t = T.tanh(x); return 1 - t * t }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { let t = T.tanh(x); return -2 * t * (1 - t * t) }
}

struct SigmoidFunction: PointwiseFunction {
    var name: String { "sigmoid" }
    @inline(__always) static func sigmoid<T: TensorScalar>(_ x: T) -> T {
        // Stable on both sides: exp of a non-positive number only.
        x >= 0 ? 1 / (1 + T.exp(-x)) : T.exp(x) / (1 + T.exp(x))
    }
    func value<T: TensorScalar>(_ x: T) -> T { Self.sigmoid(x) }
    func derivative<T: TensorScalar>(_ x: T) -> T { let s = Self.sigmoid(x); return s * (1 - s) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { let s = Self.sigmoid(x); return s * (1 - s) * (1 - 2 * s) }
}

struct SiLUFunction: PointwiseFunction {
    var name: String { "silu" }
    func value<T: TensorScalar>(_ x: T) -> T { x * SigmoidFunction.sigmoid(x) }
    func derivative<T: TensorScalar>(_ x: T) -> T { let s = SigmoidFunction.sigmoid(x); return s * (1 + x * (1 - s)) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T {
        let s = SigmoidFunction.sigmoid(x)
        return s * (1 - s) * (2 + x * (1 - 2 * s))
    }
}

/// GELU with the exact normal CDF: x Φ(x).
struct GELUFunction: PointwiseFunction {
    var name: String { "gelu" }
    private static var invSqrt2: Double { 0.70710678118654752440 }
    private static var invSqrt2Pi: Double { 0.39894228040143267794 }
    @inline(__always) private func cdf<T: TensorScalar>(_ x: T) -> T { (1 + T.erf(x * T(Self.invSqrt2))) / 2 }
    @inline(__always) private func pdf<T: TensorScalar>(_ x: T) -> T { T(Self.invSqrt2Pi) * T.exp(-x * x / 2) }
    func value<T: TensorScalar>(_ x: T) -> T { x * cdf(x) }
    func derivative<T: TensorScalar>(_ x: T) -> T { cdf(x) + x * pdf(x) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { pdf(x) * (2 - x * x) }
}

/// GELU's tanh approximation: x (1 + tanh(u)) / 2, u = sqrt(2/pi) (x + 0.044715 x³).
struct GELUTanhFunction: PointwiseFunction {
    var name: String { "gelu_tanh" }
    private static var c: Double { 0.79788456080286535588 }
    private static var k: Double { 0.044715 }
    func value<T: TensorScalar>(_ x: T) -> T {
        let u = T(Self.c) * (x + T(Self.k) * x * x * x)
        return x * (1 + T.tanh(u)) / 2
    }
    func derivative<T: TensorScalar>(_ x: T) -> T {
        let u = T(Self.c) * (x + T(Self.k) * x * x * x), t = T.tanh(u)
        let du = T(Self.c) * (1 + 3 * T(Self.k) * x * x)
        return (1 + t) / 2 + x * (1 - t * t) * du / 2
    }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T {
        let u = T(Self.c) * (x + T(Self.k) * x * x * x), t = T.tanh(u)
        let du = T(Self.c) * (1 + 3 * T(Self.k) * x * x), d2u = T(Self.c) * 6 * T(Self.k) * x
        let sech2 = 1 - t * t
        return sech2 * du + x * (-2 * t * sech2 * du * du + sech2 * d2u) / 2
    }
}

struct ExpFunction: PointwiseFunction {
    var name: String { "exp" }
    func value<T: TensorScalar>(_ x: T) -> T { T.exp(x) }
    func derivative<T: TensorScalar>(_ x: T) -> T { T.exp(x) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { T.exp(x) }
}

struct LogFunction: PointwiseFunction {
    var name: String { "log" }
    func value<T: TensorScalar>(_ x: T) -> T { T.log(x) }
    func derivative<T: TensorScalar>(_ x: T) -> T { 1 / x }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { -1 / (x * x) }
}

struct SquareFunction: PointwiseFunction {
    var name: String { "square" }
    func value<T: TensorScalar>(_ x: T) -> T { x * x }
    func derivative<T: TensorScalar>(_ x: T) -> T { 2 * x }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { 2 }
}

struct SqrtFunction: PointwiseFunction {
    var name: String { "sqrt" }
    func value<T: TensorScalar>(_ x: T) -> T { x.squareRoot() }
    func derivative<T: TensorScalar>(_ x: T) -> T { 1 / (2 * x.squareRoot()) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { -1 / (4 * x * x.squareRoot()) }
}

struct AbsFunction: PointwiseFunction {
    var name: String { "abs" }
    func value<T: TensorScalar>(_ x: T) -> T { Swift.abs(x) }
    func derivative<T: TensorScalar>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : 0) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { 0 }
}

/// log(1 + exp(x)), stable for large |x|.
struct SoftplusFunction: PointwiseFunction {
    var name: String { "softplus" }
    func value<T: TensorScalar>(_ x: T) -> T { Swift.max(x, 0) + T.log1p(T.exp(-Swift.abs(x))) }
    func derivative<T: TensorScalar>(_ x: T) -> T { SigmoidFunction.sigmoid(x) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { let s = SigmoidFunction.sigmoid(x); return s * (1 - s) }
}

extension Tensor {
    public func relu() throws -> Tensor { try applying(ReLUFunction()) }
    public func leakyReLU(slope: Double = 0.01) throws -> Tensor { try applying(LeakyReLUFunction(slope: slope)) }
    public func tanh() throws -> Tensor { try applying(TanhFunction()) }
    public func sigmoid() throws -> Tensor { try applying(SigmoidFunction()) }
    public func silu() throws -> Tensor { try applying(SiLUFunction()) }
    /// GELU; `approximate: .tanh` for the tanh formula (PyTorch's approximate="tanh").
    public func gelu(approximate: GELUApproximation = .none) throws -> Tensor {
        approximate == .none ? try applying(GELUFunction()) : try applying(GELUTanhFunction())
    }
    public func exp() throws -> Tensor { try applying(ExpFunction()) }
    public func log() throws -> Tensor { try applying(LogFunction()) }
    public func squared() throws -> Tensor { try applying(SquareFunction()) }
    public func squareRoot() throws -> Tensor { try applying(SqrtFunction()) }
    public func abs() throws -> Tensor { try applying(AbsFunction()) }
    public func softplus() throws -> Tensor { try applying(SoftplusFunction()) }
}

public enum GELUApproximation: String, Sendable { case none, tanh }
