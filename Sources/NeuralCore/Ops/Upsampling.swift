// Upsampling of NCHW tensors by integer factors, as PyTorch's `F.interpolate` with
// mode "nearest" and "bilinear". Both are linear in the input: the backward is the adjoint
// (each output gradient added back to the inputs it was made from), whose own backward is the
// upsampling again, so any order of derivative is available.

/// The two input indices and weights behind each output index of a linear interpolation
/// along one axis (PyTorch's `compute_source_index_and_lambda`).
struct LinearTaps<T: TensorScalar> {
    var first: [Int]
    var second: [Int]
    var firstWeight: [T]
    var secondWeight: [T]

    /// Output index o of `output` samples the input at scale (o + 0.5) - 0.5 (clamped at 0),
    /// scale = 1 / factor, or, with `alignCorners`, at o (input - 1) / (output - 1).
    init(input: Int, output: Int, factor: Int, alignCorners: Bool) {
        first = []; second = []; firstWeight = []; secondWeight = []
        let scale: T = alignCorners ? (output > 1 ? T(Double(input - 1)) / T(Double(output - 1)) : 0) : 1 / T(Double(factor))
        for o in 0..<output {
            guard output != input else {
                first.append(o); second.append(o); firstWeight.append(1); secondWeight.append(0)
                continue
            }
            var source = alignCorners ? scale * T(Double(o)) : scale * (T(Double(o)) + 0.5) - 0.5
            if source < 0 { source = 0 }
            let index = Swift.min(Int(source.rounded(.down)), input - 1)
            let lambda = Swift.min(Swift.max(source - T(Double(index)), 0), 1)
            first.append(index)
            second.append(index < input - 1 ? index + 1 : index)
            firstWeight.append(1 - lambda)
            secondWeight.append(lambda)
        }
    }
}

extension Tensor {
    /// Each value of this input [N, C, H, W] repeated `scale` (height, width) times along each
    /// axis: [N, C, H scale.0, W scale.1] (PyTorch's nearest mode: output index o reads input o / scale).
    public func upsampleNearest(scale: (Int, Int)) throws -> Tensor {
        let plan = try upsamplingPlan(op: "upsample_nearest", scale: scale)
        return try Self.nearestUpsampling(self, plan)
    }

    /// Bilinear interpolation of this input [N, C, H, W] to [N, C, H scale.0, W scale.1], with
    /// PyTorch's source positions (`F.interpolate(mode: "bilinear", scale_factor:)`): output
    /// index o samples (o + 0.5) / scale - 0.5 (clamped at 0), or with `alignCorners`
    /// o (H - 1) / (H scale.0 - 1), so that the corner pixels' centres coincide.
    public func upsampleBilinear(scale: (Int, Int), alignCorners: Bool = false) throws -> Tensor {
        let plan = try upsamplingPlan(op: "upsample_bilinear", scale: scale)
        return try Self.bilinearUpsampling(self, plan, alignCorners: alignCorners)
    }

    private func upsamplingPlan(op: String, scale: (Int, Int)) throws -> UpsamplingPlan {
        guard rank == 4 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], reason: "\(op) takes an input [N, C, H, W]")
        }
        guard scale.0 >= 1, scale.1 >= 1 else {
            throw TensorError.invalidArgument(op: op, reason: "scale \(scale) must be at least 1 along both axes")
        }
        let (h, w) = (shape[2], shape[3])
        guard h >= 1, w >= 1 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], reason: "cannot upsample an empty \(h) x \(w) plane")
        }
        let outShape = [shape[0], shape[1], h * scale.0, w * scale.1]
        _ = try Shape.validatedCount(outShape, op: op)
        return UpsamplingPlan(batch: shape[0], channels: shape[1], height: h, width: w, scaleH: scale.0, scaleW: scale.1)
    }

    // MARK: Nearest

    /// Backward: `nearestUpsamplingAdjoint`.
    static func nearestUpsampling(_ x: Tensor, _ plan: UpsamplingPlan) throws -> Tensor {
        let out = x.emptyLike(shape: plan.outputShape)
        func run<T: TensorScalar>(_: T.Type) {
            let source = UncheckedSendable(x.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            let (sh, sw, width, outW) = (plan.scaleH, plan.scaleW, plan.width, plan.outWidth)
            Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: plan.outputPlane)) { planes in
                for p in planes {
                    let xp = source.value + p * plan.inputPlane, yp = target.value + p * plan.outputPlane
                    for h in 0..<plan.height {
                        // Widen input row h into the first of its output rows, then copy that row.
                        let row = xp + h * width, first = yp + h * sh * outW
                        var o = first
                        for w in 0..<width {
                            let v = row[w]
                            for _ in 0..<sw { o.pointee = v; o += 1 }
                        }
                        for a in 1..<sh { (first + a * outW).update(from: first, count: outW) }
                    }
                }
            }
        }
        if out.count > 0 { x.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record("upsample_nearest", out, inputs: [x]) { g, _ in [try nearestUpsamplingAdjoint(g, plan)] }
    }

    /// Sums each scale.0 x scale.1 block of an output-shaped gradient. Backward: `nearestUpsampling`.
    static func nearestUpsamplingAdjoint(_ g: Tensor, _ plan: UpsamplingPlan) throws -> Tensor {
        let out = g.emptyLike(shape: plan.inputShape)
        func run<T: TensorScalar>(_: T.Type) {
            let source = UncheckedSendable(g.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            let (sh, sw, width, outW) = (plan.scaleH, plan.scaleW, plan.width, plan.outWidth)
            Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: plan.outputPlane)) { planes in
                for p in planes {
                    let gy = source.value + p * plan.outputPlane, gx = target.value + p * plan.inputPlane
                    for h in 0..<plan.height {
                        let row = gx + h * width, block = gy + h * sh * outW
                        for w in 0..<width {
                            var sum: T = 0
                            for a in 0..<sh {
                                let part = block + a * outW + w * sw
                                for b in 0..<sw { sum += part[b] }
                            }
                            row[w] = sum
                        }
                    }
                }
            }
        }
        if out.count > 0 { g.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record("upsample_nearest backward", out, inputs: [g]) { gg, _ in [try nearestUpsampling(gg, plan)] }
    }

    // MARK: Bilinear

    /// Backward: `bilinearUpsamplingAdjoint`.
    static func bilinearUpsampling(_ x: Tensor, _ plan: UpsamplingPlan, alignCorners: Bool) throws -> Tensor {
        let out = x.emptyLike(shape: plan.outputShape)
        func run<T: TensorScalar>(_: T.Type) {
            let rows = LinearTaps<T>(input: plan.height, output: plan.outHeight, factor: plan.scaleH, alignCorners: alignCorners)
            let cols = LinearTaps<T>(input: plan.width, output: plan.outWidth, factor: plan.scaleW, alignCorners: alignCorners)
            let source = UncheckedSendable(x.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            let width = plan.width
            Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: 4 * plan.outputPlane)) { planes in
                for p in planes {
                    let xp = source.value + p * plan.inputPlane
                    var y = target.value + p * plan.outputPlane
                    for oh in 0..<plan.outHeight {
                        let r0 = xp + rows.first[oh] * width, r1 = xp + rows.second[oh] * width
                        let (a0, a1) = (rows.firstWeight[oh], rows.secondWeight[oh])
                        for ow in 0..<plan.outWidth {
                            let (c0, c1) = (cols.first[ow], cols.second[ow])
                            let (b0, b1) = (cols.firstWeight[ow], cols.secondWeight[ow])
                            y.pointee = a0 * (b0 * r0[c0] + b1 * r0[c1]) + a1 * (b0 * r1[c0] + b1 * r1[c1])
                            y += 1
                        }
                    }
                }
            }
        }
        if out.count > 0 { x.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record("upsample_bilinear", out, inputs: [x]) { g, _ in
            [try bilinearUpsamplingAdjoint(g, plan, alignCorners: alignCorners)]
        }
    }

    /// Each output gradient shared out to its four source values with the interpolation
    /// weights. Backward: `bilinearUpsampling`.
    static func bilinearUpsamplingAdjoint(_ g: Tensor, _ plan: UpsamplingPlan, alignCorners: Bool) throws -> Tensor {
        let out = g.emptyLike(shape: plan.inputShape)
        func run<T: TensorScalar>(_: T.Type) {
            let rows = LinearTaps<T>(input: plan.height, output: plan.outHeight, factor: plan.scaleH, alignCorners: alignCorners)
            let cols = LinearTaps<T>(input: plan.width, output: plan.outWidth, factor: plan.scaleW, alignCorners: alignCorners)
            let source = UncheckedSendable(g.pointer(T.self)), target = UncheckedSendable(out.pointer(T.self))
            let width = plan.width
            Parallel.forEachChunk(plan.planes, grain: Im2Col.grain(perPlane: 4 * plan.outputPlane)) { planes in
                for p in planes {
                    let gx = target.value + p * plan.inputPlane
                    var gy = source.value + p * plan.outputPlane
                    for oh in 0..<plan.outHeight {
                        let r0 = gx + rows.first[oh] * width, r1 = gx + rows.second[oh] * width
                        let (a0, a1) = (rows.firstWeight[oh], rows.secondWeight[oh])
                        for ow in 0..<plan.outWidth {
                            let (c0, c1) = (cols.first[ow], cols.second[ow])
                            let (b0, b1) = (cols.firstWeight[ow], cols.secondWeight[ow])
                            let v = gy.pointee
                            gy += 1
                            r0[c0] += a0 * b0 * v
                            r0[c1] += a0 * b1 * v
                            r1[c0] += a1 * b0 * v
                            r1[c1] += a1 * b1 * v
                        }
                    }
                }
            }
        }
        if out.count > 0 { g.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record("upsample_bilinear backward", out, inputs: [g]) { gg, _ in
            [try bilinearUpsampling(gg, plan, alignCorners: alignCorners)]
        }
    }
}

/// An upsampling of [batch, channels, height, width] planes by integer factors.
struct UpsamplingPlan: Sendable, Equatable {
    var batch: Int
    var channels: Int
    var height: Int
    var width: Int
    var scaleH: Int
    var scaleW: Int

    var outHeight: Int { height * scaleH }
    var outWidth: Int { width * scaleW }
    var inputShape: [Int] { [batch, channels, height, width] }
    var outputShape: [Int] { [batch, channels, outHeight, outWidth] }
    var planes: Int { batch * channels }
    var inputPlane: Int { height * width }
    var outputPlane: Int { outHeight * outWidth }
}
