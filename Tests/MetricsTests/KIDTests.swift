import Foundation
import Imaging
import Metrics
import Testing

/// KID against torch-fidelity 0.3.0's `mmd2` / `polynomial_kernel` (float64) on the subsets of
/// our seeded sampler, regenerated in the reference script.
@Suite struct KIDTests {
    @Test func samplerMatchesItsPythonTwin() throws {
        var s = SubsetSampler(seed: 2024)
        #expect(String(s.next()) == (try SetsReference.value(["sampler", "next"]).firstString))
        var t = SubsetSampler(seed: 2024)
        #expect(t.subset(of: 50, size: 10) == (try SetsReference.ints("sampler", "subset")))
        var u = SubsetSampler(seed: 99)
        #expect(u.resample(12) == (try SetsReference.ints("sampler", "resample")))
    }

    @Test func agreesWithTorchFidelityFormula() throws {
        for (name, sets) in [("gauss", try SetsReference.gauss()), ("structured", try SetsReference.structured()),
                             ("clamped", try SetsReference.gauss())] {
            let options = KIDOptions(subsets: Int(try SetsReference.double("kid", name, "subsets")),
                                     subsetSize: Int(try SetsReference.double("kid", name, "subsetSize")),
                                     seed: UInt64(try SetsReference.double("kid", name, "seed")))
            let r = try KernelInceptionDistance.compute(real: sets.0, synthetic: sets.1, options: options)
            let mean = try SetsReference.double("kid", name, "mean"), std = try SetsReference.double("kid", name, "std")
            #expect(SetsReference.relative(r.mean, mean) < 1e-7, "\(name): \(r.mean) vs \(mean)")
            #expect(SetsReference.relative(r.standardDeviation, std) < 1e-6, "\(name): \(r.standardDeviation) vs \(std)")
            #expect(r.subsetSize == Int(try SetsReference.double("kid", name, "usedSubsetSize")))
            #expect(r.gamma == 1.0 / 64 && r.options == options)
            // The first subset's indices are the script's.
            var sampler = SubsetSampler(seed: options.seed)
            #expect(Array(sampler.subset(of: sets.0.count, size: r.subsetSize).prefix(10)) == (try SetsReference.ints("kid", name, "firstRealIndices")))
            #expect(Array(sampler.subset(of: sets.1.count, size: r.subsetSize).prefix(10)) == (try SetsReference.ints("kid", name, "firstSyntheticIndices")))
            if name == "clamped" {
                #expect(r.warnings.contains { $0.contains("clamped to 400") })
            } else {
                #expect(r.warnings.isEmpty)
            }
        }
    }

    @Test func mmdOfASetWithItselfIsNearZeroAndSymmetric() throws {
        let (real, synthetic) = try SetsReference.gauss()
        let a = try real.selecting(rows: Array(0..<200)), b = try real.selecting(rows: Array(200..<400))
        let c = try synthetic.selecting(rows: Array(0..<200))
        #expect(abs(try KernelInceptionDistance.mmd2(a, b)) < 0.02)
        let ac = try KernelInceptionDistance.mmd2(a, c), ca = try KernelInceptionDistance.mmd2(c, a)
        #expect(ac > 0.05 && SetsReference.relative(ac, ca) < 1e-9)
    }

    @Test func badInputsAndSettingsAreErrors() throws {
        let (real, synthetic) = try SetsReference.gauss()
        #expect(throws: MetricsError.self) { try KernelInceptionDistance.compute(real: real, synthetic: synthetic, options: KIDOptions(subsets: 0)) }
        #expect(throws: MetricsError.self) { try KernelInceptionDistance.compute(real: real, synthetic: synthetic, options: KIDOptions(subsetSize: 1)) }
        let one = try real.selecting(rows: [3])
        #expect(throws: MetricsError.self) { try KernelInceptionDistance.compute(real: real, synthetic: one) }
        var v = real.values
        v[5] = .infinity
        let bad = try FeatureMatrix(count: real.count, dimension: 64, values: v, source: "bad")
        #expect(throws: MetricsError.self) { try KernelInceptionDistance.compute(real: bad, synthetic: synthetic) }
    }

    @Test func sameSeedSameValueAndCodable() throws {
        let (real, synthetic) = try SetsReference.structured()
        let options = KIDOptions(subsets: 10, subsetSize: 100, seed: 5)
        let a = try KernelInceptionDistance.compute(real: real, synthetic: synthetic, options: options)
        let b = try KernelInceptionDistance.compute(real: real, synthetic: synthetic, options: options)
        #expect(a == b)
        let c = try KernelInceptionDistance.compute(real: real, synthetic: synthetic, options: KIDOptions(subsets: 10, subsetSize: 100, seed: 6))
        #expect(c.mean != a.mean)
        let text = String(decoding: try JSONEncoder().encode(a), as: UTF8.self)
        for key in ["\"seed\":5", "\"subsetSize\":100", "\"degree\":3", "\"coef0\":1", "\"gamma\"", "\"dimension\":64"] {
            #expect(text.contains(key), "\(key) missing in \(text.prefix(300))")
        }
    }
}

extension JSONValue {
    /// The first element of an array of strings.
    var firstString: String? {
        if case .array(let a) = self, case .string(let s)? = a.first { return s }
        return nil
    }
}
