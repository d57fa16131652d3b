/// A 4x4 matrix of Doubles, row-major, used for voxel-to-world affines.
public struct Matrix4: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Row-major storage: `m[r * 4 + c]`.
    public var m: [Double]

    public init(rows: [[Double]]) {
        precondition(rows.count == 4 && rows.allSatisfy { $0.count == 4 }, "Matrix4 needs 4x4 values")
        m = rows.flatMap { $0 }
    }

    public init(rowMajor: [Double]) {
        precondition(rowMajor.count == 16, "Matrix4 needs 16 values")
        m = rowMajor
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let values = try c.decode([Double].self, forKey: .m)
        guard values.count == 16 else {
            throw DecodingError.dataCorruptedError(forKey: .m, in: c, debugDescription: "a 4x4 matrix needs 16 values, found \(values.count)")
        }
        m = values
    }

    private enum CodingKeys: String, CodingKey { case m }

    public static let identity = Matrix4(rowMajor: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])

    public static func diagonal(_ d: [Double]) -> Matrix4 {
        var r = Matrix4.identity
        for i in 0..<min(4, d.count) { r[i, i] = d[i] }
        return r
    }

    public subscript(r: Int, c: Int) -> Double {
        get { m[r * 4 + c] }
        set { m[r * 4 + c] = newValue }
    }

    public var rows: [[Double]] { (0..<4).map { r in Array(m[(r * 4)..<(r * 4 + 4)]) } }

    public static func * (a: Matrix4, b: Matrix4) -> Matrix4 {
        var out = [Double](repeating: 0, count: 16)
        for r in 0..<4 {
            for c in 0..<4 {
                var s = 0.0
                for k in 0..<4 { s += a.m[r * 4 + k] * b.m[k * 4 + c] }
                out[r * 4 + c] = s
            }
        }
        return Matrix4(rowMajor: out)
    }

    /// Applies the matrix to a point (x, y, z, 1).
    public func apply(_ p: [Double]) -> [Double] {
        (0..<3).map { r in m[r * 4] * p[0] + m[r * 4 + 1] * p[1] + m[r * 4 + 2] * p[2] + m[r * 4 + 3] }
    }

    /// The inverse through Gauss-Jordan elimination with partial pivoting; nil when singular.
    public var inverse: Matrix4? {
        var a = m
        var inv = Matrix4.identity.m
        for col in 0..<4 {
            var pivot = col
            for r in (col + 1)..<4 where abs(a[r * 4 + col]) > abs(a[pivot * 4 + col]) { pivot = r }
            if abs(a[pivot * 4 + col]) < 1e-300 { return nil }
            if pivot != col {
                for c in 0..<4 {
                    a.swapAt(col * 4 + c, pivot * 4 + c)
                    inv.swapAt(col * 4 + c, pivot * 4 + c)
                }
            }
            let p = a[col * 4 + col]
            for c in 0..<4 { a[col * 4 + c] /= p; inv[col * 4 + c] /= p }
            for r in 0..<4 where r != col {
                let f = a[r * 4 + col]
                if f == 0 { continue }
                for c in 0..<4 {
                    a[r * 4 + c] -= f * a[col * 4 + c]
                    inv[r * 4 + c] -= f * inv[col * 4 + c]
                }
            }
        }
        return Matrix4(rowMajor: inv)
    }

    /// Largest absolute element-wise difference.
    public func maxAbsDifference(_ other: Matrix4) -> Double {
        zip(m, other.m).map { abs($0 - $1) }.max() ?? 0
    }

    public var description: String {
        rows.map { $0.map { String(format: "%10.4f", $0) }.joined(separator: " ") }.joined(separator: "\n")
    }
}
