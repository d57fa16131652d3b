extension Tensor {
    /// Whether gradients flow to this tensor.
    public var requiresGrad: Bool { node != nil }

    /// This tensor as a leaf that accumulates gradients (a parameter, or an input whose
    /// gradient is wanted). Shares storage.
    public func requiringGrad() -> Tensor {
        Tensor(storage: storage, offset: offset, shape: shape,
               node: GradNode(op: "leaf", inputs: [], shape: shape, dtype: dtype, backward: nil))
    }

    /// The same values outside the graph (like PyTorch's `detach()`); shares storage.
    public func detached() -> Tensor { Tensor(storage: storage, offset: offset, shape: shape) }

    /// Whether this tensor is a leaf of the graph (made by `requiringGrad`).
    public var isLeaf: Bool { node?.isLeaf ?? true }

    /// The gradient accumulated by `backward()` into this leaf, if any.
    public var grad: Tensor? {
        get { node?.grad }
        nonmutating set { node?.grad = newValue }
    }

    /// Clears the accumulated gradient of this leaf.
    public func zeroGrad() { node?.grad = nil }

    /// The name of the op that made this tensor ("leaf" for leaves, nil outside the graph).
    public var gradOp: String? { node?.op }

    /// Links `output` (computed by `op` from `inputs`) into the graph when recording and any
    /// input needs a gradient, and checks it in anomaly mode.
    static func record(_ op: String, _ output: Tensor, inputs: [Tensor], backward: @escaping GradNode.Backward) throws -> Tensor {
        if GradMode.detectsAnomalies, !output.allFinite {
            throw TensorError.nonFinite(op: op, phase: .forward)
        }
        guard GradMode.isEnabled, inputs.contains(where: { $0.node != nil }) else { return output }
        var out = output
        out.node = GradNode(op: op, inputs: inputs.map(\.node), shape: output.shape, dtype: output.dtype, backward: backward)
        return out
    }

    /// Whether every value is finite.
    public var allFinite: Bool {
        switch dtype {
        case .float32: return withUnsafeBuffer(Float.self) { $0.allSatisfy { $0.isFinite } }
        case .float64: return withUnsafeBuffer(Double.self) { $0.allSatisfy { $0.isFinite } }
        }
    }
}
