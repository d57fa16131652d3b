/// The memory behind one or more tensors (views share it): `count` elements of `dtype`,
/// 64-byte aligned, zero-initialised unless the op that asks for it writes every element.
///
/// Tensors treat their storage as immutable once an op has produced it; only optimizers and
/// in-place initialisation write into existing storage (`Tensor.withUnsafeMutableBuffer`).
public final class TensorStorage: @unchecked Sendable {
    public let dtype: DType
    public let count: Int
    let raw: UnsafeMutableRawPointer

    /// `zeroed: false` leaves the contents undefined, for ops that overwrite every element
    /// (a pass over tens of megabytes saved per convolution or batch norm).
    init(count: Int, dtype: DType, zeroed: Bool = true) {
        self.dtype = dtype
        self.count = count
        let bytes = max(1, count * dtype.size)
        if bytes >= LargeBlockPool.threshold, let (block, fresh) = LargeBlockPool.take(bytes) {
            raw = block
            isPooled = true
            if zeroed, !fresh { raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
        } else {
            raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            isPooled = false
            if zeroed { raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
        }
    }

    /// Whether `raw` came from `LargeBlockPool` (and goes back there).
    private let isPooled: Bool

    deinit {
        if isPooled {
            LargeBlockPool.give(raw, bytes: max(1, count * dtype.size))
        } else {
            raw.deallocate()
        }
    }

    @inline(__always) func pointer<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }
}
