import Testing
@testable import NeuralCore

/// The counter-based generator against Random123's known answers, and its determinism.
struct PhiloxTests {
    @Test func knownAnswers() {
        #expect(PhiloxGenerator.philox([0, 0, 0, 0], 0) == [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8])
        #expect(PhiloxGenerator.philox([0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], 0xFFFF_FFFF_FFFF_FFFF)
                == [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD])
        #expect(PhiloxGenerator.philox([0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344], 0x299F_31D0_A409_3822)
                == [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1])
    }

    @Test func sameSeedSameStreamAndStateRoundTrips() throws {
        var a = PhiloxGenerator(seed: 42), b = PhiloxGenerator(seed: 42)
        for _ in 0..<7 { _ = a.nextUInt32() }
        for _ in 0..<7 { _ = b.nextUInt32() }
        let saved = try JSONEncoder().encode(a)
        var c = try JSONDecoder().decode(PhiloxGenerator.self, from: saved)
        let next = (0..<10).map { _ in a.next() }
        #expect(next == (0..<10).map { _ in b.next() })
        #expect(next == (0..<10).map { _ in c.next() })
        var other = PhiloxGenerator(seed: 43), forked = PhiloxGenerator(seed: 42).forked(stream: 1)
        var original = PhiloxGenerator(seed: 42)
        let first = original.next()
        #expect(other.next() != first)
        #expect(forked.next() != first)
    }

    @Test func normalMoments() {
        var g = PhiloxGenerator(seed: 7)
        let n = 200_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n { let v = g.nextNormal(); sum += v; sumSquares += v * v }
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.01)
    }
}

import Foundation
