// 2-D convolution (PyTorch's `F.conv2d`): im2col with the batch folded into the columns, one
// GEMM per group over a chunk of images, each thread taking its own range of images (the loop
// is in ConvolutionPass.swift; chunk sizes in ConvolutionGeometry), then back to NCHW. A kernel covering the whole image (DCGAN's first and last layers) skips im2col: the
// GEMMs read the tensors in place.
//
// Three recorded ops close under differentiation, so gradients of gradients (WGAN-GP's
// penalty) come out of the same kernels:
//   convolution(x, W)            -> map     backward: d x = transposed(g, W), d W = weightGradient(x, g)
//   transposedConvolution(z, W)  -> image   backward: d z = convolution(g, W), d W = weightGradient(g, z)
//   weightGradient(x, z)         -> weight  backward: d x = transposed(z, G), d z = convolution(x, G)
// (weightGradient(x, z) is d<convolution(x, W), z>/dW, bilinear in x and z.)

extension Tensor {
    /// The 2-D cross-correlation of this input [N, C, H, W] with `weight` [O, C / groups, kH, kW],
    /// plus `bias` [O]: an output [N, O, outH, outW] with outH = (H + 2 padding.0 -
    /// dilation.0 (kH - 1) - 1) / stride.0 + 1 (and likewise for the width), as PyTorch's
    /// `torch.nn.functional.conv2d`. Pairs are (height, width). Differentiable twice and more.
    /// With `activation`, the result is that activation of the convolution, computed in the same
    /// op (applied while each chunk of the output is in cache; the backward reads the derivative
    /// from the output) instead of a pass and a tensor of its own.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                       dilation: (Int, Int) = (1, 1), groups: Int = 1, activation: FusedActivation? = nil) throws -> Tensor {
        let op = FusedActivation.op("conv2d", then: activation)
        try activation?.check(op: op)
        try Self.checkConvolutionOperands(op: op, input: self, weight: weight, bias: bias)
        try Self.checkConvolutionArguments(op: op, stride: stride, padding: padding, dilation: dilation, groups: groups)
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (o, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        guard c % groups == 0, o % groups == 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, weight.shape],
                                            reason: "groups \(groups) must divide the \(c) input channels and the \(o) output channels")
        }
        guard weight.shape[1] == c / groups else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, weight.shape],
                                            reason: "the weight [O, C/groups, kH, kW] must have \(c / groups) input channels per group, not \(weight.shape[1])")
        }
        if let bias, bias.shape != [o] {
            throw TensorError.shapeMismatch(op: op, shapes: [weight.shape, bias.shape], reason: "the bias must be [\(o)], one value per output channel")
        }
        let outH = ConvolutionGeometry.convolvedExtent(h, kernel: kh, stride: stride.0, padding: padding.0, dilation: dilation.0)
        let outW = ConvolutionGeometry.convolvedExtent(w, kernel: kw, stride: stride.1, padding: padding.1, dilation: dilation.1)
        guard outH > 0, outW > 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, weight.shape],
                                            reason: "the output would be \(outH) x \(outW): the dilated kernel \(dilation.0 * (kh - 1) + 1) x \(dilation.1 * (kw - 1) + 1) "
                                                + "is larger than the padded input \(h + 2 * padding.0) x \(w + 2 * padding.1)")
        }
        let geometry = ConvolutionGeometry(batch: n, channels: c, height: h, width: w, outChannels: o, outHeight: outH, outWidth: outW,
                                           kernelHeight: kh, kernelWidth: kw, strideH: stride.0, strideW: stride.1,
                                           paddingH: padding.0, paddingW: padding.1, dilationH: dilation.0, dilationW: dilation.1,
                                           groups: groups)
        return try Self.convolution(self, weight, bias: bias, geometry, activation: activation)
    }

    // MARK: Checks shared with the transposed convolution

    /// Types and ranks of an input [N, C, H, W], a weight [*, *, kH, kW] and a bias.
    static func checkConvolutionOperands(op: String, input: Tensor, weight: Tensor, bias: Tensor?) throws {
        guard weight.dtype == input.dtype else { throw TensorError.dtypeMismatch(op: op, dtypes: [input.dtype, weight.dtype]) }
        if let bias, bias.dtype != input.dtype { throw TensorError.dtypeMismatch(op: op, dtypes: [input.dtype, bias.dtype]) }
        let layout = op == "conv2d" ? "[O, C/groups, kH, kW]" : "[C, O/groups, kH, kW]"
        guard input.rank == 4, weight.rank == 4 else {
            throw TensorError.shapeMismatch(op: op, shapes: [input.shape, weight.shape],
                                            reason: "\(op) takes an input [N, C, H, W] and a weight \(layout)")
        }
        guard weight.shape[2] > 0, weight.shape[3] > 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [input.shape, weight.shape], reason: "the kernel must be at least 1 x 1")
        }
    }

    /// Strides and dilations of at least 1, paddings of at least 0, groups of at least 1.
    static func checkConvolutionArguments(op: String, stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), groups: Int) throws {
        guard stride.0 >= 1, stride.1 >= 1 else {
            throw TensorError.invalidArgument(op: op, reason: "stride \(stride) must be at least 1 along both axes")
        }
        guard dilation.0 >= 1, dilation.1 >= 1 else {
            throw TensorError.invalidArgument(op: op, reason: "dilation \(dilation) must be at least 1 along both axes")
        }
        guard padding.0 >= 0, padding.1 >= 0 else {
            throw TensorError.invalidArgument(op: op, reason: "padding \(padding) must not be negative")
        }
        guard groups >= 1 else { throw TensorError.invalidArgument(op: op, reason: "groups \(groups) must be at least 1") }
    }

    // MARK: The recorded ops

    /// The convolution of an image-side `x` with `weight` (plus `bias`), into the map side of `g`,
    /// through `activation` when given.
    static func convolution(_ x: Tensor, _ weight: Tensor, bias: Tensor?, _ g: ConvolutionGeometry,
                            activation: FusedActivation? = nil) throws -> Tensor {
        let out = x.uninitializedLike(shape: g.mapShape)
        let slope = activation?.slope
        func run<T: TensorScalar>(_: T.Type) {
            let (og, taps, o) = (g.groupOutChannels, g.taps, g.outChannels)
            let w = weight.pointer(T.self), b = bias.map { UnsafePointer($0.pointer(T.self)) }
            if g.isDense {
                // Per group: [N, taps] x [og, taps]ᵀ -> [N, og], columns of the output [N, O].
                let (y, stride) = (out.pointer(T.self), g.channels * g.imagePlane)
                for group in 0..<g.groups {
                    GEMM.run(transposeA: false, transposeB: true, m: g.batch, n: og, k: taps,
                             a: x.pointer(T.self) + group * taps, lda: stride, b: w + group * og * taps, ldb: taps,
                             c: y + group * og, ldc: o)
                }
                if let b { Im2Col.addBias(b, to: y, batch: g.batch, channels: o, plane: 1) }
                if let slope { ActivationRows.activated(y, out.count, slope: T(slope)) }
                return
            }
            convolutionPass(T.self, g, x: x, z: nil, weight: weight, map: out, mapBias: bias, mapSlope: slope)
        }
        if out.count > 0 { x.dtype == .float32 ? run(Float.self) : run(Double.self) }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return try record(FusedActivation.op("conv2d", then: activation), out, inputs: inputs) { gradient, needed in
            var (gradient, mask) = (gradient, slope.map { (output: out, slope: $0) })
            if let m = mask, !sharedPassRuns(g) || (needed.count > 2 && needed[2]) {
                // The masked gradient as a tensor: recorded, for a dense geometry, or for the bias's sum.
                gradient = try gradient.throughActivation(of: m.output, slope: m.slope)
                mask = nil
            }
            // One pass for both gradients, or for any with the activation's mask.
            let shared = (needed[0] && needed[1]) || mask != nil
                ? sharedPass(x: x, z: gradient, weight: weight, g, map: false, needsFirst: needed[0], needsWeight: needed[1], zMask: mask) : nil
            return try convolutionGradients(needed: needed, gradient: gradient, shared: shared,
                                            input: { try transposedConvolution(gradient, weight, bias: nil, g) },
                                            weight: { try convolutionWeightGradient(x, gradient, g) })
        }
    }

    /// d<convolution(x, W), z>/dW for an image-side `x` and a map-side `z`: the weight gradient
    /// of a convolution (z its output gradient), and of a transposed convolution (x its output
    /// gradient, z its input). A weight [outChannels, channels / groups, kH, kW].
    static func convolutionWeightGradient(_ x: Tensor, _ z: Tensor, _ g: ConvolutionGeometry) throws -> Tensor {
        // The first chunk's GEMMs write the weight, the others add to it; an empty batch leaves zeros.
        let out = g.batch > 0 ? x.uninitializedLike(shape: g.weightShape) : x.emptyLike(shape: g.weightShape)
        func run<T: TensorScalar>(_: T.Type) {
            let (og, taps, o) = (g.groupOutChannels, g.taps, g.outChannels)
            let w = out.pointer(T.self)
            if g.isDense {
                // Per group: [N, og]ᵀ x [N, taps] -> [og, taps].
                let stride = g.channels * g.imagePlane
                for group in 0..<g.groups {
                    GEMM.run(transposeA: true, transposeB: false, m: og, n: taps, k: g.batch,
                             a: z.pointer(T.self) + group * og, lda: o, b: x.pointer(T.self) + group * taps, ldb: stride,
                             c: w + group * og * taps, ldc: taps)
                }
                return
            }
            convolutionPass(T.self, g, x: x, z: z, weightGradient: out)
        }
        if out.count > 0 { x.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return try record("conv2d_weight_gradient", out, inputs: [x, z]) { gradient, needed in
            [needed[0] ? try transposedConvolution(z, gradient, bias: nil, g) : nil,
             needed[1] ? try convolution(x, gradient, bias: nil, g) : nil]
        }
    }
}
