import Foundation
import SafeTensors
import XCTest

/// F16 and BF16 conversions: exhaustive where the space is small, against Swift's Float16
/// (where the platform has it) and an independent round-to-nearest-even otherwise.
final class HalfPrecisionTests: XCTestCase {
    func testF16KnownValues() {
        let cases: [(UInt16, Float)] = [
            (0x0000, 0), (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504), (0x0400, 0x1p-14),
            (0x0001, 0x1p-24), (0x03FF, 1023 * 0x1p-24), (0x7C00, .infinity), (0xFC00, -.infinity),
            (0x3555, 0.333251953125),
        ]
        for (bits, value) in cases {
            XCTAssertEqual(HalfPrecision.float(fromF16: bits), value, String(bits, radix: 16))
            XCTAssertEqual(HalfPrecision.f16(from: value), bits, "\(value)")
        }
        XCTAssertEqual(HalfPrecision.float(fromF16: 0x8000).bitPattern, (-0.0 as Float).bitPattern)
        XCTAssertEqual(HalfPrecision.f16(from: -0.0), 0x8000)
    }

    func testF16Rounding() {
        // Ties go to even, in normals and subnormals; overflow goes to infinity.
        XCTAssertEqual(HalfPrecision.f16(from: 1 + 0x1p-11), 0x3C00)
        XCTAssertEqual(HalfPrecision.f16(from: 1 + 3 * 0x1p-11), 0x3C02)
        XCTAssertEqual(HalfPrecision.f16(from: 1 + 0x1p-11 + 0x1p-20), 0x3C01)
        XCTAssertEqual(HalfPrecision.f16(from: 0x1p-25), 0x0000)
        XCTAssertEqual(HalfPrecision.f16(from: -0x1p-25), 0x8000)
        XCTAssertEqual(HalfPrecision.f16(from: 0x1.8p-25), 0x0001)
        XCTAssertEqual(HalfPrecision.f16(from: 3 * 0x1p-25), 0x0002)
        XCTAssertEqual(HalfPrecision.f16(from: 0x1p-26), 0x0000)
        XCTAssertEqual(HalfPrecision.f16(from: 1023.5 * 0x1p-24), 0x0400)  // largest subnormal rounds up to the smallest normal
        XCTAssertEqual(HalfPrecision.f16(from: 65519), 0x7BFF)
        XCTAssertEqual(HalfPrecision.f16(from: 65520), 0x7C00)
        XCTAssertEqual(HalfPrecision.f16(from: 1e10), 0x7C00)
        XCTAssertEqual(HalfPrecision.f16(from: -Float.greatestFiniteMagnitude), 0xFC00)
        XCTAssertEqual(HalfPrecision.f16(from: .leastNonzeroMagnitude), 0x0000)
    }

    func testF16NaN() {
        XCTAssertEqual(HalfPrecision.f16(from: .nan), 0x7E00)
        XCTAssertEqual(HalfPrecision.f16(from: -.nan), 0xFE00)
        XCTAssertEqual(HalfPrecision.f16(from: Float(bitPattern: 0x7F80_0001)), 0x7E00)  // signalling -> quiet
        XCTAssertEqual(HalfPrecision.f16(from: Float(bitPattern: 0x7FBF_FFFF)), 0x7FFF)  // top payload bits kept
        for bits: UInt16 in [0x7C01, 0x7E00, 0xFE00, 0x7FFF, 0xFD00] {
            let f = HalfPrecision.float(fromF16: bits)
            XCTAssertTrue(f.isNaN)
            XCTAssertEqual(f.sign == .minus, bits & 0x8000 != 0)
            XCTAssertEqual(HalfPrecision.f16(from: f), bits | 0x0200)
        }
    }

    /// Every F16 value survives F16 -> Float -> F16, and widening matches Float16 where available.
    func testF16Exhaustive() {
        for i in 0...0xFFFF {
            let bits = UInt16(i)
            let f = HalfPrecision.float(fromF16: bits)
            if bits & 0x7C00 == 0x7C00 && bits & 0x03FF != 0 {
                XCTAssertTrue(f.isNaN)
                continue
            }
            XCTAssertEqual(HalfPrecision.f16(from: f), bits, String(i, radix: 16))
            #if !(os(macOS) && arch(x86_64))
            XCTAssertEqual(f.bitPattern, Float(Float16(bitPattern: bits)).bitPattern, String(i, radix: 16))
            #endif
        }
    }

    /// Narrowing over a sweep of the whole Float space agrees with an exact reference
    /// (mismatches are collected, so that the loop stays fast in debug builds).
    func testNarrowingSweep() {
        var bits: UInt32 = 0
        var checked = 0
        var bf16Mismatches: [UInt32] = []
        var f16Mismatches: [UInt32] = []
        while true {
            let x = Float(bitPattern: bits)
            if !x.isNaN {
                if HalfPrecision.bf16(from: x) != referenceBF16(x) { bf16Mismatches.append(bits) }
                #if !(os(macOS) && arch(x86_64))
                if HalfPrecision.f16(from: x) != Float16(x).bitPattern { f16Mismatches.append(bits) }
                #endif
                checked += 1
            }
            let (next, o) = bits.addingReportingOverflow(1021)  // odd stride: all mantissa residues
            if o { break }
            bits = next
        }
        XCTAssertGreaterThan(checked, 4_000_000)
        XCTAssertEqual(bf16Mismatches.prefix(5).map { String($0, radix: 16) }, [])
        XCTAssertEqual(f16Mismatches.prefix(5).map { String($0, radix: 16) }, [])
    }

    func testBF16() {
        XCTAssertEqual(HalfPrecision.bf16(from: 1), 0x3F80)
        XCTAssertEqual(HalfPrecision.bf16(from: -1), 0xBF80)
        XCTAssertEqual(HalfPrecision.bf16(from: -0.0), 0x8000)
        XCTAssertEqual(HalfPrecision.bf16(from: 1 + 0x1p-8), 0x3F80)  // tie to even
        XCTAssertEqual(HalfPrecision.bf16(from: 1 + 3 * 0x1p-8), 0x3F82)
        XCTAssertEqual(HalfPrecision.bf16(from: .pi), 0x4049)
        XCTAssertEqual(HalfPrecision.bf16(from: .greatestFiniteMagnitude), 0x7F80)
        XCTAssertEqual(HalfPrecision.bf16(from: .infinity), 0x7F80)
        XCTAssertEqual(HalfPrecision.bf16(from: -.infinity), 0xFF80)
        XCTAssertEqual(HalfPrecision.bf16(from: .leastNonzeroMagnitude), 0x0000)
        XCTAssertEqual(HalfPrecision.bf16(from: Float(bitPattern: 0x0000_8001)), 0x0001)  // subnormal rounds up
        XCTAssertEqual(HalfPrecision.bf16(from: .nan), 0x7FC0)
        XCTAssertEqual(HalfPrecision.bf16(from: -.nan), 0xFFC0)
        XCTAssertEqual(HalfPrecision.bf16(from: Float(bitPattern: 0x7F80_0001)), 0x7FC0)
        for i in 0...0xFFFF {
            let bits = UInt16(i)
            let f = HalfPrecision.float(fromBF16: bits)
            XCTAssertEqual(f.bitPattern, UInt32(bits) << 16)
            if !f.isNaN { XCTAssertEqual(HalfPrecision.bf16(from: f), bits) }
        }
    }

    /// Nearest BF16 by comparing distances in Double (exact for these magnitudes); ties to even.
    private func referenceBF16(_ x: Float) -> UInt16 {
        let lower = x.bitPattern & 0xFFFF_0000
        let upper = lower + 0x0001_0000
        let a = Double(Float(bitPattern: lower)), d = Double(x)
        if (upper & 0x7FFF_FFFF) > 0x7F80_0000 { return UInt16(lower >> 16) }  // never crosses into NaN
        let b = (upper & 0x7FFF_FFFF) == 0x7F80_0000
            ? (x.sign == .minus ? -0x1p128 : 0x1p128)  // the rounding boundary above the largest finite is 2^128
            : Double(Float(bitPattern: upper))
        let da = abs(d - a), db = abs(b - d)
        if da < db { return UInt16(lower >> 16) }
        if db < da { return UInt16(upper >> 16) }
        return (lower >> 16) & 1 == 0 ? UInt16(lower >> 16) : UInt16(upper >> 16)
    }
}
