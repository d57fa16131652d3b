import CKernels
import Foundation
import Testing

/// The hand-vectorised kernels compute their formulas, and every variant gives the same bytes.
/// (Selecting a variant is global; the variants agree bit for bit, so tests running meanwhile
/// see the same values.)
@Suite(.serialized) struct KernelsTests {
    /// Inputs of one symmetric filtering: `taps` rows of `n` values.
    private static func rows(_ taps: Int, _ n: Int) -> [[Double]] {
        (0..<taps).map { t in
            (0..<n).map { i -> Double in
                let phase = Double(t * 131 + i) * 0.37
                return sin(phase) * 1000 + Double(i % 7)
            }
        }
    }

    private static func window(_ taps: Int) -> [Double] {
        let r = taps / 2
        let raw = (0..<taps).map { exp(-Double(($0 - r) * ($0 - r)) / 4.5) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    private static func symmetricTaps(_ rows: [[Double]], _ w: [Double], start: Int, end: Int) -> [Double] {
        var out = [Double](repeating: -1, count: rows[0].count)
        let pointers = rows.map { r -> UnsafeMutablePointer<Double> in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: r.count)
            p.initialize(from: r, count: r.count)
            return p
        }
        defer { pointers.forEach { $0.deallocate() } }
        var inputs: [UnsafePointer<Double>?] = pointers.map { UnsafePointer($0) }
        medsynth_symmetric_taps_f64(&out, &inputs, w, w.count, start, end)
        return out
    }

    @Test(arguments: [3, 7, 9, 11])
    func symmetricTapsIsTheWeightedSum(taps: Int) {
        let n = 36
        let rows = Self.rows(taps, n), w = Self.window(taps)
        let out = Self.symmetricTaps(rows, w, start: 4, end: 32)
        for i in 0..<n {
            if i < 4 || i >= 32 {
                #expect(out[i] == -1, "value \(i) outside start..<end was written")
            } else {
                let expected = (0..<taps).reduce(0.0) { $0 + w[$1] * rows[$1][i] }
                #expect(abs(out[i] - expected) <= 1e-12 * abs(expected), "taps \(taps), value \(i)")
            }
        }
    }

    /// One row of the SSIM map from the four filtered maps, against the formula in Double.
    @Test func ssimRowMatchesTheFormula() {
        let n = 23  // 5 vectors of 4 and a tail of 3
        let x = (0..<n).map { (i: Int) -> Double in 100 + 40 * sin(Double(i)) }
        let y = (0..<n).map { (i: Int) -> Double in 95 + 38 * sin(Double(i) + 0.3) }
        let ms = zip(x, y).map { $0 + $1 }, md = zip(x, y).map { $0 - $1 }
        let es = ms.map { (v: Double) -> Double in v * v + 50 }, ed = md.map { (v: Double) -> Double in v * v + 20 }
        let mask = (0..<n).map { $0 % 5 != 2 }
        let c1x2: Double = 2 * 2.55 * 2.55, c2x2: Double = 2 * 7.65 * 7.65, norm = 1.0
        var expected = 0.0, expectedCS = 0.0, expectedCount = 0
        for i in 0..<n where mask[i] {
            let vs = es[i] - ms[i] * ms[i], vd = ed[i] - md[i] * md[i]
            let cs = (norm * (vs - vd) + c2x2) / (norm * (vs + vd) + c2x2)
            expected += (ms[i] * ms[i] - md[i] * md[i] + c1x2) / (ms[i] * ms[i] + md[i] * md[i] + c1x2) * cs
            expectedCS += cs
            expectedCount += 1
        }
        var sums = [0.0, 0.0], count = 0
        medsynth_ssim_row_f64(ms, md, es, ed, mask, n, c1x2, c2x2, norm, 1, &sums, &count)
        #expect(count == expectedCount)
        #expect(abs(sums[0] - expected) <= 1e-12 * abs(expected))
        #expect(abs(sums[1] - expectedCS) <= 1e-12 * abs(expectedCS))
        var unmasked = [0.0, 0.0], all = 0
        medsynth_ssim_row_f64(ms, md, es, ed, nil, n, c1x2, c2x2, norm, 0, &unmasked, &all)
        #expect(all == n)
        #expect(unmasked[1] == 0, "the contrast-structure sum is left alone when not asked for")
    }

    @Test func variantsGiveTheSameBytes() throws {
        let original = String(cString: medsynth_kernels_variant())
        defer { _ = medsynth_kernels_select(original) }
        #expect(medsynth_kernels_select("no-such-variant") == -1)
        #expect(medsynth_kernels_select("baseline") == 0)
        #expect(String(cString: medsynth_kernels_variant()) == "baseline")
        let rows = Self.rows(11, 40), w = Self.window(11)
        let baseline = Self.symmetricTaps(rows, w, start: 0, end: 40)
        var baselineSums = [0.0, 0.0], baselineCount = 0
        medsynth_ssim_row_f64(rows[0], rows[1], rows[2], rows[3], nil, 39, 6.5, 58.5, 1, 1, &baselineSums, &baselineCount)
        guard medsynth_kernels_select("avx") == 0 else {
            print("KernelsTests: this CPU has no AVX; only the baseline variant was checked")
            return
        }
        #expect(Self.symmetricTaps(rows, w, start: 0, end: 40) == baseline)
        var sums = [0.0, 0.0], count = 0
        medsynth_ssim_row_f64(rows[0], rows[1], rows[2], rows[3], nil, 39, 6.5, 58.5, 1, 1, &sums, &count)
        #expect(sums == baselineSums && count == baselineCount)
    }
}
