/// The reverse pass: `backward()` accumulates gradients into leaves; `gradients(of:with:)`
/// returns gradients of chosen tensors, optionally as a differentiable graph (for gradient
/// penalties and other higher-order derivatives).
extension Tensor {
    /// Accumulates d(self)/d(leaf) into every leaf's `grad` (self must hold one value, unless
    /// `gradient` is given: then sum(self * gradient) is differentiated). The graph's saved
    /// tensors are freed on the way unless `retainGraph` (which defaults to `createGraph`), as
    /// in PyTorch: a second pass through the same graph then needs `retainGraph: true` on the first.
    public func backward(gradient: Tensor? = nil, createGraph: Bool = false, retainGraph: Bool? = nil) throws {
        guard let root = node else {
            throw TensorError.noGradient(reason: "backward() on a tensor that does not require a gradient (no parameter or leaf reached it)")
        }
        let seed = try Self.seedGradient(for: self, gradient)
        _ = try Autograd.run(roots: [(root, seed)], targets: nil, createGraph: createGraph, retainGraph: retainGraph ?? createGraph)
    }

    /// The gradients of sum(outputs[i] * gradients[i]) (gradients default to ones for
    /// one-value outputs) with respect to each of `inputs`, without touching `grad`. With
    /// `createGraph` the results are part of the graph and can be differentiated again.
    /// An input the outputs do not depend on gets a zero gradient when `allowUnused`, else an error.
    /// The nodes run are freed unless `retainGraph` (default: `createGraph`).
    public static func gradients(of outputs: [Tensor], with inputs: [Tensor], seeds: [Tensor]? = nil,
                                 createGraph: Bool = false, retainGraph: Bool? = nil, allowUnused: Bool = false) throws -> [Tensor] {
        var roots: [(GradNode, Tensor)] = []
        for (i, output) in outputs.enumerated() {
            guard let node = output.node else { continue }
            roots.append((node, try seedGradient(for: output, seeds?[i])))
        }
        var targets: [ObjectIdentifier] = []
        for input in inputs {
            guard let node = input.node else {
                throw TensorError.noGradient(reason: "an input of shape \(input.shape) does not require a gradient")
            }
            targets.append(ObjectIdentifier(node))
        }
        let found = try Autograd.run(roots: roots, targets: Set(targets), createGraph: createGraph, retainGraph: retainGraph ?? createGraph)
        return try zip(inputs, targets).map { input, id in
            if let g = found[id] { return g }
            guard allowUnused else {
                throw TensorError.noGradient(reason: "the outputs do not depend on an input of shape \(input.shape) (pass allowUnused: true for zeros)")
            }
            return try Tensor(zeros: input.shape, dtype: input.dtype)
        }
    }

    private static func seedGradient(for output: Tensor, _ gradient: Tensor?) throws -> Tensor {
        if let g = gradient {
            guard g.shape == output.shape else {
                throw TensorError.shapeMismatch(op: "backward", shapes: [output.shape, g.shape], reason: "the gradient must have the output's shape")
            }
            return g
        }
        guard output.count == 1 else {
            throw TensorError.invalidArgument(op: "backward", reason: "an output of shape \(output.shape) needs an explicit gradient (only one-value outputs get 1)")
        }
        return try Tensor(repeating: 1, shape: output.shape, dtype: output.dtype)
    }
}

/// The engine behind `backward()` and `gradients(of:with:)`.
enum Autograd {
    /// Runs the reverse pass from `roots` (node, gradient of its output). With `targets`,
    /// returns the gradients reaching those nodes and leaves `grad` alone; without, accumulates
    /// into every leaf's `grad`. Only nodes from which a target (or, without targets, a leaf)
    /// can be reached are run, in reverse topological order; ties are broken by creation order
    /// so the sums of gradients are formed in the same order every run.
    static func run(roots: [(GradNode, Tensor)], targets: Set<ObjectIdentifier>?, createGraph: Bool,
                    retainGraph: Bool) throws -> [ObjectIdentifier: Tensor] {
        // Depth-first (iterative) discovery of the nodes that lead to a target.
        var leads: [ObjectIdentifier: Bool] = [:]
        var order: [GradNode] = []  // post-order: inputs before the nodes using them
        var stack: [(GradNode, Int)] = []
        var visited = Set<ObjectIdentifier>()
        for (root, _) in roots where !visited.contains(ObjectIdentifier(root)) {
            visited.insert(ObjectIdentifier(root))
            stack.append((root, 0))
            while let (node, next) = stack.last {
                if next < node.inputs.count {
                    stack[stack.count - 1].1 = next + 1
                    if let input = node.inputs[next], visited.insert(ObjectIdentifier(input)).inserted {
                        stack.append((input, 0))
                    }
                    continue
                }
                stack.removeLast()
                let id = ObjectIdentifier(node)
                var reaches = targets.map { $0.contains(id) } ?? node.isLeaf
                if !reaches {
                    reaches = node.inputs.contains { $0.map { leads[ObjectIdentifier($0)] ?? false } ?? false }
                }
                leads[id] = reaches
                order.append(node)
            }
        }
        // Reverse post-order is a topological order: every node runs after all nodes using it.
        var pending: [ObjectIdentifier: Tensor] = [:]
        for (root, seed) in roots {
            let id = ObjectIdentifier(root)
            pending[id] = try pending[id].map { try add($0, seed) } ?? seed
        }
        var found: [ObjectIdentifier: Tensor] = [:]
        try GradMode.$isEnabled.withValue(createGraph) {
            for node in order.reversed() {
                let id = ObjectIdentifier(node)
                guard leads[id] == true, let gradient = pending.removeValue(forKey: id) else { continue }
                if GradMode.detectsAnomalies, !gradient.allFinite {
                    throw TensorError.nonFinite(op: node.op, phase: .backward)
                }
                if let targets {
                    if targets.contains(id) { found[id] = gradient }
                } else if node.isLeaf {
                    let accumulated = try node.grad.map { try add($0, createGraph ? gradient : gradient.detached()) }
                        ?? (createGraph ? gradient : gradient.detached())
                    node.grad = accumulated
                }
                let needed = node.inputs.map { $0.map { leads[ObjectIdentifier($0)] ?? false } ?? false }
                guard needed.contains(true) else { continue }
                guard let backward = node.backward else {
                    guard !node.isReleased else {
                        throw TensorError.noGradient(reason: "the graph through \(node.op) was freed by an earlier backward; pass retainGraph: true to the first one to go through it twice")
                    }
                    continue
                }
                if !retainGraph { node.release() }
                let grads: [Tensor?]
                do {
                    grads = try backward(gradient, needed)
                } catch TensorError.nonFinite(_, _) {
                    // A NaN or infinity made while computing this node's gradients.
                    throw TensorError.nonFinite(op: node.op, phase: .backward)
                }
                for (i, input) in node.inputs.enumerated() where needed[i] {
                    guard let input, let g = grads[i] else { continue }
                    guard g.shape == input.shape else {
                        throw TensorError.shapeMismatch(op: "\(node.op) backward", shapes: [input.shape, g.shape],
                                                        reason: "the gradient of an input must have the input's shape")
                    }
                    let inputID = ObjectIdentifier(input)
                    pending[inputID] = try pending[inputID].map { try add($0, g) } ?? g
                }
            }
        }
        return found
    }

    private static func add(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a + b }
}
