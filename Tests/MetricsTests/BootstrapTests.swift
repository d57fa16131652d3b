import Foundation
import Metrics
import Testing

/// Bootstrap intervals against the script's resamples (same sampler) and NumPy percentiles.
@Suite struct BootstrapTests {
    @Test func fidIntervalMatchesReference() throws {
        let (real, synthetic) = try SetsReference.gauss()
        let options = BootstrapOptions(resamples: 20, level: 0.9, seed: 7)
        let r = try Bootstrap.frechetDistance(real: real, synthetic: synthetic, bootstrap: options)
        for (key, value) in [("estimate", r.estimate), ("lower", r.lower), ("upper", r.upper), ("standardError", r.standardError)] {
            let expected = try SetsReference.double("bootstrap", "fid", key)
            #expect(SetsReference.relative(value, expected) < 1e-8, "\(key): \(value) vs \(expected)")
        }
        #expect(r.metric == "FID" && r.options == options)
        // FID grows under resampling (duplicates): the interval lies above the estimate, and says so.
        #expect(r.warnings.contains { $0.contains("outside the interval") })
    }

    @Test func kidIntervalMatchesReference() throws {
        let (real, synthetic) = try SetsReference.structured()
        let r = try Bootstrap.kid(real: real, synthetic: synthetic, options: KIDOptions(subsets: 5, subsetSize: 100, seed: 11),
                                  bootstrap: BootstrapOptions(resamples: 8, level: 0.8, seed: 3))
        for (key, value) in [("estimate", r.estimate), ("lower", r.lower), ("upper", r.upper), ("standardError", r.standardError)] {
            let expected = try SetsReference.double("bootstrap", "kid", key)
            #expect(SetsReference.relative(value, expected) < 1e-5, "\(key): \(value) vs \(expected)")
        }
    }

    @Test func quantileIsNumPyLinear() {
        let v = [1.0, 2, 4, 8, 16]
        #expect(Bootstrap.quantile(sorted: v, 0) == 1 && Bootstrap.quantile(sorted: v, 1) == 16)
        #expect(Bootstrap.quantile(sorted: v, 0.5) == 4)
        #expect(abs(Bootstrap.quantile(sorted: v, 0.1) - 1.4) < 1e-12)
        #expect(abs(Bootstrap.quantile(sorted: v, 0.9) - 12.8) < 1e-12)
    }

    @Test func badSettingsAreErrors() throws {
        let (real, synthetic) = try SetsReference.gauss()
        #expect(throws: MetricsError.self) { try Bootstrap.frechetDistance(real: real, synthetic: synthetic, bootstrap: BootstrapOptions(resamples: 1)) }
        #expect(throws: MetricsError.self) { try Bootstrap.frechetDistance(real: real, synthetic: synthetic, bootstrap: BootstrapOptions(level: 1)) }
    }
}
