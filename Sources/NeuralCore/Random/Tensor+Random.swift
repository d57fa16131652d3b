extension Tensor {
    /// Standard normal values times `std` plus `mean`, drawn in order from `generator`.
    public static func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32,
                              generator: inout PhiloxGenerator) throws -> Tensor {
        let t = try Tensor(zeros: shape, dtype: dtype)
        t.fill(generator: &generator) { mean + std * $0.nextNormal() }
        return t
    }

    /// Uniform values in [low, high).
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32,
                               generator: inout PhiloxGenerator) throws -> Tensor {
        let t = try Tensor(zeros: shape, dtype: dtype)
        t.fill(generator: &generator) { low + (high - low) * $0.nextUnitDouble() }
        return t
    }

    /// Overwrites the values in place, in order (initialisers use it on parameters).
    func fill(generator: inout PhiloxGenerator, _ draw: (inout PhiloxGenerator) -> Double) {
        switch dtype {
        case .float32: withUnsafeMutableBuffer(Float.self) { b in for i in b.indices { b[i] = Float(draw(&generator)) } }
        case .float64: withUnsafeMutableBuffer(Double.self) { b in for i in b.indices { b[i] = draw(&generator) } }
        }
    }
}
