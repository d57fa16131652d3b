// Element-wise arithmetic with NumPy broadcasting. Backward: the gradient of a broadcast
// input is the output gradient summed back to the input's shape.

struct AddFunction: BinaryFunction { @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a + b } }
struct SubtractFunction: BinaryFunction { @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a - b } }
struct MultiplyFunction: BinaryFunction { @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a * b } }
struct DivideFunction: BinaryFunction { @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a / b } }

/// x * scale + shift.
struct AffineFunction: UnaryFunction {
    let scale: Double
    let shift: Double
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { x * T(scale) + T(shift) }
}

extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        let y = try a.zipped(b, op: "add", AddFunction())
        let (sa, sb) = (a.shape, b.shape)
        return try record("add", y, inputs: [a, b]) { g, needed in
            [needed[0] ? try g.summed(toShape: sa) : nil, needed[1] ? try g.summed(toShape: sb) : nil]
        }
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        let y = try a.zipped(b, op: "subtract", SubtractFunction())
        let (sa, sb) = (a.shape, b.shape)
        return try record("subtract", y, inputs: [a, b]) { g, needed in
            [needed[0] ? try g.summed(toShape: sa) : nil, needed[1] ? try (try -g).summed(toShape: sb) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        let y = try a.zipped(b, op: "multiply", MultiplyFunction())
        return try record("multiply", y, inputs: [a, b]) { g, needed in
            [needed[0] ? try (g * b).summed(toShape: a.shape) : nil, needed[1] ? try (g * a).summed(toShape: b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        let y = try a.zipped(b, op: "divide", DivideFunction())
        return try record("divide", y, inputs: [a, b]) { g, needed in
            let ga = needed[0] ? try (g / b).summed(toShape: a.shape) : nil
            // d(a/b)/db = -a / b² = -(a / b) / b
            let gb = needed[1] ? try (try -(g * a / (b * b))).summed(toShape: b.shape) : nil
            return [ga, gb]
        }
    }

    /// x * scale + shift, one op.
    public func affine(scale: Double, shift: Double = 0) throws -> Tensor {
        let y = mapped(AffineFunction(scale: scale, shift: shift))
        return try Self.record("affine", y, inputs: [self]) { g, _ in [try g.affine(scale: scale)] }
    }

    public static prefix func - (x: Tensor) throws -> Tensor { try x.affine(scale: -1) }

    public static func * (a: Tensor, s: Double) throws -> Tensor { try a.affine(scale: s) }
    public static func * (s: Double, a: Tensor) throws -> Tensor { try a.affine(scale: s) }
    public static func / (a: Tensor, s: Double) throws -> Tensor { try a.affine(scale: 1 / s) }
    public static func + (a: Tensor, s: Double) throws -> Tensor { try a.affine(scale: 1, shift: s) }
    public static func + (s: Double, a: Tensor) throws -> Tensor { try a.affine(scale: 1, shift: s) }
    public static func - (a: Tensor, s: Double) throws -> Tensor { try a.affine(scale: 1, shift: -s) }
    public static func - (s: Double, a: Tensor) throws -> Tensor { try a.affine(scale: -1, shift: s) }
}
