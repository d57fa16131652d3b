import COpenBLAS

/// Euclidean distances between the rows of two feature matrices, tile by tile, computed the
/// way scikit-learn's `pairwise_distances` does for float32 input (which the `prdc` package
/// uses): squared distance `(-2 x.y + |x|^2) + |y|^2` in Double (DGEMM on the upcast
/// features), rounded to Float32, clipped at 0, then a Float32 square root; the diagonal of
/// a set against itself is exactly 0. Memory stays at a few tiles, not N x N.
enum PairwiseDistances {
    /// Calls `body(rowStart, rows, columnStart, columns, distances)` for tiles covering every
    /// (row of `a`, row of `b`) pair; `distances` is `rows x columns`, row-major.
    static func forEachTile(_ a: FeatureMatrix, _ b: FeatureMatrix, same: Bool, tile: Int = 1024,
                            _ body: (Int, Int, Int, Int, UnsafeBufferPointer<Float>) -> Void) {
        let d = a.dimension
        let normsA = squaredNorms(a), normsB = same ? normsA : squaredNorms(b)
        var tileA = [Double](repeating: 0, count: tile * d), tileB = tileA
        var gram = [Double](repeating: 0, count: tile * tile)
        var distances = [Float](repeating: 0, count: tile * tile)
        var r0 = 0
        while r0 < a.count {
            let rows = min(tile, a.count - r0)
            upcast(a, from: r0, rows: rows, into: &tileA)
            var c0 = 0
            while c0 < b.count {
                let columns = min(tile, b.count - c0)
                upcast(b, from: c0, rows: columns, into: &tileB)
                lazy_cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(columns), Int32(d),
                            1, tileA, Int32(d), tileB, Int32(d), 0, &gram, Int32(columns))
                gram.withUnsafeBufferPointer { g in
                    distances.withUnsafeMutableBufferPointer { out in
                        for i in 0..<rows {
                            let xx = normsA[r0 + i]
                            for j in 0..<columns {
                                let squared = Float((-2 * g[i * columns + j] + xx) + normsB[c0 + j])
                                out[i * columns + j] = max(squared, 0).squareRoot()
                            }
                            if same && r0 + i >= c0 && r0 + i < c0 + columns { out[i * columns + (r0 + i - c0)] = 0 }
                        }
                    }
                }
                distances.withUnsafeBufferPointer { body(r0, rows, c0, columns, UnsafeBufferPointer(rebasing: $0[0..<(rows * columns)])) }
                c0 += columns
            }
            r0 += rows
        }
    }

    /// `|x_i|^2` of every row, in Double.
    static func squaredNorms(_ f: FeatureMatrix) -> [Double] {
        let d = f.dimension
        return f.values.withUnsafeBufferPointer { v in
            (0..<f.count).map { i in
                var s = 0.0
                for j in 0..<d { let x = Double(v[i * d + j]); s += x * x }
                return s
            }
        }
    }

    private static func upcast(_ f: FeatureMatrix, from start: Int, rows: Int, into buffer: inout [Double]) {
        let n = rows * f.dimension, offset = start * f.dimension
        f.values.withUnsafeBufferPointer { v in
            buffer.withUnsafeMutableBufferPointer { b in
                for k in 0..<n { b[k] = Double(v[offset + k]) }
            }
        }
    }
}
