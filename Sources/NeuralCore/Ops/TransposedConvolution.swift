// 2-D transposed convolution (PyTorch's `F.conv_transpose2d`): the adjoint of a convolution
// with respect to its input. One GEMM per group over a chunk of images gives the column
// matrix, col2im sums it into the output. Its backward is in Convolution.swift's terms: d input =
// convolution(g, W), d weight = weightGradient(g, input), d bias = sum of g.

extension Tensor {
    /// The transposed convolution of this input [N, C, H, W] with `weight` [C, O / groups, kH,
    /// kW] (PyTorch's layout), plus `bias` [O]: an output [N, O, outH, outW] with outH =
    /// (H - 1) stride.0 - 2 padding.0 + dilation.0 (kH - 1) + outputPadding.0 + 1 (likewise
    /// for the width), as `torch.nn.functional.conv_transpose2d`. `outputPadding` (smaller than
    /// the stride or the dilation) adds rows and columns at the bottom and right. Pairs are
    /// (height, width). Differentiable twice and more.
    public func convTranspose2d(weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                                outputPadding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1) throws -> Tensor {
        let op = "conv_transpose2d"
        try Self.checkConvolutionOperands(op: op, input: self, weight: weight, bias: bias)
        try Self.checkConvolutionArguments(op: op, stride: stride, padding: padding, dilation: dilation, groups: groups)
        guard outputPadding.0 >= 0, outputPadding.1 >= 0,
              outputPadding.0 < Swift.max(stride.0, dilation.0), outputPadding.1 < Swift.max(stride.1, dilation.1) else {
            throw TensorError.invalidArgument(op: op, reason: "output padding \(outputPadding) must be at least 0 and smaller than "
                                                + "the stride \(stride) or the dilation \(dilation) along each axis")
        }
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (kh, kw) = (weight.shape[2], weight.shape[3])
        guard weight.shape[0] == c else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, weight.shape],
                                            reason: "the weight [C, O/groups, kH, kW] must have the input's \(c) channels first, not \(weight.shape[0])")
        }
        guard c % groups == 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, weight.shape], reason: "groups \(groups) must divide the \(c) input channels")
        }
        let o = weight.shape[1] * groups
        if let bias, bias.shape != [o] {
            throw TensorError.shapeMismatch(op: op, shapes: [weight.shape, bias.shape], reason: "the bias must be [\(o)], one value per output channel")
        }
        let outH = (h - 1) * stride.0 - 2 * padding.0 + dilation.0 * (kh - 1) + outputPadding.0 + 1
        let outW = (w - 1) * stride.1 - 2 * padding.1 + dilation.1 * (kw - 1) + outputPadding.1 + 1
        guard h > 0, w > 0, outH > 0, outW > 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, weight.shape],
                                            reason: "the output would be \(outH) x \(outW): the padding \(padding) takes away more than the input gives")
        }
        // The convolution this op is the adjoint of: its image is this op's output, its map
        // this op's input.
        let geometry = ConvolutionGeometry(batch: n, channels: o, height: outH, width: outW, outChannels: c, outHeight: h, outWidth: w,
                                           kernelHeight: kh, kernelWidth: kw, strideH: stride.0, strideW: stride.1,
                                           paddingH: padding.0, paddingW: padding.1, dilationH: dilation.0, dilationW: dilation.1,
                                           groups: groups)
        return try Self.transposedConvolution(self, weight, bias: bias, geometry)
    }

    /// The adjoint of `convolution(_, weight, g)`: a map-side `z` into the image side of `g`,
    /// plus `bias` per image channel.
    static func transposedConvolution(_ z: Tensor, _ weight: Tensor, bias: Tensor?, _ g: ConvolutionGeometry) throws -> Tensor {
        let out = z.uninitializedLike(shape: g.imageShape)
        func run<T: TensorScalar>(_: T.Type) {
            let (og, taps, o) = (g.groupOutChannels, g.taps, g.outChannels)
            let w = weight.pointer(T.self), b = bias.map { UnsafePointer($0.pointer(T.self)) }
            if g.isDense {
                // Per group: [N, og] x [og, taps] -> [N, taps], columns of the output [N, C H W].
                let (y, stride) = (out.pointer(T.self), g.channels * g.imagePlane)
                for group in 0..<g.groups {
                    GEMM.run(transposeA: false, transposeB: false, m: g.batch, n: taps, k: og,
                             a: z.pointer(T.self) + group * og, lda: o, b: w + group * og * taps, ldb: taps,
                             c: y + group * taps, ldc: stride)
                }
                if let b { Im2Col.addBias(b, to: y, batch: g.batch, channels: g.channels, plane: g.imagePlane) }
                return
            }
            convolutionPass(T.self, g, x: nil, z: z, weight: weight, image: out, imageBias: bias)
        }
        if out.count > 0 { z.dtype == .float32 ? run(Float.self) : run(Double.self) }
        let inputs = bias.map { [z, weight, $0] } ?? [z, weight]
        return try record("conv_transpose2d", out, inputs: inputs) { gradient, needed in
            try convolutionGradients(needed: needed, gradient: gradient,
                                     shared: needed[0] && needed[1] ? sharedPass(x: gradient, z: z, weight: weight, g, map: true) : nil,
                                     input: { try convolution(gradient, weight, bias: nil, g) },
                                     weight: { try convolutionWeightGradient(gradient, z, g) })
        }
    }
}
