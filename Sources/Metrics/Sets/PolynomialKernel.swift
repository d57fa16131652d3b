import Dispatch
import Imaging

/// The polynomial kernel `k(g) = (gamma g + coef0)^degree` of a dot product `g`, summed over a
/// Gram matrix in Double.
///
/// Sums are split into a fixed number of column chunks, computed on up to that many threads
/// and added in chunk order, so the result does not depend on the number of cores.
struct PolynomialKernel: Sendable {
    let degree: Int
    let gamma: Double
    let coef0: Double

    static let chunks = 8

    /// Sum of `k` over a column-major `size x size` Gram matrix: every entry, or only the
    /// strict upper triangle (`i < j`, the half of a symmetric matrix's off-diagonal).
    func sum(_ gram: [Float], size m: Int, upperOnly: Bool) -> Double {
        var partial = [Double](repeating: 0, count: Self.chunks)
        gram.withUnsafeBufferPointer { g in
            partial.withUnsafeMutableBufferPointer { out in
                guard let base = g.baseAddress, let sums = out.baseAddress else { return }
                let shared = (gram: UnsafeShared(base), sums: UnsafeShared(sums))
                // Chunk boundaries balance the work: equal columns, or equal triangle areas.
                let bounds = (0...Self.chunks).map { c -> Int in
                    let f = Double(c) / Double(Self.chunks)
                    return upperOnly ? Int((f.squareRoot() * Double(m)).rounded()) : Int((f * Double(m)).rounded())
                }
                DispatchQueue.concurrentPerform(iterations: Self.chunks) { c in
                    var total = 0.0
                    for j in bounds[c]..<bounds[c + 1] {
                        total += columnSum(shared.gram.value + j * m, count: upperOnly ? j : m)
                    }
                    shared.sums.value[c] = total
                }
            }
        }
        return partial.reduce(0, +)
    }

    /// Sum of `k` over `count` consecutive dot products, four Double lanes at a time.
    @inline(__always)
    private func columnSum(_ p: UnsafePointer<Float>, count n: Int) -> Double {
        let g = SIMD4<Double>(repeating: gamma), c = SIMD4<Double>(repeating: coef0)
        var acc = SIMD4<Double>(repeating: 0)
        var i = 0
        if degree == 3 {
            while i + 4 <= n {
                let v = SIMD4<Double>(Double(p[i]), Double(p[i + 1]), Double(p[i + 2]), Double(p[i + 3]))
                let t = v * g + c
                acc += t * t * t
                i += 4
            }
        } else {
            while i + 4 <= n {
                let v = SIMD4<Double>(Double(p[i]), Double(p[i + 1]), Double(p[i + 2]), Double(p[i + 3]))
                let t = v * g + c
                var power = t
                for _ in 1..<max(degree, 1) { power *= t }
                acc += power
                i += 4
            }
        }
        var total = acc.sum()
        while i < n {
            let t = Double(p[i]) * gamma + coef0
            var power = t
            for _ in 1..<max(degree, 1) { power *= t }
            total += power
            i += 1
        }
        return total
    }
}
