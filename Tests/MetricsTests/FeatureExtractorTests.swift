import Foundation
import Imaging
import Metrics
import Testing

/// The extractor protocol, batching, and the raw-pixel extractor (resize against torch).
@Suite struct FeatureExtractorTests {
    static func image(_ shape: [Int], _ values: [Float]) throws -> Volume {
        try Volume(float32Shape: shape) { b in for i in 0..<values.count { b[i] = values[i] } }
    }

    @Test func rawPixelsFlattenXFastest() throws {
        let e = try RawPixelExtractor()
        let a = try Self.image([3, 2, 1], [1, 2, 3, 4, 5, 6]), b = try Self.image([3, 2, 1], [6, 5, 4, 3, 2, 1])
        let f = try e.extract([a, b], source: "two images")
        #expect(f.count == 2 && f.dimension == 6 && f.values == [1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1])
        #expect(f.extractor?.name == "raw-pixels" && f.extractor?.version == "1" && f.extractor?.dimension == 6)
        #expect(f.source == "two images")
        // Stored values with a rescale give physical values.
        var u = try Volume(voxelType: .uint8, shape: [2, 1, 1], data: [10, 20])
        u.scale = IntensityScale(slope: 2, intercept: -1)
        #expect(try e.extract([u], source: "u8").values == [19, 39])
    }

    @Test func rawPixelsRefuseWhatTheyCannotFlatten() throws {
        let e = try RawPixelExtractor()
        let a = try Self.image([3, 2, 1], [1, 2, 3, 4, 5, 6]), b = try Self.image([2, 3, 1], [1, 2, 3, 4, 5, 6])
        #expect(throws: MetricsError.self) { try e.extract([a, b], source: "mixed") }
        let rgb = try Volume(voxelType: .rgb24, shape: [1, 1, 1], data: [1, 2, 3])
        #expect(throws: MetricsError.self) { try e.extract([rgb], source: "colour") }
        let nan = try Self.image([2, 1, 1], [1, .nan])
        #expect(throws: MetricsError.self) { try e.extract([nan], source: "nan") }
        let volume = try Self.image([2, 2, 2], [Float](repeating: 1, count: 8))
        #expect(throws: MetricsError.self) { try RawPixelExtractor(size: [4, 4]).extract([volume], source: "3d") }
        #expect(throws: MetricsError.self) { try RawPixelExtractor(size: [4, 0]) }
    }

    @Test func resizeMatchesTorchInterpolate() throws {
        guard case .array(let cases) = try SetsReference.value(["resize"]) else { Issue.record("no resize cases"); return }
        for index in cases.indices {
            guard case .object(let c) = cases[index], case .array(let shapeJ)? = c["shape"], case .array(let sizeJ)? = c["size"],
                  case .array(let inputJ)? = c["input"], case .array(let outputJ)? = c["output"] else { continue }
            func numbers(_ a: [JSONValue]) -> [Double] { a.compactMap { if case .number(let n) = $0 { return n } else { return nil } } }
            let shape = numbers(shapeJ).map { Int($0) }, size = numbers(sizeJ).map { Int($0) }
            let input = numbers(inputJ).map { Float($0) }, output = numbers(outputJ)
            let f = try RawPixelExtractor(size: size).extract([Self.image(shape, input)], source: "resize")
            #expect(f.dimension == output.count)
            let worst = zip(f.values, output).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(worst < 2e-6, "case \(index): max difference \(worst)")
        }
    }

    @Test func differentSizesBecomeComparable() throws {
        let e = try RawPixelExtractor(size: [8, 8])
        let small = try Self.image([4, 4, 1], (0..<16).map(Float.init))
        let large = try Self.image([16, 12, 1], (0..<192).map { Float($0 % 7) })
        let f = try e.extract([small, large], source: "mixed sizes")
        #expect(f.dimension == 64 && f.extractor?.settings["size"] == "8x8")
    }

    struct Broken: FeatureExtractor {
        var info: FeatureExtractorInfo { FeatureExtractorInfo(name: "broken", version: "0", dimension: 3) }
        func features(of batch: [Volume]) throws -> FeatureMatrix {
            try FeatureMatrix(count: 1, dimension: 3, values: [0, 0, 0])
        }
    }

    struct Counting: FeatureExtractor {
        var info: FeatureExtractorInfo { FeatureExtractorInfo(name: "mean-and-size", version: "2", dimension: 2, settings: ["k": "v"]) }
        func features(of batch: [Volume]) throws -> FeatureMatrix {
            let v = batch.flatMap { image -> [Float] in
                let p = image.withFloat32Buffer { Array($0) }
                return [p.reduce(0, +) / Float(p.count), Float(batch.count)]
            }
            return try FeatureMatrix(count: batch.count, dimension: 2, values: v)
        }
    }

    @Test func extractFeedsBatchesAndChecksShapes() throws {
        var loaded: [Int] = []
        var reported: [Int] = []
        let f = try Counting().extract(count: 5, batchSize: 2, source: "five", load: { i in
            loaded.append(i)
            return try Self.image([2, 1, 1], [Float(i), Float(i)])
        }, progress: { reported.append($0) })
        #expect(loaded == [0, 1, 2, 3, 4] && reported == [2, 4, 5])
        #expect(f.values == [0, 2, 1, 2, 2, 2, 3, 2, 4, 1])
        #expect(f.extractor == FeatureExtractorInfo(name: "mean-and-size", version: "2", dimension: 2, settings: ["k": "v"]))
        #expect(throws: MetricsError.self) { try Broken().extract([Self.image([1, 1, 1], [0]), Self.image([1, 1, 1], [0])], source: "x") }
        #expect(throws: MetricsError.self) { try Counting().extract([], source: "none") }
    }

    @Test func extractorIsWrittenIntoResults() throws {
        let e = try RawPixelExtractor(size: [4, 4])
        let real = try e.extract((0..<30).map { i in try Self.image([4, 4, 1], (0..<16).map { Float(($0 * 7 + i * 3) % 11) }) }, source: "real")
        let synthetic = try e.extract((0..<30).map { i in try Self.image([5, 5, 1], (0..<25).map { Float(($0 * 5 + i) % 13) }) }, source: "synthetic")
        let kid = try KernelInceptionDistance.compute(real: real, synthetic: synthetic, options: KIDOptions(subsets: 3, subsetSize: 10))
        let text = String(decoding: try JSONEncoder().encode(kid), as: UTF8.self)
        #expect(text.contains("\"name\":\"raw-pixels\"") && text.contains("\"version\":\"1\""))
        let fid = try FrechetDistance.compute(real: real, synthetic: synthetic)
        #expect(fid.real.extractor?.name == "raw-pixels" && fid.value.isFinite)
    }
}
