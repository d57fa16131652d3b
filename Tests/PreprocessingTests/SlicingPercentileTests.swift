import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// Percentiles (used for the intensity window and the foreground threshold) against numpy.
@Suite struct SlicingPercentileTests {
    struct Case: Decodable { var n: Int; var percentiles: [Double]; var values: [Double] }
    struct Fixture: Decodable { var cases: [Case] }

    /// The formula of Tests/Reference/slicing_percentiles.py.
    static func values(_ n: Int) -> [Float] {
        (0..<n).map { i -> Float in
            if i % 11 == 0 { return 5 }
            let wave: Double = 100 * sin(0.37 * Double(i))
            return Float(wave + 3 * Double(i % 7))
        }
    }

    @Test func matchesNumpyLinearPercentiles() throws {
        let data = try Data(contentsOf: TestSupport.fixture("preprocessing/slicing_percentiles.json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        #expect(fixture.cases.count == 6)
        var worst = 0.0
        for c in fixture.cases {
            let v = try Volume(values: Self.values(c.n), shape: [c.n, 1, 1])
            let got = try #require(try Percentiles.compute(v, c.percentiles))
            for (g, e) in zip(got, c.values) {
                worst = max(worst, abs(g - e))
                #expect(abs(g - e) <= 1e-9 * max(1, abs(e)), "n \(c.n): \(g) vs numpy \(e)")
            }
        }
        print("percentiles vs numpy: max abs difference \(worst)")
    }

    @Test func ignoresNonFiniteValuesAndRejectsBadPercentiles() throws {
        let v = try Volume(values: [Float.nan, 1, 2, .infinity, 3, -.infinity], shape: [6, 1, 1])
        #expect(try Percentiles.compute(v, [0, 50, 100]) == [1, 2, 3])
        let none = try Volume(values: [Float.nan, .nan], shape: [2, 1, 1])
        #expect(try Percentiles.compute(none, [50]) == nil)
        #expect(throws: PreprocessError.self) { try Percentiles.compute(v, [101]) }
        #expect(throws: PreprocessError.self) { try Percentiles.compute(v, [-1]) }
    }

    @Test func selectionAgreesWithSortingOnManyDuplicates() throws {
        var random = SeededRandom(seed: 3)
        let values = (0..<5000).map { _ in Float(random.int(below: 9)) }
        let sorted = values.sorted()
        let v = try Volume(values: values, shape: [5000, 1, 1])
        let ps = [0.0, 10, 37.5, 50, 90, 99.5, 100]
        let got = try #require(try Percentiles.compute(v, ps))
        for (p, g) in zip(ps, got) {
            let r = p / 100 * Double(values.count - 1)
            let k = Int(r.rounded(.down))
            let e = k + 1 < values.count ? Double(sorted[k]) + (r - Double(k)) * Double(sorted[k + 1] - sorted[k]) : Double(sorted[k])
            #expect(abs(g - e) < 1e-9, "p \(p)")
        }
    }
}
