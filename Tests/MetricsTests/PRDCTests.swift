import Foundation
import Metrics
import Testing

/// Precision/recall (k = 3) and density/coverage (k = 5) against the prdc 0.2 package.
@Suite struct PRDCTests {
    @Test func agreesWithPrdcPackage() throws {
        for (name, sets) in [("gauss", try SetsReference.gauss()), ("structured", try SetsReference.structured())] {
            let r = try PrecisionRecallDensityCoverage.compute(real: sets.0, synthetic: sets.1)
            for (key, value) in [("precision", r.precision), ("recall", r.recall), ("density", r.density), ("coverage", r.coverage)] {
                let expected = try SetsReference.double("prdc", name, key)
                #expect(abs(value - expected) < 1e-12, "\(name) \(key): \(value) vs \(expected)")
            }
            #expect(r.options == PRDCOptions(precisionRecallK: 3, densityCoverageK: 5))
        }
    }

    @Test func identicalSetsAreFullyCovered() throws {
        let (real, _) = try SetsReference.gauss()
        let r = try PrecisionRecallDensityCoverage.compute(real: real, synthetic: real)
        #expect(r.precision == 1 && r.recall == 1 && r.coverage == 1)
    }

    @Test func tilesCoverEveryPair() throws {
        // More rows than one 1024-row tile, so several tiles meet.
        let real = try FeatureMatrix.seededUniform(count: 1300, dimension: 8, seed: 3)
        let synthetic = try FeatureMatrix.seededUniform(count: 1100, dimension: 8, seed: 4)
        let r = try PrecisionRecallDensityCoverage.compute(real: real, synthetic: synthetic)
        // Brute force in Double for comparison.
        func distances(_ a: FeatureMatrix, _ i: Int, _ b: FeatureMatrix) -> [Double] {
            (0..<b.count).map { j in
                var s = 0.0
                for k in 0..<8 { let d = Double(a.values[i * 8 + k]) - Double(b.values[j * 8 + k]); s += d * d }
                return s.squareRoot()
            }
        }
        let realRadius = (0..<real.count).map { distances(real, $0, real).sorted()[3] }
        var inside = 0
        for j in 0..<synthetic.count {
            let d = distances(synthetic, j, real)
            if (0..<real.count).contains(where: { d[$0] < realRadius[$0] }) { inside += 1 }
        }
        #expect(abs(r.precision - Double(inside) / 1100) < 2.0 / 1100)
    }

    @Test func tooFewVectorsAndBadKAreErrors() throws {
        let (real, synthetic) = try SetsReference.gauss()
        let five = try synthetic.selecting(rows: Array(0..<5))
        #expect(throws: MetricsError.self) { try PrecisionRecallDensityCoverage.compute(real: real, synthetic: five) }
        #expect(throws: MetricsError.self) {
            try PrecisionRecallDensityCoverage.compute(real: real, synthetic: synthetic, options: PRDCOptions(precisionRecallK: 0))
        }
    }
}
