// Views and copies that change how values are arranged: reshape (a view), narrowing the
// first axis (a view), permute, concatenation and split (copies).

extension Tensor {
    /// The same storage seen with another shape of the same count (no graph link).
    func reshapedStorage(_ newShape: [Int]) -> Tensor {
        Tensor(storage: storage, offset: offset, shape: newShape)
    }

    /// The same values in `newShape` (one extent may be -1: inferred). A view: no copy.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        if let i = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != i }.reduce(1) { $0 * $1.element }
            guard known > 0, count % known == 0, target.filter({ $0 == -1 }).count == 1 else {
                throw TensorError.shapeMismatch(op: "reshape", shapes: [shape, newShape], reason: "cannot infer the -1 extent")
            }
            target[i] = count / known
        }
        guard target.allSatisfy({ $0 >= 0 }), Shape.count(target) == count else {
            throw TensorError.shapeMismatch(op: "reshape", shapes: [shape, newShape], reason: "\(count) values cannot take the new shape")
        }
        if target == shape { return self }
        let source = shape
        return try Self.record("reshape", reshapedStorage(target), inputs: [self]) { g, _ in [try g.reshaped(source)] }
    }

    /// Flattens all axes after the first: [N, ...] -> [N, rest].
    public func flattened() throws -> Tensor { try reshaped([shape.first ?? 1, -1]) }

    /// Rows `start ..< start + length` of the first axis. A view: no copy.
    public func narrowed(from start: Int, length: Int) throws -> Tensor {
        guard rank >= 1, start >= 0, length >= 0, start + length <= shape[0] else {
            throw TensorError.invalidArgument(op: "narrow", reason: "rows \(start)..<\(start + length) of a tensor of shape \(shape)")
        }
        var newShape = shape
        newShape[0] = length
        let rowSize = shape.dropFirst().reduce(1, *)
        let view = Tensor(storage: storage, offset: offset + start * rowSize, shape: newShape)
        let source = shape
        return try Self.record("narrow", view, inputs: [self]) { g, _ in
            [try g.zeroPadded(axis: 0, start: start, toExtent: source[0])]
        }
    }

    /// This tensor placed at `start` along `axis` inside zeros of extent `extent` (the
    /// gradient of a slice); differentiable (its backward is the slice again).
    func zeroPadded(axis a: Int, start: Int, toExtent extent: Int) throws -> Tensor {
        var pieces: [Tensor] = []
        var before = shape, after = shape
        before[a] = start
        after[a] = extent - start - shape[a]
        if before[a] > 0 { pieces.append(try Tensor(zeros: before, dtype: dtype)) }
        pieces.append(self)
        if after[a] > 0 { pieces.append(try Tensor(zeros: after, dtype: dtype)) }
        return try Tensor.concatenate(pieces, axis: a)
    }

    /// The axes reordered: output axis i is input axis `order[i]` (a copy).
    public func permuted(_ order: [Int]) throws -> Tensor {
        guard order.count == rank, Set(order) == Set(0..<rank) else {
            throw TensorError.invalidArgument(op: "permute", reason: "\(order) is not a permutation of the \(rank) axes of \(shape)")
        }
        if order == Array(0..<rank) { return self }
        let outShape = order.map { shape[$0] }
        let out = emptyLike(shape: outShape)
        let inStrides = strides
        let readStrides = order.map { inStrides[$0] }
        func run<T: TensorScalar>(_: T.Type) {
            let x = pointer(T.self), y = out.pointer(T.self)
            Self.stridedCopy(from: x, readStrides: readStrides, shape: outShape, to: y)
        }
        if count > 0 { dtype == .float32 ? run(Float.self) : run(Double.self) }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return try Self.record("permute", out, inputs: [self]) { g, _ in [try g.permuted(inverse)] }
    }

    /// Swaps two axes (a copy).
    public func transposed(_ a: Int = -2, _ b: Int = -1) throws -> Tensor {
        let i = try Shape.axis(a, rank: rank, op: "transpose"), j = try Shape.axis(b, rank: rank, op: "transpose")
        var order = Array(0..<rank)
        order.swapAt(i, j)
        return try permuted(order)
    }

    /// Writes the values read with `readStrides` over `shape` contiguously into `y`.
    static func stridedCopy<T>(from x: UnsafePointer<T>, readStrides: [Int], shape: [Int], to y: UnsafeMutablePointer<T>) {
        let r = shape.count
        let total = Shape.count(shape)
        guard total > 0 else { return }
        let inner = shape[r - 1], innerStride = readStrides[r - 1]
        var index = [Int](repeating: 0, count: r)
        var source = 0, written = 0
        while written < total {
            if innerStride == 1 {
                (y + written).update(from: x + source, count: inner)
            } else {
                for i in 0..<inner { y[written + i] = x[source + i * innerStride] }
            }
            written += inner
            var axis = r - 2
            while axis >= 0 {
                index[axis] += 1
                source += readStrides[axis]
                if index[axis] < shape[axis] { break }
                source -= readStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Joins tensors along `axis` (all other extents equal).
    public static func concatenate(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.invalidArgument(op: "cat", reason: "no tensors to join") }
        let a = try Shape.axis(axis, rank: first.rank, op: "cat")
        for t in tensors {
            guard t.dtype == first.dtype else { throw TensorError.dtypeMismatch(op: "cat", dtypes: [first.dtype, t.dtype]) }
            var s1 = t.shape, s0 = first.shape
            guard s1.count == s0.count else {
                throw TensorError.shapeMismatch(op: "cat", shapes: [first.shape, t.shape], reason: "different ranks")
            }
            s1[a] = 0; s0[a] = 0
            guard s1 == s0 else {
                throw TensorError.shapeMismatch(op: "cat", shapes: [first.shape, t.shape], reason: "extents differ off axis \(a)")
            }
        }
        var outShape = first.shape
        outShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        let out = first.emptyLike(shape: outShape)
        let outer = first.shape[..<a].reduce(1, *), inner = first.shape[(a + 1)...].reduce(1, *)
        let elementSize = first.dtype.size
        var column = 0
        for t in tensors {
            let block = t.shape[a] * inner
            for o in 0..<outer {
                (out.storage.raw + (o * outShape[a] * inner + column) * elementSize)
                    .copyMemory(from: t.storage.raw + (t.offset + o * block) * elementSize, byteCount: block * elementSize)
            }
            column += block
        }
        let sizes = tensors.map { $0.shape[a] }
        return try record("cat", out, inputs: tensors) { g, needed in
            let pieces = try g.split(sizes: sizes, axis: a)
            return pieces.enumerated().map { needed[$0.offset] ? $0.element : nil }
        }
    }

    /// Splits along `axis` into pieces of `sizes` (summing to the axis' extent).
    public func split(sizes: [Int], axis: Int) throws -> [Tensor] {
        let a = try Shape.axis(axis, rank: rank, op: "split")
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[a] else {
            throw TensorError.invalidArgument(op: "split", reason: "sizes \(sizes) do not add up to extent \(shape[a]) of axis \(a) of \(shape)")
        }
        var start = 0
        return try sizes.map { size in
            defer { start += size }
            return try slice(axis: a, start: start, length: size)
        }
    }

    /// Values `start ..< start + length` along `axis` (a copy, or a view on axis 0).
    public func slice(axis: Int, start: Int, length: Int) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "slice")
        guard start >= 0, length >= 0, start + length <= shape[a] else {
            throw TensorError.invalidArgument(op: "slice", reason: "\(start)..<\(start + length) along axis \(a) of \(shape)")
        }
        if a == 0 { return try narrowed(from: start, length: length) }
        var outShape = shape
        outShape[a] = length
        let out = emptyLike(shape: outShape)
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        let size = dtype.size
        for o in 0..<outer {
            (out.storage.raw + o * length * inner * size)
                .copyMemory(from: storage.raw + (offset + (o * shape[a] + start) * inner) * size, byteCount: length * inner * size)
        }
        let source = shape
        return try Self.record("slice", out, inputs: [self]) { g, _ in
            [try g.zeroPadded(axis: a, start: start, toExtent: source[a])]
        }
    }
}
