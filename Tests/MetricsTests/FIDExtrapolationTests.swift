import Foundation
import Metrics
import Testing

/// FID_inf (Chong & Forsyth 2020) against the script (same subsets, pytorch-fid, scikit-learn).
@Suite struct FIDExtrapolationTests {
    @Test func matchesReference() throws {
        let (real, synthetic) = try SetsReference.gauss()
        let options = FIDExtrapolationOptions(points: 5, minimumSize: 100, seed: 13)
        let r = try FIDExtrapolation.compute(real: real, synthetic: synthetic, options: options)
        #expect(r.sizes == (try SetsReference.ints("extrapolation", "sizes")))
        let values = try SetsReference.doubles("extrapolation", "values")
        for (a, b) in zip(r.values, values) { #expect(SetsReference.relative(a, b) < 1e-8, "\(a) vs \(b)") }
        for (key, value) in [("fidInfinity", r.fidInfinity), ("slope", r.slope), ("rSquared", r.rSquared)] {
            let expected = try SetsReference.double("extrapolation", key)
            #expect(SetsReference.relative(value, expected) < 1e-7, "\(key): \(value) vs \(expected)")
        }
        // The full-size point is the plain FID.
        #expect(SetsReference.relative(r.values.last ?? 0, try SetsReference.double("fid", "gauss", "value")) < 1e-9)
        #expect(r.fidInfinity < (r.values.last ?? 0))
    }

    @Test func defaultSizesFollowLinspace() throws {
        let (real, synthetic) = try SetsReference.structured()
        let r = try FIDExtrapolation.compute(real: real, synthetic: synthetic, options: FIDExtrapolationOptions(points: 4, minimumSize: 150))
        #expect(r.sizes == [150, 200, 250, 300])
        // A tenth of 300 is below D = 64: those points warn.
        let small = try FIDExtrapolation.compute(real: real, synthetic: synthetic, options: FIDExtrapolationOptions(points: 3))
        #expect(small.sizes == [30, 165, 300])
        #expect(small.warnings.contains { $0.contains("at some sizes") })
    }

    @Test func badSizesAreErrors() throws {
        let (real, synthetic) = try SetsReference.gauss()
        #expect(throws: MetricsError.self) { try FIDExtrapolation.compute(real: real, synthetic: synthetic, options: FIDExtrapolationOptions(sizes: [100, 100])) }
        #expect(throws: MetricsError.self) { try FIDExtrapolation.compute(real: real, synthetic: synthetic, options: FIDExtrapolationOptions(sizes: [100, 401])) }
    }
}
