/// Stochastic gradient descent with PyTorch's semantics: d = g + wd p; with momentum,
/// buf = m buf + (1 - dampening) d (buf = d on the first step), d = d + m buf (Nesterov) or
/// buf; p -= lr d.
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let momentum: Double
    public let dampening: Double
    public let weightDecay: Double
    public let nesterov: Bool
    public private(set) var steps = 0
    private let store = SlotStore()

    public init(parameters: [Tensor], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false) throws {
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw TensorError.invalidArgument(op: "SGD", reason: "Nesterov momentum needs momentum > 0 and no dampening")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    public func step() throws {
        steps += 1
        for (index, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            let buffer = momentum != 0 ? try store.slot("momentum", index, like: p) : nil
            func run<T: TensorScalar>(_: T.Type) {
                let lr = T(learningRate), wd = T(weightDecay), m = T(momentum), damp = T(1 - dampening)
                p.withUnsafeMutableBuffer(T.self) { pv in
                    g.withUnsafeBuffer(T.self) { gv in
                        for i in pv.indices {
                            var d = gv[i]
                            if weightDecay != 0 { d += wd * pv[i] }
                            if let (buf, isNew) = buffer {
                                let b = buf.pointer(T.self)
                                b[i] = isNew ? d : m * b[i] + damp * d
                                d = nesterov ? d + m * b[i] : b[i]
                            }
                            pv[i] -= lr * d
                        }
                    }
                }
            }
            p.dtype == .float32 ? run(Float.self) : run(Double.self)
        }
    }

    public func stateTensors() -> [(String, Tensor)] { store.sorted }

    public func loadState(_ tensors: [String: Tensor], steps: Int) throws {
        try store.load(tensors, parameters: parameters, kinds: ["momentum"])
        self.steps = steps
    }
}
