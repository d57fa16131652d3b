import Foundation
import Metrics
import Testing

/// The Frechet distance against pytorch-fid 0.3.0 (SciPy sqrtm) on the same features.
@Suite struct FrechetDistanceTests {
    @Test func agreesWithPytorchFidOnGaussianAndStructuredSets() throws {
        for (name, sets) in [("gauss", try SetsReference.gauss()), ("structured", try SetsReference.structured())] {
            let r = try FrechetDistance.compute(real: sets.0, synthetic: sets.1)
            let expected = try SetsReference.double("fid", name, "value")
            #expect(SetsReference.relative(r.value, expected) < 1e-9, "\(name): \(r.value) vs \(expected)")
            #expect(SetsReference.relative(r.meanTerm, try SetsReference.double("fid", name, "meanTerm")) < 1e-12)
            #expect(SetsReference.relative(r.traceReal, try SetsReference.double("fid", name, "traceReal")) < 1e-12)
            #expect(SetsReference.relative(r.traceSynthetic, try SetsReference.double("fid", name, "traceSynthetic")) < 1e-12)
            #expect(r.offset == 0 && r.warnings.isEmpty, "\(r.warnings)")
            #expect(r.real.count == sets.0.count && r.synthetic.count == sets.1.count && r.real.dimension == 64)
        }
    }

    @Test func identicalSetsGiveZero() throws {
        let (real, _) = try SetsReference.gauss()
        let r = try FrechetDistance.compute(real: real, synthetic: real)
        #expect(abs(r.value) < 1e-9)
        #expect(abs(try SetsReference.double("fid", "identical")) < 1e-9)
    }

    @Test func fewerSamplesThanDimensionsRetriesWithEpsAndWarns() throws {
        let (real, synthetic) = try SetsReference.small()
        let r = try FrechetDistance.compute(real: real, synthetic: synthetic)
        #expect(r.offset == 1e-6)
        #expect(r.warnings.contains { $0.contains("40 feature vectors for 64 dimensions") })
        #expect(r.warnings.contains { $0.contains("eps*I") })
        // pytorch-fid's retry formula sqrtm((S1 + eps I)(S2 + eps I)).
        let expected = try SetsReference.double("fid", "small", "offsetValue")
        #expect(SetsReference.relative(r.value, expected) < 1e-6, "\(r.value) vs \(expected)")
        // With the retry disabled, a singular covariance is an error.
        #expect(throws: MetricsError.self) { try FrechetDistance.compute(real: real, synthetic: synthetic, options: FrechetDistanceOptions(eps: 0)) }
    }

    @Test func constantFeatureIsNearSingular() throws {
        let (real, synthetic) = try SetsReference.gauss()
        func zeroColumn(_ f: FeatureMatrix) throws -> FeatureMatrix {
            var v = f.values
            for i in 0..<f.count { v[i * f.dimension + 5] = 2 }
            return try FeatureMatrix(count: f.count, dimension: f.dimension, values: v, source: f.source)
        }
        let r = try FrechetDistance.compute(real: zeroColumn(real), synthetic: zeroColumn(synthetic))
        #expect(r.offset == 1e-6 && r.value.isFinite && r.reciprocalConditionReal == 0)
        #expect(r.warnings.contains { $0.contains("not positive definite") })
    }

    @Test func nonFiniteAndMismatchedInputsAreErrors() throws {
        let (real, synthetic) = try SetsReference.gauss()
        var v = synthetic.values
        v[77] = .nan
        let bad = try FeatureMatrix(count: synthetic.count, dimension: 64, values: v, source: "bad")
        #expect(throws: MetricsError.self) { try FrechetDistance.compute(real: real, synthetic: bad) }
        let narrow = try FeatureMatrix(count: 3, dimension: 2, values: [1, 2, 3, 4, 5, 7], source: "narrow")
        #expect(throws: MetricsError.self) { try FrechetDistance.compute(real: real, synthetic: narrow) }
        let single = try FeatureMatrix(count: 1, dimension: 64, values: Array(real.values.prefix(64)), source: "one")
        #expect(throws: MetricsError.self) { try FrechetDistance.compute(real: real, synthetic: single) }
    }

    @Test func differentExtractorsAreRefused() throws {
        var (real, synthetic) = try SetsReference.gauss()
        real.extractor = FeatureExtractorInfo(name: "a", version: "1", dimension: 64)
        synthetic.extractor = FeatureExtractorInfo(name: "b", version: "1", dimension: 64)
        #expect(throws: MetricsError.self) { try FrechetDistance.compute(real: real, synthetic: synthetic) }
        synthetic.extractor = nil
        let r = try FrechetDistance.compute(real: real, synthetic: synthetic)
        #expect(r.warnings.contains { $0.contains("only one of the two sets") })
        #expect(r.real.extractor?.name == "a")
    }

    @Test func statisticsRoundTripThroughPytorchFidFiles() throws {
        let (real, synthetic) = try SetsReference.gauss()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-fid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = try FeatureStatistics(real), b = try FeatureStatistics(synthetic)
        try a.write(npz: folder.appendingPathComponent("real.npz").path)
        let back = try FeatureStatistics.read(npz: folder.appendingPathComponent("real.npz").path)
        #expect(back.mean == a.mean && back.covariance == a.covariance && back.info.count == nil)
        let r = try FrechetDistance.compute(real: back, synthetic: b)
        #expect(SetsReference.relative(r.value, try SetsReference.double("fid", "gauss", "value")) < 1e-9)
        // pytorch-fid's own statistics file (np.savez of mu and sigma).
        let s = try FeatureStatistics.read(npz: MetricsTestSupport.fixture("sets_npy/stats.npz").path)
        let mu = try SetsReference.doubles("npy", "stats.npz", "mu")
        #expect(s.dimension == 4 && s.mean == mu)
    }

    /// D = 2048 on 2,500 seeded vectors per set (regenerated here bit for bit).
    @Test func agreesAtDimension2048() throws {
        let n = Int(try SetsReference.double("fid2048", "count")), d = Int(try SetsReference.double("fid2048", "dimension"))
        let real = try FeatureMatrix.seededUniform(count: n, dimension: d, seed: 1)
        let synthetic = try SetsReference.seededSynthetic(count: n, dimension: d, seed: 2)
        #expect(real.values.prefix(4).map(Double.init) == (try SetsReference.doubles("fid2048", "firstValues")))
        #expect(SetsReference.relative(real.values.reduce(0.0) { $0 + Double($1) }, try SetsReference.double("fid2048", "realSum")) < 1e-12)
        #expect(SetsReference.relative(synthetic.values.reduce(0.0) { $0 + Double($1) }, try SetsReference.double("fid2048", "syntheticSum")) < 1e-12)
        let a = try FeatureStatistics(real), b = try FeatureStatistics(synthetic)
        let r = try FrechetDistance.compute(real: a, synthetic: b)
        let expected = try SetsReference.double("fid2048", "value")
        #expect(SetsReference.relative(r.value, expected) < 1e-6, "\(r.value) vs \(expected)")
        #expect(r.offset == 0)
    }

    @Test func resultIsCodableWithItsSettings() throws {
        let (real, synthetic) = try SetsReference.gauss()
        let r = try FrechetDistance.compute(real: real, synthetic: synthetic, options: FrechetDistanceOptions(eps: 1e-5))
        let data = try JSONEncoder().encode(r)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"eps\"") && text.contains("sets_gauss_real.npy") && text.contains("\"count\":500"))
        #expect(try JSONDecoder().decode(FrechetDistanceResult.self, from: data) == r)
    }
}
