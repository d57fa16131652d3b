/// An exponential moving average of parameters: ema = decay ema + (1 - decay) p after each
/// `update()`, starting from the parameters' values (for sampling from averaged weights).
public final class ExponentialMovingAverage {
    public let decay: Double
    public let parameters: [Tensor]
    public let averages: [Tensor]

    public init(parameters: [Tensor], decay: Double) throws {
        guard (0...1).contains(decay) else { throw TensorError.invalidArgument(op: "EMA", reason: "decay \(decay) is outside [0, 1]") }
        self.decay = decay
        self.parameters = parameters
        averages = parameters.map { $0.detached().copy() }
    }

    public func update() {
        for (p, a) in zip(parameters, averages) {
            func run<T: TensorScalar>(_: T.Type) {
                let d = T(decay), w = T(1 - decay)
                a.withUnsafeMutableBuffer(T.self) { av in
                    p.withUnsafeBuffer(T.self) { pv in for i in av.indices { av[i] = d * av[i] + w * pv[i] } }
                }
            }
            p.dtype == .float32 ? run(Float.self) : run(Double.self)
        }
    }

    /// Copies the averages into the parameters (e.g. before sampling), outside the graph.
    public func copyToParameters() throws {
        for (p, a) in zip(parameters, averages) { try p.assign(a) }
    }
}
