/// Updates parameters in place from their accumulated gradients.
public protocol Optimizer: AnyObject {
    var parameters: [Tensor] { get }
    /// Learning rate used by the next step (schedules set it).
    var learningRate: Double { get set }
    /// Steps taken so far.
    var steps: Int { get }
    /// One update of every parameter that has a gradient.
    func step() throws
    /// The optimizer's state (moment buffers per parameter index), for checkpoints.
    func stateTensors() -> [(String, Tensor)]
    /// Restores `stateTensors()` and the step count.
    func loadState(_ tensors: [String: Tensor], steps: Int) throws
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

/// Per-parameter state buffers created on first use, keyed "<kind>.<parameter index>".
final class SlotStore {
    private(set) var slots: [String: Tensor] = [:]

    func slot(_ kind: String, _ index: Int, like p: Tensor) throws -> (Tensor, isNew: Bool) {
        let key = "\(kind).\(index)"
        if let t = slots[key] { return (t, false) }
        let t = try Tensor(zeros: p.shape, dtype: p.dtype)
        slots[key] = t
        return (t, true)
    }

    var sorted: [(String, Tensor)] { slots.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    func load(_ tensors: [String: Tensor], parameters: [Tensor], kinds: [String]) throws {
        var loaded: [String: Tensor] = [:]
        for (key, t) in tensors {
            let parts = key.split(separator: ".")
            guard parts.count == 2, kinds.contains(String(parts[0])), let i = Int(parts[1]), parameters.indices.contains(i),
                  parameters[i].shape == t.shape else {
                throw TensorError.invalidArgument(op: "optimizer state", reason: "entry \(key) of shape \(t.shape) does not match the parameters")
            }
            loaded[key] = try t.detached().converted(to: parameters[i].dtype).copy()
        }
        slots = loaded
    }
}
