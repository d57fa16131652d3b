import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// Fixtures/preprocessing/intensity.json, written by Tests/Reference/preprocessing_intensity.py
/// (NumPy, scikit-image, scipy.ndimage, TorchIO).
struct IntensityFixture: @unchecked Sendable {
    let root: [String: Any]
    let shape: [Int]

    static func load() throws -> IntensityFixture {
        let data = try Data(contentsOf: TestSupport.fixture("preprocessing/intensity.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let shape = try #require(root["shape"] as? [Int])
        return IntensityFixture(root: root, shape: shape)
    }

    func object(_ path: String...) throws -> Any {
        var node: Any = root
        for key in path { node = try #require((node as? [String: Any])?[key], "missing \(path)") }
        return node
    }

    func numbers(_ path: String...) throws -> [Double] {
        var node: Any = root
        for key in path { node = try #require((node as? [String: Any])?[key], "missing \(path)") }
        return try #require(node as? [Double])
    }

    func number(_ path: String...) throws -> Double {
        var node: Any = root
        for key in path { node = try #require((node as? [String: Any])?[key], "missing \(path)") }
        return try #require(node as? Double)
    }

    func volume(_ values: [Double]) throws -> Volume {
        try Volume(values: values.map { Float($0) }, shape: shape)
    }

    func mask(_ path: String...) throws -> Volume {
        var node: Any = root
        for key in path { node = try #require((node as? [String: Any])?[key], "missing \(path)") }
        let text = try #require(node as? String)
        return try Volume(values: text.utf8.map { $0 == UInt8(ascii: "1") ? UInt8(1) : 0 }, shape: shape)
    }
}

/// Largest |a - b| over two arrays of equal length.
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "lengths \(a.count) and \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

@Suite struct IntensityReferenceTests {
    let f: IntensityFixture
    init() throws { f = try IntensityFixture.load() }

    @Test func zscoreMatchesNumPy() throws {
        let image = try f.volume(try f.numbers("image"))
        let (out, stats) = try image.zscoreNormalized()
        #expect(abs(stats.mean - (try f.number("zscore", "mean"))) <= 1e-9 * abs(stats.mean))
        #expect(abs(stats.standardDeviation - (try f.number("zscore", "std"))) <= 1e-9 * stats.standardDeviation)
        let d = maxAbsDifference(out.doubles(), try f.numbers("zscore", "output"))
        #expect(d <= 1e-5, "max difference \(d)")
    }

    @Test func zscoreInsideMaskMatchesNumPy() throws {
        let image = try f.volume(try f.numbers("image"))
        let mask = try f.mask("mask")
        let (out, stats) = try image.zscoreNormalized(mask: mask)
        #expect(abs(stats.mean - (try f.number("zscore_mask", "mean"))) <= 1e-9 * abs(stats.mean))
        #expect(abs(stats.standardDeviation - (try f.number("zscore_mask", "std"))) <= 1e-9 * stats.standardDeviation)
        let d = maxAbsDifference(out.doubles(), try f.numbers("zscore_mask", "output"))
        #expect(d <= 1e-5, "max difference \(d)")
    }

    @Test func percentilesMatchNumPy() throws {
        let image = try f.volume(try f.numbers("image"))
        let ps = try f.numbers("percentiles", "ps")
        for (mask, key) in [(nil, "all"), (try f.mask("mask"), "mask")] as [(Volume?, String)] {
            let got = try image.percentiles(ps, mask: mask)
            let want = try f.numbers("percentiles", key)
            for (g, w) in zip(got, want) { #expect(abs(g - w) <= 1e-5 * max(1, abs(w)), "\(key): \(g) vs \(w)") }
        }
    }

    @Test func percentileRescaleMatchesNumPy() throws {
        let image = try f.volume(try f.numbers("image"))
        let (out, range) = try image.percentileRescaled()
        #expect(abs(range.lowerBound - (try f.number("percentile_rescale", "low"))) <= 1e-5)
        #expect(abs(range.upperBound - (try f.number("percentile_rescale", "high"))) <= 1e-4)
        let d = maxAbsDifference(out.doubles(), try f.numbers("percentile_rescale", "output"))
        #expect(d <= 1e-5, "max difference \(d)")
    }

    @Test func otsuMatchesScikitImage() throws {
        for key in ["image", "ct"] {
            let v = try f.volume(try f.numbers(key))
            let t = try OtsuThreshold.compute(v)
            let want = try f.number("otsu", key)
            #expect(abs(t - want) <= 1e-5 * max(1, abs(want)), "\(key): \(t) vs \(want)")
        }
    }

    @Test func histogramStandardizationMatchesTorchIO() throws {
        let train = try (try f.object("histogram", "train") as? [[Double]]).map { try $0.map { try f.volume($0) } }
        let images = try #require(train)
        let test = try f.volume(try f.numbers("histogram", "test"))
        for (suffix, foreground) in [("", false), ("_foreground", true)] {
            let masks: [Volume?] = foreground ? images.map { $0.aboveMeanMask() } : []
            let landmarks = try HistogramStandardization.train(images, masks: masks)
            let want = try f.numbers("histogram", "landmarks" + suffix)
            let dl = maxAbsDifference(landmarks.values, want)
            #expect(dl <= 1e-9, "landmarks\(suffix): max difference \(dl)")
            let t = HistogramStandardization(landmarks: landmarks)
            let out = try t.apply(test, mask: foreground ? test.aboveMeanMask() : nil)
            let d = maxAbsDifference(out.doubles(), try f.numbers("histogram", "output" + suffix))
            #expect(d <= 1e-4, "output\(suffix): max difference \(d)")
        }
    }
}
