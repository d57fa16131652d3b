import Foundation
import Testing
@testable import Pipelines

/// A benchmark's result in JSON, with and without an anchor.
struct BenchResultTests {
    @Test func ratioAndTargetFromMedians() throws {
        let r = BenchResult(name: "case", input: "input", runs: 3, medsynthSeconds: [1, 3, 2], anchorSeconds: [30, 10, 20],
                            anchor: "anchor", target: 0.1, notes: [])
        #expect(r.medsynthMedian == 2)
        #expect(r.anchorMedian == 20)
        #expect(r.ratio == 0.1)
        #expect(r.meetsTarget)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(r)) as? [String: Any]
        #expect(json?["ratio"] as? Double == 0.1)
        #expect(json?["meetsTarget"] as? Bool == true)
    }

    /// An anchor that could not run leaves no medians: JSON gets null, not an encoding error.
    @Test func anchorThatDidNotRunEncodesNull() throws {
        let r = BenchResult(name: "case", input: "input", runs: 2, medsynthSeconds: [1, 2], anchorSeconds: [],
                            anchor: "anchor", target: 0.1, notes: ["anchor unavailable"])
        #expect(!r.meetsTarget)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(r)) as? [String: Any]
        #expect(json?["ratio"] is NSNull)
        #expect(json?["anchorMedian"] is NSNull)
        #expect(json?["medsynthMedian"] as? Double == 1.5)
    }
}
