// Batch normalisation over [N, C, ...] per channel. Training: batch statistics (biased
// variance for normalising, unbiased for the running variance, as PyTorch), running
// statistics updated in place. Evaluation: the running statistics.
//
// The training forward and backward are fused loops (statistics in Double); when the backward
// itself is recorded (second derivatives), it is computed with tensor ops instead.

/// An activation applied inside batch norm's or a convolution's kernels (`relu(batchNorm(x))`
/// in one op): one pass and one saved tensor fewer per layer, like PyTorch's in-place
/// `ReLU(True)` after a batch norm. The slope must not be negative, so that the output's sign is
/// the pre-activation's (the backward reads the derivative from the output).
public enum FusedActivation: Sendable, Equatable {
    case relu
    case leakyReLU(slope: Double)

    var slope: Double {
        switch self {
        case .relu: return 0
        case let .leakyReLU(slope): return slope
        }
    }

    var name: String {
        switch self {
        case .relu: return "relu"
        case .leakyReLU: return "leaky_relu"
        }
    }

    /// The name of op `base` followed by `activation` (`conv2d_leaky_relu`), or `base`.
    static func op(_ base: String, then activation: FusedActivation?) -> String {
        activation.map { "\(base)_\($0.name)" } ?? base
    }

    /// Refuses a negative slope (the output's sign would not be the pre-activation's).
    func check(op: String) throws {
        guard slope >= 0 else { throw TensorError.invalidArgument(op: op, reason: "the fused activation's slope \(slope) must not be negative") }
    }
}

extension Tensor {
    /// Batch normalisation. `runningMean`/`runningVariance` ([C]) are updated in place in
    /// training (new = (1 - momentum) old + momentum batch); `weight`/`bias` ([C]) may be nil.
    /// With `activation`, the result is that activation of the normalised values, computed in
    /// the same op.
    public func batchNorm(weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVariance: Tensor?,
                          training: Bool, momentum: Double = 0.1, epsilon: Double = 1e-5,
                          activation: FusedActivation? = nil) throws -> Tensor {
        let op = FusedActivation.op("batch_norm", then: activation)
        try activation?.check(op: op)
        guard rank >= 2 else { throw TensorError.shapeMismatch(op: op, shapes: [shape], reason: "input must be [N, C, ...]") }
        let c = shape[1]
        for t in [weight, bias, runningMean, runningVariance].compactMap({ $0 }) {
            guard t.shape == [c] else { throw TensorError.shapeMismatch(op: op, shapes: [shape, t.shape], reason: "parameters and statistics must be [C] = [\(c)]") }
            guard t.dtype == dtype else { throw TensorError.dtypeMismatch(op: op, dtypes: [dtype, t.dtype]) }
        }
        let statisticsShape = [1, c] + [Int](repeating: 1, count: rank - 2)
        if !training {
            guard let runningMean, let runningVariance else {
                throw TensorError.invalidArgument(op: op, reason: "evaluation mode needs running statistics")
            }
            // y = x * scale + shift, scale = w / sqrt(var + eps), shift = b - mean * scale.
            let root = try (runningVariance.detached() + epsilon).squareRoot()
            let scale = try weight.map { try $0 / root } ?? root.reciprocal()
            let shift = try (bias ?? Tensor(zeros: [c], dtype: dtype)) - runningMean.detached() * scale
            if !GradMode.isEnabled || [self, weight, bias].allSatisfy({ $0?.node == nil }) {
                // Nothing to record (inference): one pass, the activation included.
                return try Self.record(op, scaledAndShifted(scale: scale, shift: shift, slope: activation?.slope), inputs: []) { _, _ in [] }
            }
            let normalized = try self * scale.reshaped(statisticsShape) + shift.reshaped(statisticsShape)
            switch activation {
            case nil: return normalized
            case .relu?: return try normalized.relu()
            case let .leakyReLU(slope)?: return try normalized.leakyReLU(slope: slope)
            }
        }
        let m = count / Swift.max(1, c)
        guard m > 1 else {
            throw TensorError.invalidArgument(op: op, reason: "training needs more than one value per channel, got input \(shape)")
        }
        let (y, mean, invstd, variance) = batchNormForward(weight: weight, bias: bias, epsilon: epsilon, slope: activation?.slope)
        if let runningMean, let runningVariance {
            let unbiased = Double(m) / Double(m - 1)
            func update<T: TensorScalar>(_: T.Type) {
                runningMean.withUnsafeMutableBuffer(T.self) { rm in
                    runningVariance.withUnsafeMutableBuffer(T.self) { rv in
                        for i in 0..<c {
                            rm[i] = T((1 - momentum) * rm[i].doubleValue + momentum * mean[i])
                            rv[i] = T((1 - momentum) * rv[i].doubleValue + momentum * variance[i] * unbiased)
                        }
                    }
                }
            }
            dtype == .float32 ? update(Float.self) : update(Double.self)
        }
        let x = self, savedOutput = activation == nil ? nil : y
        let inputs = [x, weight, bias].compactMap { $0 }
        return try Self.record(op, y, inputs: inputs) { output, needed in
            var grads: [Tensor?]
            if GradMode.isRecording {
                // Through the activation first: its derivative is read from the output's sign.
                var g = output
                if let activation, let savedOutput { g = try output.throughActivation(of: savedOutput, slope: activation.slope) }
                grads = try batchNormBackwardComposed(x: x, g: g, weight: weight, epsilon: epsilon, statisticsShape: statisticsShape)
            } else {
                // The fused kernel takes the gradient through the activation row by row.
                let through = activation.flatMap { a in savedOutput.map { (output: $0, slope: a.slope) } }
                grads = x.batchNormBackwardFused(g: output, through: through, weight: weight, mean: mean, invstd: invstd, needsInput: needed[0])
            }
            if weight == nil { grads.remove(at: 1) }
            if bias == nil { grads.removeLast() }
            return grads
        }
    }

    /// x * scale[c] + shift[c] on channel c ([C] tensors of this type), through the activation
    /// of `slope` when given: evaluation-mode batch norm in one pass.
    private func scaledAndShifted(scale: Tensor, shift: Tensor, slope: Double?) -> Tensor {
        let n = shape[0], c = shape[1], inner = shape[2...].reduce(1, *)
        let out = uninitializedLike()
        func run<T: TensorScalar>(_: T.Type) {
            let x = UncheckedSendable(pointer(T.self)), y = UncheckedSendable(out.pointer(T.self))
            let a = UncheckedSendable(scale.pointer(T.self)), b = UncheckedSendable(shift.pointer(T.self))
            Parallel.forEach(n * c) { plane in
                let ch = plane % c, at = plane * inner
                if let slope {
                    BatchNormRows.affineActivated(x.value + at, into: y.value + at, inner, centre: 0, scale: a.value[ch], shift: b.value[ch], slope: T(slope))
                } else {
                    BatchNormRows.affine(x.value + at, into: y.value + at, inner, centre: 0, scale: a.value[ch], shift: b.value[ch])
                }
            }
        }
        dtype == .float32 ? run(Float.self) : run(Double.self)
        return out
    }

    /// Normalised output (through the activation of `slope`, when given) and the per-channel
    /// mean, 1 / sqrt(var + eps) and biased variance.
    private func batchNormForward(weight: Tensor?, bias: Tensor?, epsilon: Double, slope: Double?) -> (Tensor, [Double], [Double], [Double]) {
        let n = shape[0], c = shape[1], inner = shape[2...].reduce(1, *)
        let out = uninitializedLike()
        var mean = [Double](repeating: 0, count: c), invstd = mean, variance = mean
        func run<T: TensorScalar>(_: T.Type) {
            let x = UncheckedSendable(pointer(T.self)), y = UncheckedSendable(out.pointer(T.self))
            let w = weight.map { UncheckedSendable($0.pointer(T.self)) }, b = bias.map { UncheckedSendable($0.pointer(T.self)) }
            // Per channel: mean, 1 / sqrt(var + eps), variance (written by each channel's worker).
            let stats = UncheckedSendable(UnsafeMutablePointer<Double>.allocate(capacity: 3 * c))
            defer { stats.value.deallocate() }
            Parallel.forEach(c) { ch in
                var s = 0.0
                for i in 0..<n { s += BatchNormRows.sum(x.value + (i * c + ch) * inner, inner) }
                let total = Double(n * inner)
                let mu = s / total
                // Two-pass variance for accuracy: sum of squared deviations.
                var dev = 0.0
                for i in 0..<n { dev += BatchNormRows.squaredDeviations(x.value + (i * c + ch) * inner, inner, from: T(mu)) }
                let v = dev / total
                let inv = 1 / (v + epsilon).squareRoot()
                stats.value[ch] = mu
                stats.value[c + ch] = inv
                stats.value[2 * c + ch] = v
                let scale = T(inv * (w.map { $0.value[ch].doubleValue } ?? 1))
                let shift = T(b.map { $0.value[ch].doubleValue } ?? 0)
                for i in 0..<n {
                    let at = (i * c + ch) * inner
                    if let slope {
                        BatchNormRows.affineActivated(x.value + at, into: y.value + at, inner, centre: T(mu), scale: scale, shift: shift, slope: T(slope))
                    } else {
                        BatchNormRows.affine(x.value + at, into: y.value + at, inner, centre: T(mu), scale: scale, shift: shift)
                    }
                }
            }
            for ch in 0..<c {
                mean[ch] = stats.value[ch]
                invstd[ch] = stats.value[c + ch]
                variance[ch] = stats.value[2 * c + ch]
            }
        }
        dtype == .float32 ? run(Float.self) : run(Double.self)
        return (out, mean, invstd, variance)
    }

    /// [dx, dweight, dbias] from the saved statistics, fused:
    /// dx = w invstd / M (M g - sum g - xhat sum(g xhat)), dw = sum(g xhat), db = sum g.
    /// With `through` (a fused activation's output and slope), `g` is the gradient of the
    /// activation's output, taken to its input row by row into dx's memory (which the last loop
    /// then overwrites in place), so the masked gradient is never a tensor of its own.
    private func batchNormBackwardFused(g: Tensor, through: (output: Tensor, slope: Double)?, weight: Tensor?, mean: [Double], invstd: [Double],
                                        needsInput: Bool) -> [Tensor?] {
        let n = shape[0], c = shape[1], inner = shape[2...].reduce(1, *)
        let gx = uninitializedLike(), gw = uninitializedLike(shape: [c]), gb = uninitializedLike(shape: [c])
        func run<T: TensorScalar>(_: T.Type) {
            let x = UncheckedSendable(pointer(T.self))
            let dx = UncheckedSendable(gx.pointer(T.self)), dw = UncheckedSendable(gw.pointer(T.self)), db = UncheckedSendable(gb.pointer(T.self))
            // The gradient the sums and the last loop read: g itself, or g through the activation (in dx).
            let gy = UncheckedSendable(through == nil ? g.pointer(T.self) : gx.pointer(T.self))
            let activation = through.map { (g: UncheckedSendable(g.pointer(T.self)), y: UncheckedSendable($0.output.pointer(T.self)), slope: T($0.slope)) }
            let w = weight.map { UncheckedSendable($0.pointer(T.self)) }
            let total = Double(n * inner)
            Parallel.forEach(c) { ch in
                let mu = mean[ch], inv = invstd[ch]
                var sg = 0.0, sgx = 0.0
                for i in 0..<n {
                    let at = (i * c + ch) * inner
                    if let activation {
                        ActivationRows.masked(activation.g.value + at, by: activation.y.value + at, into: dx.value + at, inner, slope: activation.slope)
                    }
                    let (a, b) = BatchNormRows.sums(gy.value + at, x.value + at, inner, centre: T(mu))
                    sg += a
                    sgx += b
                }
                sgx *= inv  // sum(g * xhat)
                dw.value[ch] = T(sgx)
                db.value[ch] = T(sg)
                guard needsInput else { return }
                // dx = k (g - mean g - xhat mean(g xhat)) = k g + slope (x - mean) + offset.
                let k = inv * (w.map { $0.value[ch].doubleValue } ?? 1)
                let meanG = sg / total, meanGX = sgx / total
                let slope = -k * inv * meanGX, offset = -k * meanG
                for i in 0..<n {
                    let at = (i * c + ch) * inner
                    BatchNormRows.combine(gy.value + at, x.value + at, into: dx.value + at, inner, centre: T(mu), T(k), T(slope), T(offset))
                }
            }
        }
        dtype == .float32 ? run(Float.self) : run(Double.self)
        return [needsInput ? gx : nil, gw, gb]
    }
}

extension Tensor {
    /// This gradient of an activation's output taken to its input, the derivative read from the
    /// output: 1 where it is positive, `slope` elsewhere; differentiable in the gradient (the
    /// derivative is piecewise constant). For recording backward passes: the fused ones take
    /// it row by row (`ActivationRows.masked`).
    func throughActivation(of output: Tensor, slope: Double) throws -> Tensor {
        try self * output.detached().mapped(ActivationSlope(slope: slope))
    }
}

/// 1 where the output is positive, the slope elsewhere.
private struct ActivationSlope: UnaryFunction {
    let slope: Double
    func callAsFunction<T: TensorScalar>(_ y: T) -> T { y > 0 ? 1 : T(slope) }
}

/// The loops of a fused activation (`FusedActivation`) over a row of values, for batch norm and
/// the convolutions alike. Scalar loops, which LLVM vectorises with a compare and a blend (see
/// `BatchNormRows.affineActivated`).
enum ActivationRows {
    /// y = the activation of `slope` of y, in place (the values of the ReLU and LeakyReLU ops,
    /// signed zeros included).
    @inline(__always)
    static func activated<T: TensorScalar>(_ y: UnsafeMutablePointer<T>, _ count: Int, slope: T) {
        if slope == 0 {
            for k in 0..<count { let v = y[k]; y[k] = v > 0 ? v : 0 }
        } else {
            for k in 0..<count { let v = y[k]; y[k] = v > 0 ? v : v * slope }
        }
    }

    /// r = g where y > 0, g slope elsewhere: a gradient taken through the activation whose output
    /// is y (the same values as the recorded `throughActivation`, signed zeros included).
    @inline(__always)
    static func masked<T: TensorScalar>(_ g: UnsafeMutablePointer<T>, by y: UnsafeMutablePointer<T>, into r: UnsafeMutablePointer<T>,
                                        _ count: Int, slope: T) {
        for k in 0..<count { let v = g[k]; r[k] = y[k] > 0 ? v : v * slope }
    }
}

/// The per-row loops of the fused batch norm, eight lanes at a time: a row (one image's plane
/// of one channel) is summed in the tensor's type and the rows' sums in Double.
enum BatchNormRows {
    @inline(__always)
    static func sum<T: TensorScalar>(_ p: UnsafeMutablePointer<T>, _ count: Int) -> Double {
        var acc = SIMD8<T>(), k = 0
        while k &+ 8 <= count { acc += UnsafeRawPointer(p + k).loadUnaligned(as: SIMD8<T>.self); k &+= 8 }
        var total = acc.sum().doubleValue
        while k < count { total += p[k].doubleValue; k &+= 1 }
        return total
    }

    /// sum (p - centre)²
    @inline(__always)
    static func squaredDeviations<T: TensorScalar>(_ p: UnsafeMutablePointer<T>, _ count: Int, from centre: T) -> Double {
        var acc = SIMD8<T>(), k = 0
        let m = SIMD8<T>(repeating: centre)
        while k &+ 8 <= count {
            let d = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD8<T>.self) - m
            acc += d * d
            k &+= 8
        }
        var total = acc.sum().doubleValue
        while k < count { let d = (p[k] - centre).doubleValue; total += d * d; k &+= 1 }
        return total
    }

    /// q = (p - centre) scale + shift
    @inline(__always)
    static func affine<T: TensorScalar>(_ p: UnsafeMutablePointer<T>, into q: UnsafeMutablePointer<T>, _ count: Int,
                                        centre: T, scale: T, shift: T) {
        let m = SIMD8<T>(repeating: centre), a = SIMD8<T>(repeating: scale), b = SIMD8<T>(repeating: shift)
        var k = 0
        while k &+ 8 <= count {
            let v = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD8<T>.self)
            UnsafeMutableRawPointer(q + k).storeBytes(of: (v - m) * a + b, as: SIMD8<T>.self)
            k &+= 8
        }
        while k < count { q[k] = (p[k] - centre) * scale + shift; k &+= 1 }
    }

    /// q = v > 0 ? v : slope v with v = (p - centre) scale + shift (+0 for ReLU's slope 0, as
    /// `relu()`). Scalar loops, which LLVM vectorises with a compare and a blend: SIMD8's masks
    /// in generic code were lowered to per-lane stores and loads, ten times slower.
    @inline(__always)
    static func affineActivated<T: TensorScalar>(_ p: UnsafeMutablePointer<T>, into q: UnsafeMutablePointer<T>, _ count: Int,
                                                 centre: T, scale: T, shift: T, slope: T) {
        if slope == 0 {
            for k in 0..<count { let v = (p[k] - centre) * scale + shift; q[k] = v > 0 ? v : 0 }
        } else {
            for k in 0..<count { let v = (p[k] - centre) * scale + shift; q[k] = v > 0 ? v : v * slope }
        }
    }

    /// (sum g, sum g (x - centre))
    @inline(__always)
    static func sums<T: TensorScalar>(_ g: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, _ count: Int, centre: T) -> (Double, Double) {
        var sg = SIMD8<T>(), sgx = SIMD8<T>(), k = 0
        let m = SIMD8<T>(repeating: centre)
        while k &+ 8 <= count {
            let gv = UnsafeRawPointer(g + k).loadUnaligned(as: SIMD8<T>.self)
            sg += gv
            sgx += gv * (UnsafeRawPointer(x + k).loadUnaligned(as: SIMD8<T>.self) - m)
            k &+= 8
        }
        var a = sg.sum().doubleValue, b = sgx.sum().doubleValue
        while k < count { a += g[k].doubleValue; b += (g[k] * (x[k] - centre)).doubleValue; k &+= 1 }
        return (a, b)
    }

    /// r = a g + b (x - centre) + c
    @inline(__always)
    static func combine<T: TensorScalar>(_ g: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, into r: UnsafeMutablePointer<T>,
                                         _ count: Int, centre: T, _ a: T, _ b: T, _ c: T) {
        let m = SIMD8<T>(repeating: centre), va = SIMD8<T>(repeating: a), vb = SIMD8<T>(repeating: b), vc = SIMD8<T>(repeating: c)
        var k = 0
        while k &+ 8 <= count {
            let gv = UnsafeRawPointer(g + k).loadUnaligned(as: SIMD8<T>.self), xv = UnsafeRawPointer(x + k).loadUnaligned(as: SIMD8<T>.self)
            UnsafeMutableRawPointer(r + k).storeBytes(of: va * gv + vb * (xv - m) + vc, as: SIMD8<T>.self)
            k &+= 8
        }
        while k < count { r[k] = a * g[k] + b * (x[k] - centre) + c; k &+= 1 }
    }
}

/// The training backward with tensor ops, differentiable again: [dx, dweight, dbias].
private func batchNormBackwardComposed(x: Tensor, g: Tensor, weight: Tensor?, epsilon: Double, statisticsShape: [Int]) throws -> [Tensor?] {
    let axes = [0] + Array(2..<x.rank)
    let mean = try x.mean(axes: axes, keepingDims: true)
    let centered = try x - mean
    let variance = try centered.squared().mean(axes: axes, keepingDims: true)
    let invstd = try (variance + epsilon).squareRoot().reciprocal()
    let xhat = try centered * invstd
    let k = try weight.map { try $0.reshaped(statisticsShape) * invstd } ?? invstd
    let gx = try k * (g - g.mean(axes: axes, keepingDims: true) - xhat * (g * xhat).mean(axes: axes, keepingDims: true))
    let gw = try (g * xhat).sum(axes: axes)
    let gb = try g.sum(axes: axes)
    return [gx, gw, gb]
}

extension Tensor {
    /// 1 / x.
    public func reciprocal() throws -> Tensor { try applying(ReciprocalFunction()) }
}

struct ReciprocalFunction: PointwiseFunction {
    var name: String { "reciprocal" }
    func value<T: TensorScalar>(_ x: T) -> T { 1 / x }
    func derivative<T: TensorScalar>(_ x: T) -> T { -1 / (x * x) }
    func secondDerivative<T: TensorScalar>(_ x: T) -> T { 2 / (x * x * x) }
}
