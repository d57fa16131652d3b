/// A node of the autograd graph: the op that made a tensor, the nodes of its inputs, and how to
/// turn the gradient of its output into gradients of its inputs.
///
/// `backward` receives the output's gradient and which inputs need one, and returns one
/// gradient (or nil) per input. It is written with tensor ops, so that when the engine runs it
/// with gradients enabled (`createGraph`) the gradients are themselves differentiable.
final class GradNode: @unchecked Sendable {
    typealias Backward = (_ gradient: Tensor, _ needed: [Bool]) throws -> [Tensor?]

    let op: String
    let inputs: [GradNode?]
    /// Nil for leaves, and for nodes whose backward has run without `retainGraph` (released
    /// with the tensors it saved).
    private(set) var backward: Backward?
    /// Whether a reverse pass has freed this node's backward (and with it the saved tensors).
    private(set) var isReleased = false
    /// Shape and type of the tensor this node made (to check the gradients it receives).
    let shape: [Int]
    let dtype: DType
    /// The accumulated gradient of a leaf.
    var grad: Tensor?
    /// A stable, increasing identifier: the topological sort breaks ties with it so that
    /// gradients are summed in the same order on every run.
    let sequence: Int

    var isLeaf: Bool { backward == nil && !isReleased }

    /// Drops the backward closure and the tensors it captured, as PyTorch frees a graph after
    /// `backward()` unless asked to keep it.
    func release() {
        backward = nil
        isReleased = true
    }

    init(op: String, inputs: [GradNode?], shape: [Int], dtype: DType, backward: Backward?) {
        self.op = op
        self.inputs = inputs
        self.backward = backward
        self.shape = shape
        self.dtype = dtype
        sequence = GradNode.counter.next()
    }

    /// Sequence numbers of nodes (atomic so graphs may be built on several threads).
    private static let counter = SequenceCounter()
}

import Synchronization

final class SequenceCounter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
