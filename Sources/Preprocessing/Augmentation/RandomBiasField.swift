import Foundation
import Imaging

/// Multiplies the image by a smooth random MRI bias field, as TorchIO's
/// `RandomBiasField`: the log-field is a polynomial of total degree `order` in
/// normalized voxel coordinates, `sum c[a,b,c] * x^a * y^b * z^c` over a + b + c <= order
/// (coefficients ordered with the x power outermost, then y, then z, as TorchIO),
/// each coefficient drawn from U(coefficients); the image is multiplied by
/// `exp(field)` (float32). Normalized coordinates run from -1 to 1 across voxel
/// centres along each axis: `(i - (n - 1) / 2) / ((n - 1) / 2)`, 0 for an axis of one voxel.
/// TorchIO's defaults: `coefficients` 0.5 (one value d means U(-d, d)), `order` 3.
/// One field is drawn per subject and applied to every frame. Intensity transform.
public struct RandomBiasField: Transform {
    public let coefficients: ClosedRange<Double>
    public let order: Int

    public init(coefficients: ClosedRange<Double> = -0.5...0.5, order: Int = 3) throws(PreprocessError) {
        guard order >= 0, order <= 10 else {
            throw .invalidParameter(name: "random_bias_field.order", value: String(order), reason: "the order must lie in 0...10")
        }
        self.coefficients = coefficients
        self.order = order
    }

    public var name: String { "random_bias_field" }
    public var parameters: [String: JSONValue] {
        ["coefficients": AugmentationSupport.json(coefficients), "order": .number(Double(order))]
    }

    /// Number of polynomial coefficients for `order`: (order+1)(order+2)(order+3)/6.
    public static func coefficientCount(order: Int) -> Int { (order + 1) * (order + 2) * (order + 3) / 6 }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let c = (0..<RandomBiasField.coefficientCount(order: order)).map { _ in random.uniform(coefficients) }
        let field = try RandomBiasField.field(shape: Array(subject.image.shape.prefix(3)), order: order, coefficients: c)
        let n = field.count
        subject.image.withMutableFloat32Buffer { buf in
            field.withUnsafeBufferPointer { f in
                for i in 0..<buf.count { buf[i] *= f[i % n] }
            }
        }
        return ["coefficients": AugmentationSupport.json(c)]
    }

    /// The multiplicative field `exp(polynomial)` (float32, x fastest) for a 3D shape.
    public static func field(shape: [Int], order: Int, coefficients: [Double]) throws(PreprocessError) -> [Float] {
        guard coefficients.count == coefficientCount(order: order) else {
            throw .invalidParameter(name: "random_bias_field.coefficients", value: String(coefficients.count),
                                    reason: "order \(order) needs \(coefficientCount(order: order)) coefficients")
        }
        let nx = shape[0], ny = shape[1], nz = shape[2]
        // powers[axis][p][i] = normalized coordinate i to the power p.
        func powers(_ n: Int) -> [[Double]] {
            let half = Double(n - 1) / 2
            let u = (0..<n).map { half > 0 ? (Double($0) - half) / half : 0 }
            return (0...order).map { p in u.map { p == 0 ? 1 : pow($0, Double(p)) } }
        }
        let px = powers(nx), py = powers(ny), pz = powers(nz)
        // Index of coefficient (a, b, c) in TorchIO's order.
        var index = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: -1, count: order + 1), count: order + 1), count: order + 1)
        var t = 0
        for a in 0...order { for b in 0...(order - a) { for c in 0...(order - a - b) { index[a][b][c] = t; t += 1 } } }
        var out = [Float](repeating: 0, count: nx * ny * nz)
        var sab = [Double](repeating: 0, count: (order + 1) * (order + 1))
        var ta = [Double](repeating: 0, count: order + 1)
        for k in 0..<nz {
            for a in 0...order {
                for b in 0...(order - a) {
                    var s = 0.0
                    for c in 0...(order - a - b) { s += coefficients[index[a][b][c]] * pz[c][k] }
                    sab[a * (order + 1) + b] = s
                }
            }
            for j in 0..<ny {
                for a in 0...order {
                    var s = 0.0
                    for b in 0...(order - a) { s += sab[a * (order + 1) + b] * py[b][j] }
                    ta[a] = s
                }
                let row = (k * ny + j) * nx
                for i in 0..<nx {
                    var s = 0.0
                    for a in 0...order { s += ta[a] * px[a][i] }
                    out[row + i] = Float(exp(s))
                }
            }
        }
        return out
    }
}
