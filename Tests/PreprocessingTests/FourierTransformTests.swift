import Foundation
import Testing
@testable import Preprocessing

@Suite struct FourierTransformTests {
    /// Textbook O(n^2) DFT in Double.
    static func naive(_ re: [Double], _ im: [Double], inverse: Bool = false) -> ([Double], [Double]) {
        let n = re.count
        var or = [Double](repeating: 0, count: n), oi = or
        let sign: Double = inverse ? 1 : -1
        for k in 0..<n {
            var sr = 0.0, si = 0.0
            for j in 0..<n {
                let a = sign * 2 * Double.pi * Double((j * k) % n) / Double(n)
                sr += re[j] * cos(a) - im[j] * sin(a)
                si += re[j] * sin(a) + im[j] * cos(a)
            }
            or[k] = sr; oi[k] = si
        }
        return (or, oi)
    }

    static func signal(_ n: Int, _ salt: Int) -> ([Double], [Double]) {
        ((0..<n).map { sin(Double($0 * 7 + salt) * 0.37) + Double(($0 * 13 + salt) % 5) },
         (0..<n).map { cos(Double($0 * 3 + salt) * 0.91) - 0.5 })
    }

    static func relativeError(_ a: ([Double], [Double]), _ b: ([Double], [Double])) -> Double {
        var diff = 0.0, norm = 0.0
        for i in a.0.indices {
            diff = max(diff, abs(a.0[i] - b.0[i]), abs(a.1[i] - b.1[i]))
            norm = max(norm, abs(b.0[i]), abs(b.1[i]))
        }
        return diff / max(norm, 1e-300)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 31, 64, 100, 127, 128, 181])
    func oneDimensionalMatchesNaiveDFT(n: Int) {
        let (re, im) = Self.signal(n, n)
        var r = re, i = im
        let fft = FourierTransform(length: n)
        fft.forward(real: &r, imaginary: &i)
        let expected = Self.naive(re, im)
        #expect(Self.relativeError((r, i), expected) < 1e-10, "length \(n)")
        fft.inverse(real: &r, imaginary: &i)
        #expect(Self.relativeError((r, i), (re, im)) < 1e-12, "round trip, length \(n)")
    }

    @Test func inverseMatchesNaiveInverseDFT() {
        for n in [6, 9, 32] {
            let (re, im) = Self.signal(n, 3)
            var r = re, i = im
            FourierTransform(length: n).inverse(real: &r, imaginary: &i)
            let (er, ei) = Self.naive(re, im, inverse: true)
            #expect(Self.relativeError((r, i), (er.map { $0 / Double(n) }, ei.map { $0 / Double(n) })) < 1e-10)
        }
    }

    /// The 3D transform equals the naive DFT applied along x, then y, then z.
    @Test func threeDimensionalMatchesSeparableNaiveDFT() throws {
        let shape = [6, 5, 4]
        let count = shape.reduce(1, *)
        let (re, im) = Self.signal(count, 11)
        var field = try #require(ComplexVolume(shape: shape, real: re, imaginary: im))
        FourierTransform.forward(&field)

        var er = re, ei = im
        for axis in 0..<3 {
            let n = shape[axis]
            let inner = shape.prefix(axis).reduce(1, *)
            for o in 0..<(count / (inner * n)) {
                for s in 0..<inner {
                    let idx = (0..<n).map { o * inner * n + s + $0 * inner }
                    let (lr, li) = Self.naive(idx.map { er[$0] }, idx.map { ei[$0] })
                    for (t, e) in idx.enumerated() { er[e] = lr[t]; ei[e] = li[t] }
                }
            }
        }
        #expect(Self.relativeError((field.real, field.imaginary), (er, ei)) < 1e-10)
        FourierTransform.inverse(&field)
        #expect(Self.relativeError((field.real, field.imaginary), (re, im)) < 1e-12)
    }

    @Test func threeDimensionalRoundTripOnOddSizes() throws {
        let shape = [9, 20, 7]
        let count = shape.reduce(1, *)
        let (re, im) = Self.signal(count, 5)
        var field = try #require(ComplexVolume(shape: shape, real: re, imaginary: im))
        FourierTransform.forward(&field)
        #expect(field.real != re)
        FourierTransform.inverse(&field)
        #expect(Self.relativeError((field.real, field.imaginary), (re, im)) < 1e-12)
    }

    /// numpy: fftshift([0, 1, 2, 3, 4]) = [3, 4, 0, 1, 2]; fftshift([0, 1, 2, 3]) = [2, 3, 0, 1].
    @Test func shiftedPositionsFollowNumpy() {
        #expect((0..<5).map { FourierTransform.unshiftedIndex($0, length: 5) } == [3, 4, 0, 1, 2])
        #expect((0..<4).map { FourierTransform.unshiftedIndex($0, length: 4) } == [2, 3, 0, 1])
        #expect(FourierTransform.unshiftedIndex(0, length: 1) == 0)
    }

    /// A 64^3 round trip in a debug build; the release figure for 128^3 is in the report.
    @Test func cubeRoundTripIsQuick() throws {
        let shape = [64, 64, 64]
        let count = shape.reduce(1, *)
        let re = (0..<count).map { Double(($0 * 7919) % 1000) / 1000 }
        var field = try #require(ComplexVolume(shape: shape, real: re, imaginary: [Double](repeating: 0, count: count)))
        let start = Date()
        FourierTransform.forward(&field)
        FourierTransform.inverse(&field)
        let seconds = Date().timeIntervalSince(start)
        #expect(seconds < 20)
        var err = 0.0
        for i in 0..<count { err = max(err, abs(field.real[i] - re[i]), abs(field.imaginary[i])) }
        #expect(err < 1e-12)
    }
}
