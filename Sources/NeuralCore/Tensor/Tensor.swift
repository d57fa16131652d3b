/// An n-dimensional array of Float32 (or Float64) values, contiguous and row-major (NCHW for
/// images), with an optional link into the autograd graph.
///
/// A tensor is a value: ops return new tensors and never change their inputs. Views
/// (`reshaped`, `narrowed` along the first axis) share storage with the tensor they come
/// from. A tensor that requires a gradient carries a `GradNode`: a leaf node for parameters
/// and inputs (where `backward()` accumulates `grad`), or the node of the op that made it.
public struct Tensor: Sendable {
    public let shape: [Int]
    let storage: TensorStorage
    /// Element offset of the first value in `storage`.
    let offset: Int
    /// The autograd node: nil when the tensor needs no gradient.
    var node: GradNode?

    public var dtype: DType { storage.dtype }
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { Shape.count(shape) }
    /// Row-major strides in elements.
    public var strides: [Int] { Shape.strides(shape) }

    init(storage: TensorStorage, offset: Int = 0, shape: [Int], node: GradNode? = nil) {
        self.storage = storage
        self.offset = offset
        self.shape = shape
        self.node = node
    }

    /// Zeros of the given shape.
    public init(zeros shape: [Int], dtype: DType = .float32) throws {
        let count = try Shape.validatedCount(shape, op: "Tensor(zeros:)")
        self.init(storage: TensorStorage(count: count, dtype: dtype), shape: shape)
    }

    /// A Float32 tensor holding `values` (row-major) in `shape`.
    public init(shape: [Int], values: [Float]) throws {
        try self.init(shape: shape, converting: values, dtype: .float32)
    }

    /// A tensor of `dtype` holding `values` (row-major, rounded to `dtype`) in `shape`.
    public init(shape: [Int], doubles values: [Double], dtype: DType = .float32) throws {
        try self.init(shape: shape, converting: values, dtype: dtype)
    }

    private init<S: BinaryFloatingPoint>(shape: [Int], converting values: [S], dtype: DType) throws {
        let count = try Shape.validatedCount(shape, op: "Tensor(shape:values:)")
        guard values.count == count else {
            throw TensorError.shapeMismatch(op: "Tensor(shape:values:)", shapes: [shape, [values.count]],
                                            reason: "\(values.count) values for \(count) elements")
        }
        let storage = TensorStorage(count: count, dtype: dtype)
        switch dtype {
        case .float32:
            let p = storage.pointer(Float.self)
            for i in 0..<count { p[i] = Float(values[i]) }
        case .float64:
            let p = storage.pointer(Double.self)
            for i in 0..<count { p[i] = Double(values[i]) }
        }
        self.init(storage: storage, shape: shape)
    }

    /// A tensor of `shape` with every element `value`.
    public init(repeating value: Double, shape: [Int], dtype: DType = .float32) throws {
        try self.init(zeros: shape, dtype: dtype)
        switch dtype {
        case .float32: storage.pointer(Float.self).update(repeating: Float(value), count: count)
        case .float64: storage.pointer(Double.self).update(repeating: value, count: count)
        }
    }

    /// A scalar (shape []).
    public init(scalar value: Double, dtype: DType = .float32) {
        let storage = TensorStorage(count: 1, dtype: dtype)
        switch dtype {
        case .float32: storage.pointer(Float.self).pointee = Float(value)
        case .float64: storage.pointer(Double.self).pointee = value
        }
        self.init(storage: storage, shape: [])
    }

    /// An uninitialised-looking (zeroed) tensor of the same shape and type, no gradient.
    func emptyLike(shape newShape: [Int]? = nil) -> Tensor {
        let s = newShape ?? shape
        return Tensor(storage: TensorStorage(count: Shape.count(s), dtype: dtype), shape: s)
    }

    /// A new tensor of this type whose contents are undefined: for kernels that write every
    /// element before anything reads it.
    func uninitializedLike(shape newShape: [Int]? = nil) -> Tensor {
        let s = newShape ?? shape
        return Tensor(storage: TensorStorage(count: Shape.count(s), dtype: dtype, zeroed: false), shape: s)
    }

    // MARK: Values

    /// The values as Float (converted from Float64 when needed).
    public var floats: [Float] {
        switch dtype {
        case .float32: return withUnsafeBuffer(Float.self) { Array($0) }
        case .float64: return withUnsafeBuffer(Double.self) { $0.map { Float($0) } }
        }
    }

    /// The values as Double.
    public var doubles: [Double] {
        switch dtype {
        case .float32: return withUnsafeBuffer(Float.self) { $0.map { Double($0) } }
        case .float64: return withUnsafeBuffer(Double.self) { Array($0) }
        }
    }

    /// The single value of a one-element tensor.
    public func item() throws -> Double {
        guard count == 1 else {
            throw TensorError.invalidArgument(op: "item", reason: "a tensor of shape \(shape) has \(count) values, not one")
        }
        return doubles[0]
    }

    /// Reads the values in place. `T` must be the tensor's scalar type.
    @inline(__always)
    public func withUnsafeBuffer<T: TensorScalar, R>(_: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(T.dtype == dtype, "withUnsafeBuffer(\(T.self)) on a \(dtype) tensor")
        return try body(UnsafeBufferPointer(start: storage.pointer(T.self) + offset, count: count))
    }

    /// Writes the values in place: for optimizers and initialisers. Every tensor sharing this
    /// storage sees the change; the autograd graph does not record it.
    @inline(__always)
    public func withUnsafeMutableBuffer<T: TensorScalar, R>(_: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(T.dtype == dtype, "withUnsafeMutableBuffer(\(T.self)) on a \(dtype) tensor")
        return try body(UnsafeMutableBufferPointer(start: storage.pointer(T.self) + offset, count: count))
    }

    @inline(__always) func pointer<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.pointer(T.self) + offset
    }

    /// Copies `other`'s values into this tensor's storage (same shape and type), outside the graph.
    public func assign(_ other: Tensor) throws {
        guard other.shape == shape, other.dtype == dtype else {
            throw TensorError.shapeMismatch(op: "assign", shapes: [shape, other.shape], reason: "assign needs the same shape and type")
        }
        (storage.raw + offset * dtype.size).copyMemory(from: other.storage.raw + other.offset * dtype.size, byteCount: count * dtype.size)
    }

    /// A copy with its own storage (no gradient link).
    public func copy() -> Tensor {
        let out = emptyLike()
        (out.storage.raw).copyMemory(from: storage.raw + offset * dtype.size, byteCount: count * dtype.size)
        return out
    }

    /// True when both hold the same type, shape and bytes.
    public func bitwiseEqual(_ other: Tensor) -> Bool {
        guard shape == other.shape, dtype == other.dtype else { return false }
        return memcmp(storage.raw + offset * dtype.size, other.storage.raw + other.offset * dtype.size, count * dtype.size) == 0
    }
}

import Foundation
