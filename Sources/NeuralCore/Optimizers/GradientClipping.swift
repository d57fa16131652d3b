/// Scales all gradients together so that their total L2 norm is at most `maxNorm`
/// (PyTorch's `clip_grad_norm_`: coefficient min(1, maxNorm / (norm + 1e-6))). Returns the
/// total norm before clipping; a non-finite norm is reported, not applied.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Double) throws -> Double {
    var total = 0.0
    for p in parameters {
        guard let g = p.grad else { continue }
        for v in g.doubles { total += v * v }
    }
    let norm = total.squareRoot()
    guard norm.isFinite else {
        throw TensorError.nonFinite(op: "clip_grad_norm", phase: .backward)
    }
    let coefficient = Swift.min(1, maxNorm / (norm + 1e-6))
    for p in parameters {
        guard let g = p.grad else { continue }
        switch g.dtype {
        case .float32:
            let c = Float(coefficient)
            g.withUnsafeMutableBuffer(Float.self) { b in for i in b.indices { b[i] *= c } }
        case .float64:
            g.withUnsafeMutableBuffer(Double.self) { b in for i in b.indices { b[i] *= coefficient } }
        }
    }
    return norm
}
