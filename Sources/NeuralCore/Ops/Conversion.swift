extension Tensor {
    /// The values as `dtype` (rounded to Float32, or widened to Float64); differentiable.
    public func converted(to target: DType) throws -> Tensor {
        if target == dtype { return self }
        let out = try Tensor(zeros: shape, dtype: target)
        switch (dtype, target) {
        case (.float32, .float64):
            withUnsafeBuffer(Float.self) { x in out.withUnsafeMutableBuffer(Double.self) { y in for i in x.indices { y[i] = Double(x[i]) } } }
        default:
            withUnsafeBuffer(Double.self) { x in out.withUnsafeMutableBuffer(Float.self) { y in for i in x.indices { y[i] = Float(x[i]) } } }
        }
        let source = dtype
        return try Self.record("convert", out, inputs: [self]) { g, _ in [try g.converted(to: source)] }
    }
}
