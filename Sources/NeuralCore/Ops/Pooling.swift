// 2-D pooling on NCHW tensors, as PyTorch's `F.avg_pool2d`, `F.max_pool2d`,
// `F.adaptive_avg_pool2d` and `F.adaptive_max_pool2d` (ceil_mode false, dilation 1).
//
// Every pooling is described by its windows along each axis (output index i reads input
// start[i] ..< end[i]), computed once, so the loops need no index arithmetic. Average pooling
// is linear: its backward is its adjoint (spreading g / divisor over each window) and the
// adjoint's backward is the pooling again. Max pooling records where each maximum was; its
// backward scatters g to those places and the scatter's backward gathers from them, both
// linear, so gradient penalties through max pooling work.

/// The windows of a pooling along one axis.
struct PoolingWindows: Sendable, Equatable {
    /// Output index i reads input indices start[i] ..< end[i].
    var start: [Int]
    var end: [Int]
    /// What an average divides by along this axis (the divisor of an output value is the
    /// product of its row's and its column's).
    var divisor: [Int]

    var count: Int { start.count }

    /// Windows of `kernel` every `stride` over an axis of `extent` padded by `padding` on both
    /// sides: floor((extent + 2 padding - kernel) / stride) + 1 of them. The divisor counts
    /// the padding when `countIncludePad`.
    static func sliding(extent: Int, kernel: Int, stride: Int, padding: Int, countIncludePad: Bool) -> PoolingWindows {
        let span = extent + 2 * padding - kernel
        let count = span < 0 ? 0 : span / stride + 1
        var windows = PoolingWindows(start: [], end: [], divisor: [])
        for i in 0..<count {
            let first = i * stride - padding
            let paddedEnd = Swift.min(first + kernel, extent + padding)
            let start = Swift.max(first, 0), end = Swift.min(paddedEnd, extent)
            windows.start.append(start)
            windows.end.append(end)
            windows.divisor.append(countIncludePad ? paddedEnd - first : end - start)
        }
        return windows
    }

    /// PyTorch's adaptive windows: `count` windows floor(i extent / count) ..< ceil((i + 1)
    /// extent / count), overlapping when `count` does not divide `extent`.
    static func adaptive(extent: Int, count: Int) -> PoolingWindows {
        var windows = PoolingWindows(start: [], end: [], divisor: [])
        for i in 0..<count {
            let start = i * extent / count, end = ((i + 1) * extent + count - 1) / count
            windows.start.append(start)
            windows.end.append(end)
            windows.divisor.append(end - start)
        }
        return windows
    }
}

/// A pooling of [batch, channels, height, width] planes through row and column windows.
struct PoolingPlan: Sendable, Equatable {
    var batch: Int
    var channels: Int
    var height: Int
    var width: Int
    var rows: PoolingWindows
    var columns: PoolingWindows

    var inputShape: [Int] { [batch, channels, height, width] }
    var outputShape: [Int] { [batch, channels, rows.count, columns.count] }
    var planes: Int { batch * channels }
    var inputPlane: Int { height * width }
    var outputPlane: Int { rows.count * columns.count }
}

extension Tensor {
    /// The mean of each `kernel` window every `stride` (default: the kernel) of this input
    /// [N, C, H, W], padded with `padding` zeros (at most half the kernel), as PyTorch's
    /// `F.avg_pool2d`: the divisor counts the padding when `countIncludePad`. Pairs are
    /// (height, width).
    public func avgPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
                          countIncludePad: Bool = true) throws -> Tensor {
        let op = "avg_pool2d"
        let plan = try slidingPlan(op: op, kernel: kernel, stride: stride ?? kernel, padding: padding, countIncludePad: countIncludePad)
        return try Self.averagePooling(self, plan, op: op)
    }

    /// The maximum of each `kernel` window every `stride` (default: the kernel) of this input
    /// [N, C, H, W], the padding never winning, as PyTorch's `F.max_pool2d`. The gradient goes
    /// to the first maximum of each window (a NaN counts as the maximum).
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) throws -> Tensor {
        let op = "max_pool2d"
        let plan = try slidingPlan(op: op, kernel: kernel, stride: stride ?? kernel, padding: padding, countIncludePad: true)
        return try Self.maximumPooling(self, plan, op: op)
    }

    /// Means over `outputSize` (height, width) windows spanning this input [N, C, H, W]
    /// (PyTorch's `F.adaptive_avg_pool2d`; window i spans floor(i H / outH) ..< ceil((i + 1) H / outH)).
    public func adaptiveAvgPool2d(outputSize: (Int, Int)) throws -> Tensor {
        let op = "adaptive_avg_pool2d"
        return try Self.averagePooling(self, try adaptivePlan(op: op, outputSize: outputSize), op: op)
    }

    /// Maxima over `outputSize` (height, width) windows spanning this input [N, C, H, W]
    /// (PyTorch's `F.adaptive_max_pool2d`, same windows as `adaptiveAvgPool2d`).
    public func adaptiveMaxPool2d(outputSize: (Int, Int)) throws -> Tensor {
        let op = "adaptive_max_pool2d"
        return try Self.maximumPooling(self, try adaptivePlan(op: op, outputSize: outputSize), op: op)
    }

    // MARK: Plans

    private func checkPoolingInput(op: String) throws {
        guard rank == 4 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], reason: "\(op) takes an input [N, C, H, W]")
        }
        guard shape[2] * shape[3] <= Int(Int32.max) else {
            throw TensorError.invalidArgument(op: op, reason: "planes of \(shape[2]) x \(shape[3]) values are too large to pool (2^31 at most)")
        }
    }

    private func slidingPlan(op: String, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), countIncludePad: Bool) throws -> PoolingPlan {
        try checkPoolingInput(op: op)
        guard kernel.0 >= 1, kernel.1 >= 1 else { throw TensorError.invalidArgument(op: op, reason: "kernel \(kernel) must be at least 1 x 1") }
        guard stride.0 >= 1, stride.1 >= 1 else { throw TensorError.invalidArgument(op: op, reason: "stride \(stride) must be at least 1 along both axes") }
        guard padding.0 >= 0, padding.1 >= 0, 2 * padding.0 <= kernel.0, 2 * padding.1 <= kernel.1 else {
            throw TensorError.invalidArgument(op: op, reason: "padding \(padding) must be between 0 and half the kernel \(kernel)")
        }
        let (h, w) = (shape[2], shape[3])
        let rows = PoolingWindows.sliding(extent: h, kernel: kernel.0, stride: stride.0, padding: padding.0, countIncludePad: countIncludePad)
        let columns = PoolingWindows.sliding(extent: w, kernel: kernel.1, stride: stride.1, padding: padding.1, countIncludePad: countIncludePad)
        guard rows.count > 0, columns.count > 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape],
                                            reason: "the output would be \(rows.count) x \(columns.count): the kernel \(kernel) is larger than the padded input \(h + 2 * padding.0) x \(w + 2 * padding.1)")
        }
        return PoolingPlan(batch: shape[0], channels: shape[1], height: h, width: w, rows: rows, columns: columns)
    }

    private func adaptivePlan(op: String, outputSize: (Int, Int)) throws -> PoolingPlan {
        try checkPoolingInput(op: op)
        guard outputSize.0 >= 1, outputSize.1 >= 1 else {
            throw TensorError.invalidArgument(op: op, reason: "output size \(outputSize) must be at least 1 x 1")
        }
        let (h, w) = (shape[2], shape[3])
        guard h >= 1, w >= 1 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], reason: "cannot pool an empty \(h) x \(w) plane")
        }
        return PoolingPlan(batch: shape[0], channels: shape[1], height: h, width: w,
                           rows: .adaptive(extent: h, count: outputSize.0), columns: .adaptive(extent: w, count: outputSize.1))
    }

    // MARK: Average pooling and its adjoint

    /// Window means (sums in Double); backward: `averagePoolingAdjoint`.
    static func averagePooling(_ x: Tensor, _ plan: PoolingPlan, op: String) throws -> Tensor {
        let out = x.emptyLike(shape: plan.outputShape)
        func run<T: TensorScalar>(_: T.Type) {
            let source = UncheckedSendable(x.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            let (rows, cols, width) = (plan.rows, plan.columns, plan.width)
            Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: plan.inputPlane + plan.outputPlane)) { planes in
                for p in planes {
                    let xp = source.value + p * plan.inputPlane
                    var y = target.value + p * plan.outputPlane
                    for oh in 0..<rows.count {
                        let (h0, h1, dh) = (rows.start[oh], rows.end[oh], rows.divisor[oh])
                        for ow in 0..<cols.count {
                            let (w0, w1) = (cols.start[ow], cols.end[ow])
                            var sum = 0.0
                            for h in h0..<h1 {
                                let row = xp + h * width
                                for w in w0..<w1 { sum += row[w].doubleValue }
                            }
                            y.pointee = T(sum / Double(dh * cols.divisor[ow]))
                            y += 1
                        }
                    }
                }
            }
        }
        if out.count > 0 { x.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record(op, out, inputs: [x]) { g, _ in [try averagePoolingAdjoint(g, plan, op: op)] }
    }

    /// The adjoint of `averagePooling`: each output gradient divided by its divisor and added
    /// over its window. Backward: `averagePooling`.
    static func averagePoolingAdjoint(_ g: Tensor, _ plan: PoolingPlan, op: String) throws -> Tensor {
        let out = g.emptyLike(shape: plan.inputShape)
        func run<T: TensorScalar>(_: T.Type) {
            let source = UncheckedSendable(g.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            let (rows, cols, width) = (plan.rows, plan.columns, plan.width)
            Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: plan.inputPlane + plan.outputPlane)) { planes in
                for p in planes {
                    let gx = target.value + p * plan.inputPlane
                    var gy = source.value + p * plan.outputPlane
                    for oh in 0..<rows.count {
                        let (h0, h1, dh) = (rows.start[oh], rows.end[oh], rows.divisor[oh])
                        for ow in 0..<cols.count {
                            let (w0, w1) = (cols.start[ow], cols.end[ow])
                            let v = gy.pointee / T(dh * cols.divisor[ow])
                            gy += 1
                            for h in h0..<h1 {
                                let row = gx + h * width
                                for w in w0..<w1 { row[w] += v }
                            }
                        }
                    }
                }
            }
        }
        if out.count > 0 { g.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record("\(op) backward", out, inputs: [g]) { gg, _ in [try averagePooling(gg, plan, op: op)] }
    }

    // MARK: Max pooling, and the scatter and gather by its indices

    /// Window maxima and where they are (index within the plane); backward: scatter by them.
    static func maximumPooling(_ x: Tensor, _ plan: PoolingPlan, op: String) throws -> Tensor {
        let out = x.emptyLike(shape: plan.outputShape)
        var indices = [Int32](repeating: 0, count: out.count)
        func run<T: TensorScalar>(_: T.Type) {
            let source = UncheckedSendable(x.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            let (rows, cols, width) = (plan.rows, plan.columns, plan.width)
            indices.withUnsafeMutableBufferPointer { buffer in
                let positions = UncheckedSendable(buffer.baseAddress!)
                Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: plan.inputPlane + plan.outputPlane)) { planes in
                    for p in planes {
                        let xp = source.value + p * plan.inputPlane
                        var y = target.value + p * plan.outputPlane, at = positions.value + p * plan.outputPlane
                        for oh in 0..<rows.count {
                            let (h0, h1) = (rows.start[oh], rows.end[oh])
                            for ow in 0..<cols.count {
                                let (w0, w1) = (cols.start[ow], cols.end[ow])
                                var best = -T.infinity, index = h0 * width + w0
                                for h in h0..<h1 {
                                    let row = xp + h * width
                                    for w in w0..<w1 {
                                        let v = row[w]
                                        // PyTorch's rule: strictly greater, or NaN (which then stays).
                                        if v > best || v.isNaN {
                                            best = v
                                            index = h * width + w
                                        }
                                    }
                                }
                                y.pointee = best
                                at.pointee = Int32(index)
                                y += 1
                                at += 1
                            }
                        }
                    }
                }
            }
        }
        if out.count > 0 { x.dtype == .float32 ? run(Float.self) : run(Double.self) }
        let found = indices
        return try record(op, out, inputs: [x]) { g, _ in [try scatter(g, at: found, plan, op: op)] }
    }

    /// Each output gradient added at its recorded index of an input-shaped zero tensor.
    /// Backward: `gather`.
    static func scatter(_ g: Tensor, at indices: [Int32], _ plan: PoolingPlan, op: String) throws -> Tensor {
        let out = g.emptyLike(shape: plan.inputShape)
        func run<T: TensorScalar>(_: T.Type) {
            let source = UncheckedSendable(g.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            indices.withUnsafeBufferPointer { buffer in
                let at = UncheckedSendable(buffer.baseAddress!)
                Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: plan.inputPlane + plan.outputPlane)) { planes in
                    for p in planes {
                        let gx = target.value + p * plan.inputPlane, gy = source.value + p * plan.outputPlane
                        let index = at.value + p * plan.outputPlane
                        for k in 0..<plan.outputPlane { gx[Int(index[k])] += gy[k] }
                    }
                }
            }
        }
        if out.count > 0 && g.count > 0 { g.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record("\(op) backward", out, inputs: [g]) { gg, _ in [try gather(gg, at: indices, plan, op: op)] }
    }

    /// The values of an input-shaped `x` at the recorded indices (output-shaped). Backward: `scatter`.
    static func gather(_ x: Tensor, at indices: [Int32], _ plan: PoolingPlan, op: String) throws -> Tensor {
        let out = x.emptyLike(shape: plan.outputShape)
        func run<T: TensorScalar>(_: T.Type) {
            let source = UncheckedSendable(x.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            indices.withUnsafeBufferPointer { buffer in
                let at = UncheckedSendable(buffer.baseAddress!)
                Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: plan.outputPlane)) { planes in
                    for p in planes {
                        let xp = source.value + p * plan.inputPlane, y = target.value + p * plan.outputPlane
                        let index = at.value + p * plan.outputPlane
                        for k in 0..<plan.outputPlane { y[k] = xp[Int(index[k])] }
                    }
                }
            }
        }
        if out.count > 0 { x.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record("\(op) gather", out, inputs: [x]) { g, _ in [try scatter(g, at: indices, plan, op: op)] }
    }
}
