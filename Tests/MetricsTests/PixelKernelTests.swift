import Foundation
@testable import Metrics
import XCTest

/// The fast SSIM kernel against a direct five-map evaluation, the MS-SSIM pooling and the
/// NMI histogram's bin edges.
final class PixelKernelTests: XCTestCase {
    /// Deterministic test values (an LCG), scaled like MRI intensities.
    static func values(_ n: Int, seed: UInt64, scale: Float = 1000) -> [Float] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24) * scale
        }
    }

    /// Mean SSIM (and contrast-structure) over the valid region, straight from the definition:
    /// weighted x, y, x², y², xy sums per output voxel.
    static func direct(_ a: [Float], _ b: [Float], _ nx: Int, _ ny: Int, _ nz: Int, _ w: [Double],
                       filter: (Bool, Bool, Bool), c1: Double, c2: Double, norm: Double, mask: [Bool]?) -> (ssim: Double, cs: Double, count: Int) {
        let r = w.count / 2
        let rx = filter.0 ? r : 0, ry = filter.1 ? r : 0, rz = filter.2 ? r : 0
        var total = 0.0, totalCS = 0.0, count = 0
        for k in rz..<(nz - rz) {
            for j in ry..<(ny - ry) {
                for i in rx..<(nx - rx) where mask?[(k * ny + j) * nx + i] ?? true {
                    var ux = 0.0, uy = 0.0, uxx = 0.0, uyy = 0.0, uxy = 0.0
                    for dz in -rz...rz {
                        for dy in -ry...ry {
                            for dx in -rx...rx {
                                let wt = (filter.0 ? w[dx + r] : 1) * (filter.1 ? w[dy + r] : 1) * (filter.2 ? w[dz + r] : 1)
                                let idx = ((k + dz) * ny + j + dy) * nx + i + dx
                                let x = Double(a[idx]), y = Double(b[idx])
                                ux += wt * x; uy += wt * y; uxx += wt * x * x; uyy += wt * y * y; uxy += wt * x * y
                            }
                        }
                    }
                    let vx = norm * (uxx - ux * ux), vy = norm * (uyy - uy * uy), vxy = norm * (uxy - ux * uy)
                    let cs = (2 * vxy + c2) / (vx + vy + c2)
                    total += (2 * ux * uy + c1) / (ux * ux + uy * uy + c1) * cs
                    totalCS += cs
                    count += 1
                }
            }
        }
        return (total / Double(count), totalCS / Double(count), count)
    }

    func testKernelMatchesDirectEvaluation() {
        let windows: [[Double]] = [SSIMWindow.gaussian11.weights, SSIMWindow.uniform7.weights,
                                   SSIMWindow.gaussian(sigma: 1, truncate: 2).weights, [1]]
        // (nx, ny, nz, filter x, y, z): odd widths (row tails), strips, unfiltered axes, thin volumes.
        let shapes: [(Int, Int, Int, (Bool, Bool, Bool))] = [
            (37, 29, 1, (true, true, false)), (23, 19, 15, (true, true, true)), (30, 12, 13, (true, true, true)),
            (25, 8, 5, (true, false, false)), (40, 31, 3, (true, true, false)), (11, 11, 11, (true, true, true)),
            (14, 40, 24, (false, true, true)), (61, 70, 1, (true, true, false)),
        ]
        var seed: UInt64 = 1
        for (nx, ny, nz, filter) in shapes {
            let n = nx * ny * nz
            let a = Self.values(n, seed: seed), noise = Self.values(n, seed: seed + 100, scale: 200)
            let b = zip(a, noise).map { $0 * 0.8 + $1 }
            seed += 1
            let mask = Self.values(n, seed: seed + 7).map { $0 > 300 }
            for w in windows {
                if filter.0 && nx < w.count || filter.1 && ny < w.count || filter.2 && nz < w.count { continue }
                for norm in [1.0, 1.02] {
                    var kernel = LocalSSIMKernel(nx: nx, ny: ny, nz: nz, window: w, filterX: filter.0, filterY: filter.1,
                                                 filterZ: filter.2, c1: 100, c2: 900, covarianceNorm: norm)
                    // Also in strips of 3 rows: strip boundaries, rows carried between strips.
                    for (m, strip) in [(nil, Int.max), (mask, Int.max), (mask, 3)] as [([Bool]?, Int)] {
                        kernel.maximumStripRows = strip
                        let expected = Self.direct(a, b, nx, ny, nz, w, filter: filter, c1: 100, c2: 900, norm: norm, mask: m)
                        let s = kernel.run(a, b, mask: m, contrastStructure: true)
                        XCTAssertEqual(s.count, expected.count)
                        if expected.count == 0 { continue }
                        XCTAssertEqual(s.ssim / Double(s.count), expected.ssim, accuracy: 1e-12, "\(nx)x\(ny)x\(nz) window \(w.count)")
                        XCTAssertEqual(s.contrastStructure / Double(s.count), expected.cs, accuracy: 1e-12)
                        let plain = kernel.run(a, b, mask: m, contrastStructure: false)
                        XCTAssertEqual(plain.ssim, s.ssim, accuracy: 1e-9 * Double(s.count))
                        // Double input gives the same sums as Float input of the same values.
                        let d = kernel.run(a.map(Double.init), b.map(Double.init), mask: m, contrastStructure: true)
                        XCTAssertEqual(d.ssim, s.ssim, accuracy: 1e-12 * Double(s.count))
                    }
                }
            }
        }
    }

    func testAveragePoolFollowsPyTorchPadding() {
        // 3x3 image: odd sides are padded with one zero on each end, padding counted.
        let image: [Float] = [1, 2, 3,
                              4, 5, 6,
                              7, 8, 9]
        let pool = AveragePool(nx: 3, ny: 3, nz: 1, poolZ: false)
        XCTAssertTrue(pool.outputShape == (2, 2, 1))
        let expected: [Double] = [0.25, 1.25, 2.75, 7]  // 1/4, (2+3)/4, (4+7)/4, (5+6+8+9)/4
        XCTAssertEqual(pool(image), expected)
        // Even sides: plain 2x2 means.
        let even = AveragePool(nx: 4, ny: 2, nz: 1, poolZ: false)
        let evenExpected: [Double] = [3.5, 5.5]  // (1+2+5+6)/4, (3+4+7+8)/4
        XCTAssertEqual(even([1, 2, 3, 4, 5, 6, 7, 8] as [Float]), evenExpected)
        // A volume of depth 1 is padded along z too (PyTorch's avg_pool3d), halving the values.
        let thin = AveragePool(nx: 2, ny: 2, nz: 1, poolZ: true)
        XCTAssertEqual(thin([4, 4, 4, 4] as [Float]), [2])
        // Masks: inside when at least half of the block is.
        XCTAssertEqual(pool.pool(mask: [true, true, true, true, true, true, true, true, true]), [false, true, true, true])
    }

    func testHistogramEdgesFollowNumPyFloat32Linspace() {
        // numpy.linspace(np.float32(0), np.float32(2), 101): step fl32(2/100), edge k = k * step + 0.
        let e = JointHistogram.edges(lo: 0, hi: 2, bins: 100)
        XCTAssertEqual(e.count, 101)
        XCTAssertEqual(e[50], Float(50) * (Float(2) / 100))
        XCTAssertEqual(e[100], 2)
        // Samples on an edge go to the bin on its right; the maximum to the last bin.
        XCTAssertEqual(JointHistogram.bin(e[37], e), 37)
        XCTAssertEqual(JointHistogram.bin(e[37].nextDown, e), 36)
        XCTAssertEqual(JointHistogram.bin(2, e), 99)
        XCTAssertEqual(JointHistogram.bin(0, e), 0)
        // A constant image is widened by 0.5 on each side (numpy.histogramdd).
        let c = JointHistogram.edges(lo: 7, hi: 7, bins: 10)
        XCTAssertEqual(c.first, 6.5)
        XCTAssertEqual(c.last, 7.5)
        XCTAssertEqual(JointHistogram.bin(7, c), 5)
    }
}
