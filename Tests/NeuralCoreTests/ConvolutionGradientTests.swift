import Foundation
import Synchronization
import Testing
@testable import NeuralCore

/// Convolution and transposed convolution: forward values (by hand and against a direct
/// loop), gradients of first and second order against finite differences in Float64, the
/// adjoint relation between the two, and the errors.
struct ConvolutionGradientTests {
    static func random(_ shape: [Int], seed: UInt64, dtype: DType = .float64) throws -> Tensor {
        var g = PhiloxGenerator(seed: seed)
        return try Tensor.uniform(shape, low: -1, high: 1, dtype: dtype, generator: &g)
    }

    /// One convolution's shapes and arguments.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [Int]
        var weight: [Int]
        var bias = false
        var stride = (1, 1)
        var padding = (0, 0)
        var dilation = (1, 1)
        var groups = 1
        var outputPadding = (0, 0)
        var testDescription: String { name }
    }

    static let convolutions: [Case] = [
        Case(name: "k3 s1 p1 with bias", input: [2, 3, 5, 4], weight: [4, 3, 3, 3], bias: true, padding: (1, 1)),
        Case(name: "k3x2 s2x1 p1x0", input: [2, 2, 7, 5], weight: [3, 2, 3, 2], bias: true, stride: (2, 1), padding: (1, 0)),
        Case(name: "one image, dilation 2x1, stride 1x2", input: [1, 2, 6, 5], weight: [2, 2, 2, 3], stride: (1, 2), padding: (2, 1), dilation: (2, 1)),
        Case(name: "groups 2, stride 2", input: [2, 4, 5, 5], weight: [6, 2, 3, 3], bias: true, stride: (2, 2), padding: (1, 1), groups: 2),
        Case(name: "depthwise", input: [2, 3, 4, 4], weight: [3, 1, 3, 3], padding: (1, 1), groups: 3),
        Case(name: "k4 s2 p1 (DCGAN)", input: [2, 3, 8, 8], weight: [4, 3, 4, 4], stride: (2, 2), padding: (1, 1)),
        Case(name: "1x1", input: [3, 4, 3, 2], weight: [2, 4, 1, 1], bias: true),
        Case(name: "kernel covering the image (dense)", input: [3, 4, 3, 2], weight: [6, 2, 3, 2], bias: true, groups: 2),
        Case(name: "one output channel, padding beyond the kernel's reach", input: [2, 2, 3, 3], weight: [1, 2, 2, 2], stride: (2, 2), padding: (2, 1)),
    ]

    static let transposedConvolutions: [Case] = [
        Case(name: "k4 s2 p1 (DCGAN)", input: [2, 4, 3, 3], weight: [4, 3, 4, 4], bias: true, stride: (2, 2), padding: (1, 1)),
        Case(name: "output padding", input: [2, 3, 3, 2], weight: [3, 2, 3, 3], bias: true, stride: (2, 2), padding: (1, 1), outputPadding: (1, 1)),
        Case(name: "groups 2, dilation 2x1, stride 1x2", input: [2, 4, 3, 3], weight: [4, 3, 3, 2], stride: (1, 2), padding: (1, 0),
             dilation: (2, 1), groups: 2),
        Case(name: "1x1 input to 4x4 (DCGAN first layer, dense)", input: [2, 5, 1, 1], weight: [5, 3, 4, 4]),
        Case(name: "1x1 input to 3x2, groups 2, bias (dense)", input: [3, 4, 1, 1], weight: [4, 3, 3, 2], bias: true, groups: 2),
        Case(name: "output padding from the dilation", input: [1, 2, 3, 3], weight: [2, 2, 3, 3], bias: true, padding: (1, 1),
             dilation: (2, 2), outputPadding: (1, 0)),
        Case(name: "one output channel", input: [2, 3, 2, 3], weight: [3, 1, 3, 3], stride: (3, 2), padding: (0, 1)),
    ]

    static func convolve(_ c: Case, _ xs: [Tensor]) throws -> Tensor {
        try xs[0].conv2d(weight: xs[1], bias: c.bias ? xs[2] : nil, stride: c.stride, padding: c.padding,
                         dilation: c.dilation, groups: c.groups)
    }

    static func convolveTransposed(_ c: Case, _ xs: [Tensor]) throws -> Tensor {
        try xs[0].convTranspose2d(weight: xs[1], bias: c.bias ? xs[2] : nil, stride: c.stride, padding: c.padding,
                                  outputPadding: c.outputPadding, dilation: c.dilation, groups: c.groups)
    }

    static func inputs(_ c: Case, biasCount: Int) throws -> [Tensor] {
        var xs = [try random(c.input, seed: 1), try random(c.weight, seed: 2)]
        if c.bias { xs.append(try random([biasCount], seed: 3)) }
        return xs
    }

    // MARK: Gradients

    @Test(arguments: convolutions)
    func convolutionGradients(_ c: Case) throws {
        try GradientCheck.check("conv2d \(c.name)", inputs: try Self.inputs(c, biasCount: c.weight[0]), secondOrder: true) {
            try Self.convolve(c, $0)
        }
    }

    @Test(arguments: transposedConvolutions)
    func transposedConvolutionGradients(_ c: Case) throws {
        try GradientCheck.check("conv_transpose2d \(c.name)", inputs: try Self.inputs(c, biasCount: c.weight[1] * c.groups), secondOrder: true) {
            try Self.convolveTransposed(c, $0)
        }
    }

    /// The weight-gradient op on its own: d/d image and d/d map, first and second order.
    @Test func weightGradientOp() throws {
        let g = ConvolutionGeometry(batch: 2, channels: 4, height: 5, width: 4, outChannels: 2, outHeight: 3, outWidth: 2,
                                    kernelHeight: 3, kernelWidth: 2, strideH: 2, strideW: 2, paddingH: 1, paddingW: 0,
                                    dilationH: 1, dilationW: 2, groups: 2)
        let x = try Self.random(g.imageShape, seed: 4), z = try Self.random(g.mapShape, seed: 5)
        try GradientCheck.check("conv2d weight gradient", inputs: [x, z], secondOrder: true) {
            try Tensor.convolutionWeightGradient($0[0], $0[1], g)
        }
    }

    /// WGAN-GP's shape of computation: the gradient of a critic (conv, tanh, conv) with respect
    /// to its input, itself differentiated with respect to the input and both weights.
    @Test func inputGradientOfATwoLayerCritic() throws {
        let x = try Self.random([2, 2, 6, 6], seed: 6)
        let w1 = try Self.random([3, 2, 4, 4], seed: 7) * 0.5, w2 = try Self.random([1, 3, 3, 3], seed: 8) * 0.5
        let b1 = try Self.random([3], seed: 9)
        try GradientCheck.check("critic input gradient", inputs: [x, w1, b1, w2]) { xs in
            try GradMode.withGradients {
                let h = try xs[0].conv2d(weight: xs[1], bias: xs[2], stride: (2, 2), padding: (1, 1)).tanh()
                let score = try h.conv2d(weight: xs[3]).sum()
                return try Tensor.gradients(of: [score], with: [xs[0]], createGraph: true)[0]
            }
        }
    }

    // MARK: Forward values

    @Test func convolutionValuesByHand() throws {
        let x = try Tensor(shape: [1, 1, 3, 3], values: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let ones = try Tensor(repeating: 1, shape: [1, 1, 2, 2])
        let y = try x.conv2d(weight: ones, bias: try Tensor(shape: [1], values: [10]))
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.floats == [22, 26, 34, 38])
        // Padding 1, stride 2: the corners of the padded image hold one, two or four values.
        #expect(try x.conv2d(weight: ones, stride: (2, 2), padding: (1, 1)).floats == [1, 5, 11, 28])
        // Groups: each channel through its own filter.
        let pair = try Tensor(shape: [1, 2, 1, 1], values: [1, 2])
        #expect(try pair.conv2d(weight: try Tensor(shape: [2, 1, 1, 1], values: [3, 4]), groups: 2).floats == [3, 8])
        // Dilation 2 on a 3x3 image: one output, the four corners.
        #expect(try x.conv2d(weight: ones, dilation: (2, 2)).floats == [1 + 3 + 7 + 9])
    }

    @Test func transposedConvolutionValuesByHand() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        let ones = try Tensor(repeating: 1, shape: [1, 1, 2, 2])
        // Stride 2: each value becomes a 2x2 block.
        let blocks = try x.convTranspose2d(weight: ones, stride: (2, 2))
        #expect(blocks.shape == [1, 1, 4, 4])
        #expect(blocks.floats == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        // Stride 1: overlapping blocks add up; the bias is added once.
        let overlapping = try x.convTranspose2d(weight: ones, bias: try Tensor(shape: [1], values: [0.5]))
        #expect(overlapping.floats == [1.5, 3.5, 2.5, 4.5, 10.5, 6.5, 3.5, 7.5, 4.5])
        // Output padding adds a row and a column that only the bias reaches.
        let padded = try x.convTranspose2d(weight: ones, bias: try Tensor(shape: [1], values: [-1]), stride: (2, 2), outputPadding: (1, 1))
        #expect(padded.shape == [1, 1, 5, 5])
        #expect(padded.floats.suffix(5) == [-1, -1, -1, -1, -1])
    }

    /// A direct six-fold loop, the definition of the convolution.
    static func directConvolution(_ x: Tensor, _ w: Tensor, stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), groups: Int) -> [Double] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let og = o / groups
        let outH = (h + 2 * padding.0 - dilation.0 * (kh - 1) - 1) / stride.0 + 1
        let outW = (wd + 2 * padding.1 - dilation.1 * (kw - 1) - 1) / stride.1 + 1
        let xv = x.doubles, wv = w.doubles
        var y = [Double](repeating: 0, count: n * o * outH * outW)
        for b in 0..<n {
            for oc in 0..<o {
                let group = oc / og
                for oh in 0..<outH {
                    for ow in 0..<outW {
                        var s = 0.0
                        for ic in 0..<cg {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let ih = oh * stride.0 - padding.0 + i * dilation.0, iw = ow * stride.1 - padding.1 + j * dilation.1
                                    guard ih >= 0, ih < h, iw >= 0, iw < wd else { continue }
                                    s += xv[((b * c + group * cg + ic) * h + ih) * wd + iw] * wv[((oc * cg + ic) * kh + i) * kw + j]
                                }
                            }
                        }
                        y[((b * o + oc) * outH + oh) * outW + ow] = s
                    }
                }
            }
        }
        return y
    }

    /// Shapes large enough to split the loops over threads, in both types, against the direct loop.
    @Test(arguments: [DType.float32, .float64])
    func matchesTheDirectLoop(dtype: DType) throws {
        let cases: [(x: [Int], w: [Int], stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), groups: Int)] = [
            ([4, 8, 16, 16], [16, 8, 4, 4], (2, 2), (1, 1), (1, 1), 1),
            ([3, 6, 13, 11], [9, 2, 3, 5], (1, 2), (2, 1), (2, 1), 3),
            ([1, 16, 9, 9], [8, 16, 3, 3], (1, 1), (1, 1), (1, 1), 1),
            // Rows long enough for the vector loops, their tails and their row-end fallbacks.
            ([2, 3, 20, 37], [4, 3, 3, 4], (2, 2), (1, 2), (1, 1), 1),
            ([2, 2, 11, 40], [2, 2, 2, 5], (1, 2), (0, 0), (1, 2), 1),
            ([1, 2, 5, 29], [3, 2, 3, 3], (1, 1), (1, 1), (1, 1), 1),
            // The kernel covers the image: the dense path.
            ([5, 6, 4, 4], [4, 3, 4, 4], (1, 1), (0, 0), (1, 1), 2),
        ]
        for (k, c) in cases.enumerated() {
            let x = try Self.random(c.x, seed: 20 + UInt64(k), dtype: dtype), w = try Self.random(c.w, seed: 30 + UInt64(k), dtype: dtype)
            let y = try x.conv2d(weight: w, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
            let expected = Self.directConvolution(x, w, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
            let worst = zip(y.doubles, expected).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(worst < (dtype == .float32 ? 1e-4 : 1e-12), "case \(k): largest difference \(worst)")
            // The transposed convolution (col2im) through the adjoint relation, in Float64.
            let x64 = try x.converted(to: .float64), w64 = try w.converted(to: .float64)
            let z = try Self.random(y.shape, seed: 40 + UInt64(k))
            let outputPadding = (c.x[2] - ((y.shape[2] - 1) * c.stride.0 - 2 * c.padding.0 + c.dilation.0 * (c.w[2] - 1) + 1),
                                 c.x[3] - ((y.shape[3] - 1) * c.stride.1 - 2 * c.padding.1 + c.dilation.1 * (c.w[3] - 1) + 1))
            let back = try z.convTranspose2d(weight: w64, stride: c.stride, padding: c.padding, outputPadding: outputPadding,
                                             dilation: c.dilation, groups: c.groups)
            let lhs = try (try x64.conv2d(weight: w64, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups) * z).sum().item()
            let rhs = try (back * x64).sum().item()
            #expect(Swift.abs(lhs - rhs) < 1e-10 * Swift.max(1, Swift.abs(lhs)), "case \(k): adjoint \(lhs) vs \(rhs)")
        }
    }

    /// <conv(x, W), z> = <convT(z, W), x>: the two ops are adjoint, in every geometry.
    @Test(arguments: convolutions)
    func transposedIsTheAdjoint(_ c: Case) throws {
        var c = c
        c.bias = false
        let x = try Self.random(c.input, seed: 40), w = try Self.random(c.weight, seed: 41)
        let y = try Self.convolve(c, [x, w])
        let z = try Self.random(y.shape, seed: 42)
        let outputPadding = (c.input[2] - ((y.shape[2] - 1) * c.stride.0 - 2 * c.padding.0 + c.dilation.0 * (c.weight[2] - 1) + 1),
                             c.input[3] - ((y.shape[3] - 1) * c.stride.1 - 2 * c.padding.1 + c.dilation.1 * (c.weight[3] - 1) + 1))
        let back = try z.convTranspose2d(weight: w, stride: c.stride, padding: c.padding, outputPadding: outputPadding,
                                         dilation: c.dilation, groups: c.groups)
        #expect(back.shape == x.shape)
        let lhs = try (y * z).sum().item(), rhs = try (back * x).sum().item()
        #expect(Swift.abs(lhs - rhs) < 1e-12 * Swift.max(1, Swift.abs(lhs)))
    }

    /// A convolution with a fused ReLU or LeakyReLU: the same bytes as the two ops one after the
    /// other (Float32) for the output and for the gradients of a backward that records nothing
    /// (which takes the gradient through the activation chunk by chunk), with the input gradient
    /// alone as well; finite differences to second order (Float64, the recording path); and
    /// Sequential fusing a Conv2d followed by an Activation. Geometries: the small cases, and
    /// DCGAN-like layers wide enough for PackedGEMM (several images per chunk, and one image of
    /// 1024 positions per chunk).
    @Test(arguments: [FusedActivation.relu, .leakyReLU(slope: 0.2)])
    func convolutionWithFusedActivation(activation: FusedActivation) throws {
        func apply(_ t: Tensor) throws -> Tensor {
            switch activation {
            case .relu: return try t.relu()
            case let .leakyReLU(slope): return try t.leakyReLU(slope: slope)
            }
        }
        let wide = [Case(name: "k4 s2 p1, 40 channels", input: [5, 3, 16, 16], weight: [40, 3, 4, 4], stride: (2, 2), padding: (1, 1)),
                    Case(name: "k4 s2 p1, 33 channels, 32x32 maps", input: [2, 1, 64, 64], weight: [33, 1, 4, 4], stride: (2, 2), padding: (1, 1))]
        for c in Self.convolutions + wide {
            let x = try Self.random(c.input, seed: 80, dtype: .float32).requiringGrad()
            let w = try Self.random(c.weight, seed: 81, dtype: .float32).requiringGrad()
            let b = c.bias ? try Self.random([c.weight[0]], seed: 82, dtype: .float32).requiringGrad() : nil
            func conv(_ activation: FusedActivation?) throws -> Tensor {
                try x.conv2d(weight: w, bias: b, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups, activation: activation)
            }
            let fused = try conv(activation), composed = try apply(conv(nil))
            #expect(fused.bitwiseEqual(composed), "\(c.name): values")
            #expect(fused.gradOp == "conv2d_\(activation.name)")
            let seed = try Self.random(fused.shape, seed: 83, dtype: .float32)
            for inputs in [[x, w] + (b.map { [$0] } ?? []), [x]] {
                let g1 = try Tensor.gradients(of: [fused], with: inputs, seeds: [seed], retainGraph: true)
                let g2 = try Tensor.gradients(of: [composed], with: inputs, seeds: [seed], retainGraph: true)
                for (i, (p, q)) in zip(g1, g2).enumerated() { #expect(p.bitwiseEqual(q), "\(c.name): gradient \(i) of \(inputs.count)") }
            }
        }
        // A 1x1 convolution of one channel with positive weights keeps each value's sign and
        // magnitude (at least 0.25): the finite differences never straddle the kink.
        var xv = [Double]()
        for i in 0..<24 {
            let magnitude = 0.5 + Double(i % 5) / 10
            xv.append(i % 3 == 0 ? -magnitude : magnitude)
        }
        let x = try Tensor(shape: [2, 1, 3, 4], doubles: xv, dtype: .float64)
        let w = try Tensor(shape: [3, 1, 1, 1], doubles: [0.5, 1.0, 1.5], dtype: .float64)
        try GradientCheck.check("conv2d_\(activation.name)", inputs: [x, w], secondOrder: true) {
            try $0[0].conv2d(weight: $0[1], activation: activation)
        }
        // Sequential runs a Conv2d followed by a ReLU/LeakyReLU as the fused op.
        var generator = PhiloxGenerator(seed: 87)
        let layer = try Conv2d(3, 4, kernel: 3, padding: 1, generator: &generator)
        let kind: Activation.Kind = activation == .relu ? .relu : .leakyReLU(slope: activation.slope)
        let xs = try Self.random([2, 3, 5, 4], seed: 88, dtype: .float32)
        let y = try Sequential([layer, Activation(kind)])(xs)
        #expect(y.gradOp == "conv2d_\(activation.name)")
        #expect(y.bitwiseEqual(try apply(layer(xs))))
        #expect(throws: TensorError.self) { try xs.conv2d(weight: layer.weight, padding: (1, 1), activation: .leakyReLU(slope: -0.1)) }
    }

    /// The batch goes through the GEMMs in chunks of images; any chunking gives the same values.
    @Test(arguments: [DType.float32, .float64])
    func chunksOfImagesAgree(dtype: DType) throws {
        var g = ConvolutionGeometry(batch: 7, channels: 4, height: 9, width: 8, outChannels: 6, outHeight: 5, outWidth: 4,
                                    kernelHeight: 3, kernelWidth: 3, strideH: 2, strideW: 2, paddingH: 1, paddingW: 1,
                                    dilationH: 1, dilationW: 1, groups: 2)
        let x = try Self.random(g.imageShape, seed: 60, dtype: dtype), w = try Self.random(g.weightShape, seed: 61, dtype: dtype)
        let z = try Self.random(g.mapShape, seed: 62, dtype: dtype), b = try Self.random([6], seed: 63, dtype: dtype)
        let whole = [try Tensor.convolution(x, w, bias: b, g), try Tensor.transposedConvolution(z, w, bias: try Self.random([4], seed: 64, dtype: dtype), g),
                     try Tensor.convolutionWeightGradient(x, z, g)]
        #expect(g.imagesPerChunk == 7)
        g.minimumColumns = 1
        // Budgets of one, two and three images, then single images for planes as large as this one.
        for (budget, planeLimit, images) in [(1, 1024, 1), (2 * 36 * 20, 1024, 2), (3 * 36 * 20, 1024, 3), (1 << 20, g.mapPlane, 1)] {
            g.columnBudget = budget
            g.singleImagePlane = planeLimit
            #expect(g.imagesPerChunk == images)
            let chunked = [try Tensor.convolution(x, w, bias: b, g), try Tensor.transposedConvolution(z, w, bias: try Self.random([4], seed: 64, dtype: dtype), g),
                           try Tensor.convolutionWeightGradient(x, z, g)]
            for (a, c) in zip(whole, chunked) {
                let worst = zip(a.doubles, c.doubles).map { Swift.abs($0 - $1) }.max() ?? 0
                #expect(worst < (dtype == .float32 ? 1e-5 : 1e-13), "\(g.imagesPerChunk) images per chunk: largest difference \(worst)")
            }
        }
    }

    /// The batch is split into one range of images per thread, and each thread sums its own
    /// weight gradient; any thread count gives the same values (up to the order of the sums).
    @Test(arguments: [DType.float32, .float64])
    func threadsSplittingTheBatchAgree(dtype: DType) throws {
        var g = ConvolutionGeometry(batch: 7, channels: 4, height: 9, width: 8, outChannels: 6, outHeight: 5, outWidth: 4,
                                    kernelHeight: 3, kernelWidth: 3, strideH: 2, strideW: 2, paddingH: 1, paddingW: 1,
                                    dilationH: 1, dilationW: 1, groups: 2)
        g.minimumColumns = 1
        g.columnBudget = 2 * 36 * 20
        let x = try Self.random(g.imageShape, seed: 70, dtype: dtype), w = try Self.random(g.weightShape, seed: 71, dtype: dtype)
        let z = try Self.random(g.mapShape, seed: 72, dtype: dtype), b = try Self.random([6], seed: 73, dtype: dtype)
        let c = try Self.random([4], seed: 74, dtype: dtype)
        func all(threads: Int) throws -> [Tensor] {
            g.threads = threads
            return [try Tensor.convolution(x, w, bias: b, g), try Tensor.transposedConvolution(z, w, bias: c, g),
                    try Tensor.convolutionWeightGradient(x, z, g)]
        }
        let one = try all(threads: 1)
        for threads in [2, 3, 7, 9] {
            let split = try all(threads: threads)
            #expect(g.workers == Swift.min(threads, 7))
            for (a, other) in zip(one, split) {
                let worst = zip(a.doubles, other.doubles).map { Swift.abs($0 - $1) }.max() ?? 0
                #expect(worst < (dtype == .float32 ? 1e-5 : 1e-13), "\(threads) threads: largest difference \(worst)")
            }
            // The same thread count gives the same bytes.
            for (a, again) in zip(try all(threads: threads), try all(threads: threads)) { #expect(a.bitwiseEqual(again)) }
        }
    }

    /// Chunks handed to whichever thread is free cover every image once, in chunks of the
    /// static split's size, on as many threads as the static split uses.
    @Test func dynamicChunksCoverTheBatchOnce() {
        var g = ConvolutionGeometry(batch: 23, channels: 4, height: 9, width: 8, outChannels: 6, outHeight: 5, outWidth: 4,
                                    kernelHeight: 3, kernelWidth: 3, strideH: 2, strideW: 2, paddingH: 1, paddingW: 1,
                                    dilationH: 1, dilationW: 1, groups: 1)
        g.minimumColumns = 1
        g.columnBudget = 2 * 36 * 20 * 3  // three images per thread's chunk with 2 threads
        g.threads = 2
        let seen = Mutex([Int](repeating: 0, count: 23)), workers = Mutex(Set<Int>()), sizes = Mutex(Set<Int>())
        g.forEachChunkAcrossThreads(dynamic: true) { worker, start, _, c in
            seen.withLock { for i in start..<(start + c.batch) { $0[i] += 1 } }
            workers.withLock { _ = $0.insert(worker) }
            sizes.withLock { _ = $0.insert(c.batch) }
        }
        #expect(seen.withLock { $0 } == [Int](repeating: 1, count: 23))
        #expect(workers.withLock { $0 }.isSubset(of: [0, 1]))
        #expect(sizes.withLock { $0 } == [3, 2])  // 7 chunks of 3, then 2
    }

    /// A backward pass that records nothing computes the input and weight gradients in one
    /// pass over the batch (sharing the column matrix or the channel-major gradient); they
    /// equal the ops run one by one, for convolutions and transposed convolutions.
    @Test(arguments: [DType.float32, .float64])
    func sharedBackwardPassMatchesTheOps(dtype: DType) throws {
        func expectSame(_ a: [Tensor?], _ b: [Tensor], _ name: String) {
            for (p, q) in zip(a, b) {
                guard let p else { Issue.record("\(name): a gradient is missing"); continue }
                let worst = zip(p.doubles, q.doubles).map { Swift.abs($0 - $1) }.max() ?? 0
                #expect(p.shape == q.shape && worst <= (dtype == .float32 ? 1e-5 : 1e-13), "\(name): largest difference \(worst)")
            }
        }
        for (transposed, cases) in [(false, Self.convolutions), (true, Self.transposedConvolutions)] {
            for c in cases {
                let x = try Self.random(c.input, seed: 80, dtype: dtype).requiringGrad()
                let w = try Self.random(c.weight, seed: 81, dtype: dtype).requiringGrad()
                let bias = try Self.random([transposed ? c.weight[1] * c.groups : c.weight[0]], seed: 83, dtype: dtype).requiringGrad()
                let y = transposed ? try Self.convolveTransposed(c, [x, w, bias]) : try Self.convolve(c, [x, w, bias])
                let seed = try Self.random(y.shape, seed: 82, dtype: dtype)
                let shared = try Tensor.gradients(of: [y], with: [x, w], seeds: [seed])
                let geometry = transposed
                    ? ConvolutionGeometry(batch: c.input[0], channels: c.weight[1] * c.groups, height: y.shape[2], width: y.shape[3],
                                          outChannels: c.input[1], outHeight: c.input[2], outWidth: c.input[3],
                                          kernelHeight: c.weight[2], kernelWidth: c.weight[3], strideH: c.stride.0, strideW: c.stride.1,
                                          paddingH: c.padding.0, paddingW: c.padding.1, dilationH: c.dilation.0, dilationW: c.dilation.1,
                                          groups: c.groups)
                    : ConvolutionGeometry(batch: c.input[0], channels: c.input[1], height: c.input[2], width: c.input[3],
                                          outChannels: c.weight[0], outHeight: y.shape[2], outWidth: y.shape[3],
                                          kernelHeight: c.weight[2], kernelWidth: c.weight[3], strideH: c.stride.0, strideW: c.stride.1,
                                          paddingH: c.padding.0, paddingW: c.padding.1, dilationH: c.dilation.0, dilationW: c.dilation.1,
                                          groups: c.groups)
                let (xd, wd) = (x.detached(), w.detached())
                let separate = transposed
                    ? [try Tensor.convolution(seed, wd, bias: nil, geometry), try Tensor.convolutionWeightGradient(seed, xd, geometry)]
                    : [try Tensor.transposedConvolution(seed, wd, bias: nil, geometry), try Tensor.convolutionWeightGradient(xd, seed, geometry)]
                expectSame(shared, separate, (transposed ? "transposed " : "") + c.name)
                #expect(Tensor.sharedPass(x: transposed ? seed : xd, z: transposed ? xd : seed, weight: wd, geometry, map: transposed) == nil
                        || !geometry.isDense)
            }
        }
    }

    @Test func sameBytesEveryRun() throws {
        let x = try Self.random([8, 16, 16, 16], seed: 50, dtype: .float32), w = try Self.random([32, 16, 4, 4], seed: 51, dtype: .float32)
        func run() throws -> [Tensor] {
            let xl = x.requiringGrad(), wl = w.requiringGrad()
            let y = try xl.conv2d(weight: wl, stride: (2, 2), padding: (1, 1))
            let grads = try Tensor.gradients(of: [y], with: [xl, wl], seeds: [y.detached()])
            return [y] + grads
        }
        let a = try run(), b = try run()
        for (p, q) in zip(a, b) { #expect(p.bitwiseEqual(q)) }
    }

    // MARK: Errors

    static func expectError(_ kind: String, naming names: [String], _ body: () throws -> Tensor) {
        do {
            _ = try body()
            Issue.record("expected a \(kind) error naming \(names)")
        } catch let error as TensorError {
            switch (kind, error) {
            case ("shape", .shapeMismatch), ("argument", .invalidArgument), ("dtype", .dtypeMismatch): break
            default: Issue.record("expected a \(kind) error, got \(error)")
            }
            for name in names { #expect(error.description.contains(name), "\(error.description) should name \(name)") }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func errorsNameTheOpAndTheShapes() throws {
        let x = try Tensor(zeros: [1, 3, 5, 5]), w = try Tensor(zeros: [4, 3, 3, 3])
        Self.expectError("shape", naming: ["conv2d", "[3, 5, 5]", "[4, 3, 3, 3]"]) { try Tensor(zeros: [3, 5, 5]).conv2d(weight: w) }
        Self.expectError("shape", naming: ["conv2d", "[1, 3, 5, 5]", "[4, 2, 3, 3]"]) { try x.conv2d(weight: try Tensor(zeros: [4, 2, 3, 3])) }
        Self.expectError("shape", naming: ["conv2d", "groups 2"]) { try x.conv2d(weight: try Tensor(zeros: [4, 1, 3, 3]), groups: 2) }
        Self.expectError("shape", naming: ["conv2d", "[1, 3, 5, 5]", "[4, 3, 7, 3]", "0 x 3"]) { try x.conv2d(weight: try Tensor(zeros: [4, 3, 7, 3])) }
        Self.expectError("shape", naming: ["conv2d", "[4, 3, 3, 3]", "[3]"]) { try x.conv2d(weight: w, bias: try Tensor(zeros: [3])) }
        Self.expectError("argument", naming: ["conv2d", "stride"]) { try x.conv2d(weight: w, stride: (0, 1)) }
        Self.expectError("argument", naming: ["conv2d", "padding"]) { try x.conv2d(weight: w, padding: (-1, 0)) }
        Self.expectError("argument", naming: ["conv2d", "dilation"]) { try x.conv2d(weight: w, dilation: (1, 0)) }
        Self.expectError("argument", naming: ["conv2d", "groups"]) { try x.conv2d(weight: w, groups: 0) }
        Self.expectError("dtype", naming: ["conv2d"]) { try x.conv2d(weight: try Tensor(zeros: [4, 3, 3, 3], dtype: .float64)) }

        let t = try Tensor(zeros: [1, 4, 3, 3]), tw = try Tensor(zeros: [4, 2, 3, 3])
        Self.expectError("shape", naming: ["conv_transpose2d", "[1, 4, 3, 3]", "[3, 2, 3, 3]"]) { try t.convTranspose2d(weight: try Tensor(zeros: [3, 2, 3, 3])) }
        Self.expectError("shape", naming: ["conv_transpose2d", "groups 3"]) { try t.convTranspose2d(weight: tw, groups: 3) }
        Self.expectError("shape", naming: ["conv_transpose2d", "[2]", "[4, 2, 3, 3]"]) { try t.convTranspose2d(weight: tw, bias: try Tensor(zeros: [2]), groups: 2) }
        Self.expectError("argument", naming: ["conv_transpose2d", "output padding"]) { try t.convTranspose2d(weight: tw, stride: (2, 2), outputPadding: (2, 0)) }
        Self.expectError("shape", naming: ["conv_transpose2d", "[1, 4, 1, 1]", "-1 x -1"]) {
            try Tensor(zeros: [1, 4, 1, 1]).convTranspose2d(weight: try Tensor(zeros: [4, 2, 1, 1]), padding: (1, 1))
        }
        Self.expectError("shape", naming: ["conv_transpose2d", "[4, 2]"]) { try t.convTranspose2d(weight: try Tensor(zeros: [4, 2])) }
    }
}
