import CKernels
import Foundation
import Testing
@testable import NeuralCore

/// CKernels' Float32 im2col and col2im (every variant this CPU runs) give the same bytes as the
/// Swift loops, over kernels 1-5, strides 1-3, paddings 0-2, dilations 1-2 and widths 1-40.
/// (Selecting a variant is global; the variants agree bit for bit, so tests running meanwhile
/// see the same values.)
@Suite(.serialized) struct Im2ColKernelTests {
    static let variants = ["baseline", "avx", "avx2"]

    /// The geometries and values of these tests, seeded (NeuralCore's Philox generator).
    struct Sequence {
        var generator: PhiloxGenerator
        init(state: UInt64) { generator = PhiloxGenerator(seed: state) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        /// Values of magnitudes 1e-3 to 1e5 and both signs (sums in another order round
        /// differently), with some negative zeros.
        mutating func value() -> Float {
            if next() % 16 == 0 { return -0.0 }
            let unit = Float(next() % 2_000_001) / 1_000_000 - 1
            return unit * Float(pow(10.0, Double(int(-3...5))))
        }
        mutating func values(_ count: Int) -> [Float] { (0..<count).map { _ in value() } }
    }

    static func geometry(batch: Int, channels: Int, height: Int, width: Int, kernel: (Int, Int), stride: (Int, Int),
                         padding: (Int, Int), dilation: (Int, Int)) -> ConvolutionGeometry? {
        let outH = ConvolutionGeometry.convolvedExtent(height, kernel: kernel.0, stride: stride.0, padding: padding.0, dilation: dilation.0)
        let outW = ConvolutionGeometry.convolvedExtent(width, kernel: kernel.1, stride: stride.1, padding: padding.1, dilation: dilation.1)
        guard outH > 0, outW > 0 else { return nil }
        return ConvolutionGeometry(batch: batch, channels: channels, height: height, width: width, outChannels: 1, outHeight: outH,
                                   outWidth: outW, kernelHeight: kernel.0, kernelWidth: kernel.1, strideH: stride.0, strideW: stride.1,
                                   paddingH: padding.0, paddingW: padding.1, dilationH: dilation.0, dilationW: dilation.1, groups: 1)
    }

    /// Random geometries over the ranges above, every width 1-40 of DCGAN's 4x4 stride-2
    /// padding-1 kernel, and DCGAN-64's layers (a few images; the largest split over threads).
    static func geometries() -> [ConvolutionGeometry] {
        var s = Sequence(state: 2024)
        var result: [ConvolutionGeometry] = []
        while result.count < 400 {
            let g = geometry(batch: s.int(1...3), channels: s.int(1...4), height: s.int(1...12), width: s.int(1...40),
                             kernel: (s.int(1...5), s.int(1...5)), stride: (s.int(1...3), s.int(1...3)),
                             padding: (s.int(0...2), s.int(0...2)), dilation: (s.int(1...2), s.int(1...2)))
            if let g { result.append(g) }
        }
        for width in 1...40 {
            if let g = geometry(batch: 2, channels: 3, height: 6, width: width, kernel: (4, 4), stride: (2, 2), padding: (1, 1), dilation: (1, 1)) {
                result.append(g)
            }
        }
        for (channels, size, batch) in [(1, 64, 2), (64, 32, 4), (128, 16, 3), (256, 8, 2), (512, 4, 2)] {
            if let g = geometry(batch: batch, channels: channels, height: size, width: size, kernel: (4, 4), stride: (2, 2),
                                padding: (1, 1), dilation: (1, 1)) {
                result.append(g)
            }
        }
        return result
    }

    static func describe(_ g: ConvolutionGeometry) -> String {
        "batch \(g.batch), channels \(g.channels), image \(g.height)x\(g.width), kernel \(g.kernelHeight)x\(g.kernelWidth), "
            + "stride \(g.strideH),\(g.strideW), padding \(g.paddingH),\(g.paddingW), dilation \(g.dilationH),\(g.dilationW)"
    }

    static func columnCount(_ g: ConvolutionGeometry) -> Int { g.channels * g.kernelHeight * g.kernelWidth * g.columns }

    /// The column matrix of `image` by `Im2Col.unfold` (the variant in use) or by the Swift loops,
    /// written over a buffer of NaNs (so a value left unwritten shows).
    static func unfold(_ image: [Float], _ g: ConvolutionGeometry, generic: Bool) -> [UInt32] {
        var columns = [Float](repeating: .nan, count: columnCount(g))
        image.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { c in
                if generic {
                    Im2Col.unfoldGeneric(x.baseAddress!, into: c.baseAddress!, g)
                } else {
                    Im2Col.unfold(x.baseAddress!, into: c.baseAddress!, g)
                }
            }
        }
        return columns.map(\.bitPattern)
    }

    static func fold(_ columns: [Float], bias: [Float]?, _ g: ConvolutionGeometry, generic: Bool) -> [UInt32] {
        var image = [Float](repeating: .nan, count: g.batch * g.channels * g.imagePlane)
        columns.withUnsafeBufferPointer { c in
            image.withUnsafeMutableBufferPointer { x in
                func run(_ b: UnsafePointer<Float>?) {
                    if generic {
                        Im2Col.foldGeneric(c.baseAddress!, into: x.baseAddress!, bias: b, g)
                    } else {
                        Im2Col.fold(c.baseAddress!, into: x.baseAddress!, bias: b, g)
                    }
                }
                if let bias { bias.withUnsafeBufferPointer { run($0.baseAddress!) } } else { run(nil) }
            }
        }
        return image.map(\.bitPattern)
    }

    /// The first index where two results differ (nil when they are the same bytes).
    static func firstDifference(_ a: [UInt32], _ b: [UInt32]) -> Int? {
        if a == b { return nil }
        return a.count != b.count ? -1 : zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    }

    /// Runs `body(variant)` under every variant this CPU runs, then restores the one in use.
    static func forEachVariant(_ body: (String) -> Void) {
        let original = String(cString: medsynth_kernels_variant())
        defer { _ = medsynth_kernels_select(original) }
        var ran = 0
        for variant in variants {
            guard medsynth_kernels_select(variant) == 0 else {
                print("Im2ColKernelTests: this CPU does not run the \(variant) variant; not checked")
                continue
            }
            body(variant)
            ran += 1
        }
        #expect(ran >= 1, "at least the baseline variant runs everywhere")
    }

    @Test func unfoldMatchesTheSwiftLoops() {
        let original = String(cString: medsynth_kernels_variant())
        var s = Sequence(state: 7)
        for g in Self.geometries() {
            let image = s.values(g.batch * g.channels * g.imagePlane)
            let expected = Self.unfold(image, g, generic: true)
            #expect(!expected.contains(Float.nan.bitPattern), "the Swift loops write every entry")
            Self.forEachVariant { variant in
                let difference = Self.firstDifference(Self.unfold(image, g, generic: false), expected)
                #expect(difference == nil, "unfold, \(variant): \(Self.describe(g)); first difference at \(difference ?? 0)")
            }
        }
        #expect(String(cString: medsynth_kernels_variant()) == original, "the variant in use is restored")
    }

    @Test func foldMatchesTheSwiftLoops() {
        var s = Sequence(state: 11)
        for (index, g) in Self.geometries().enumerated() {
            let columns = s.values(Self.columnCount(g))
            let bias: [Float]? = index % 2 == 0 ? s.values(g.channels) : nil
            let expected = Self.fold(columns, bias: bias, g, generic: true)
            Self.forEachVariant { variant in
                let difference = Self.firstDifference(Self.fold(columns, bias: bias, g, generic: false), expected)
                #expect(difference == nil, "fold, \(variant), bias \(bias != nil): \(Self.describe(g)); first difference at \(difference ?? 0)")
            }
        }
    }

    /// A call for planes a ..< b writes the columns (or image values) of those planes only, as
    /// the whole call does: what `Parallel` relies on to split the planes over threads.
    @Test func aRangeOfPlanesWritesThosePlanesOnly() throws {
        let g = try #require(Self.geometry(batch: 3, channels: 4, height: 9, width: 10, kernel: (3, 4), stride: (2, 2),
                                           padding: (1, 2), dilation: (1, 1)))
        var s = Sequence(state: 5)
        let image = s.values(g.batch * g.channels * g.imagePlane), columns = s.values(Self.columnCount(g))
        let bias = s.values(g.channels)
        let wholeColumns = Self.unfold(image, g, generic: true)
        let wholeImage = Self.fold(columns, bias: bias, g, generic: true)
        let (first, end) = (5, 10)  // image 1 channels 1-3, image 2 channels 0-1
        var geometry = g.kernelGeometry
        Self.forEachVariant { variant in
            var partColumns = [Float](repeating: .nan, count: Self.columnCount(g))
            var partImage = [Float](repeating: .nan, count: image.count)
            medsynth_unfold_f32(image, &partColumns, &geometry, first, end)
            medsynth_fold_f32(columns, &partImage, bias, &geometry, first, end)
            for plane in 0..<(g.batch * g.channels) {
                let (n, c) = (plane / g.channels, plane % g.channels)
                let inRange = plane >= first && plane < end
                for row in (c * g.kernelHeight * g.kernelWidth)..<((c + 1) * g.kernelHeight * g.kernelWidth) {
                    let start = row * g.columns + n * g.mapPlane
                    let got = partColumns[start..<(start + g.mapPlane)].map(\.bitPattern)
                    let expected = inRange ? Array(wholeColumns[start..<(start + g.mapPlane)])
                        : [UInt32](repeating: Float.nan.bitPattern, count: g.mapPlane)
                    #expect(got == expected, "unfold, \(variant), plane \(plane), column row \(row)")
                }
                let start = plane * g.imagePlane
                let got = partImage[start..<(start + g.imagePlane)].map(\.bitPattern)
                let expected = inRange ? Array(wholeImage[start..<(start + g.imagePlane)])
                    : [UInt32](repeating: Float.nan.bitPattern, count: g.imagePlane)
                #expect(got == expected, "fold, \(variant), plane \(plane)")
            }
        }
    }

    /// Images wider than the kernels' stack scratch (a padded plane of more than 8192 values)
    /// take allocated scratch and give the same bytes.
    @Test func wideImagesMatchTheSwiftLoops() throws {
        var s = Sequence(state: 3)
        for (height, width, stride) in [(3, 9000, 1), (40, 500, 3)] {
            let g = try #require(Self.geometry(batch: 2, channels: 2, height: height, width: width, kernel: (3, 3),
                                               stride: (stride, stride), padding: (1, 1), dilation: (1, 2)))
            let image = s.values(g.batch * g.channels * g.imagePlane), columns = s.values(Self.columnCount(g))
            let expectedColumns = Self.unfold(image, g, generic: true)
            let expectedImage = Self.fold(columns, bias: nil, g, generic: true)
            Self.forEachVariant { variant in
                let columnsDifference = Self.firstDifference(Self.unfold(image, g, generic: false), expectedColumns)
                #expect(columnsDifference == nil, "unfold, \(variant): \(Self.describe(g)); first difference at \(columnsDifference ?? 0)")
                let imageDifference = Self.firstDifference(Self.fold(columns, bias: nil, g, generic: false), expectedImage)
                #expect(imageDifference == nil, "fold, \(variant): \(Self.describe(g)); first difference at \(imageDifference ?? 0)")
            }
        }
    }
}
