import Testing
@testable import Preprocessing

@Suite struct SliceSelectionTests {
    @Test func everyKthIsAnchoredAtTheMiddle() throws {
        // 11 slices, middle = 5: 5 -/+ 3k.
        #expect(try SliceSelection([.every(3)]).select(count: 11) == [2, 5, 8])
        #expect(try SliceSelection([.every(1)]).select(count: 4) == [0, 1, 2, 3])
        // Even count: middle candidate is (m - 1) / 2 = 4 for m = 10.
        #expect(try SliceSelection([.every(2)]).select(count: 10) == [0, 2, 4, 6, 8])
    }

    @Test func centralKeepsTheMiddleN() throws {
        #expect(try SliceSelection([.central(3)]).select(count: 10) == [3, 4, 5])
        #expect(try SliceSelection([.central(4)]).select(count: 10) == [3, 4, 5, 6])
        #expect(try SliceSelection([.central(20)]).select(count: 5) == [0, 1, 2, 3, 4])
    }

    @Test func foregroundKeepsSlicesAboveTheFraction() throws {
        let fractions = [0, 0.05, 0.2, 0.5, 0.5, 0.2, 0.1, 0]
        let kept = try SliceSelection([.minForeground(0.1)]).select(count: 8) { fractions[$0] }
        #expect(kept == [2, 3, 4, 5])  // 0.1 itself is not above 0.1
    }

    @Test func rulesComposeInOrder() throws {
        // Foreground slices 10 ... 29 of 40; every 2nd from their middle (index 19), then the central 4.
        let fg: (Int) -> Double = { (10..<30).contains($0) ? 0.5 : 0 }
        let s = SliceSelection.standard(every: 2, central: 4, minForeground: 0.2)
        #expect(s.rules == [.minForeground(0.2), .every(2), .central(4)])
        #expect(try s.select(count: 40, foreground: fg) == [17, 19, 21, 23])
        // Another order gives another result: central first, then every 2nd.
        let other = SliceSelection([.minForeground(0.2), .central(4), .every(2)])
        #expect(try other.select(count: 40, foreground: fg) == [19, 21])
        #expect(try SliceSelection().select(count: 3) == [0, 1, 2])
        #expect(try SliceSelection.standard(minForeground: 0.9).select(count: 40, foreground: fg).isEmpty)
    }

    @Test func badValuesNameTheParameter() {
        #expect(throws: PreprocessError.invalidParameter(name: "slice.every", value: "0", reason: "must be at least 1")) {
            try SliceSelection([.every(0)]).select(count: 3)
        }
        #expect(throws: PreprocessError.self) { try SliceSelection([.central(0)]).select(count: 3) }
        #expect(throws: PreprocessError.self) { try SliceSelection([.minForeground(1)]).select(count: 3) }
        #expect(throws: PreprocessError.self) { try SliceSelection([.minForeground(-0.1)]).select(count: 3) }
    }
}
