import Foundation

/// One tensor of a safetensors file: its name, dtype, shape (row-major, outermost first)
/// and its bytes, little-endian as the format stores them.
///
/// Entries read from a file share the file's buffer (memory-mapped for large files): no
/// tensor is copied until its values or `bytes` are asked for.
public struct SafeTensorsEntry: Sendable, Equatable {
    public let name: String
    public let dtype: SafeTensorsDType
    /// Dimensions, outermost first; `[]` is a scalar, a 0 anywhere makes an empty tensor.
    public let shape: [Int]
    /// The tensor's bytes; a view into the file's buffer (indices need not start at 0).
    let storage: Data

    /// Checks that `bytes` holds exactly the elements of `shape` in `dtype`.
    public init(name: String, dtype: SafeTensorsDType, shape: [Int], bytes: Data) throws {
        let path = SafeTensorsFile.inMemoryPath
        guard let count = Self.elementCount(shape) else {
            throw SafeTensorsError(path: path, reason: .invalidTensor(name: name, "shape \(shape) has a negative dimension or overflows"))
        }
        guard let needed = dtype.byteCount(elementCount: count) else {
            throw SafeTensorsError(path: path, reason: .invalidTensor(name: name, "\(count) elements of \(dtype.rawValue) do not fill a whole number of bytes"))
        }
        guard needed == bytes.count else {
            throw SafeTensorsError(path: path, reason: .invalidTensor(
                name: name, "shape \(shape) in \(dtype.rawValue) needs \(needed) bytes, got \(bytes.count)"))
        }
        self.init(validatedName: name, dtype: dtype, shape: shape, storage: bytes)
    }

    /// For the reader, which has checked everything already.
    init(validatedName name: String, dtype: SafeTensorsDType, shape: [Int], storage: Data) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.storage = storage
    }

    /// The tensor's bytes as a new, zero-indexed `Data` (a copy when the entry was read
    /// from a file; use `withUnsafeBytes` to avoid the copy).
    public var bytes: Data { storage.startIndex == 0 ? storage : Data(storage) }

    /// Bytes the tensor occupies.
    public var byteCount: Int { storage.count }

    /// The product of the shape (1 for a scalar).
    public var elementCount: Int { Self.elementCount(shape) ?? 0 }

    /// Calls `body` with the tensor's bytes, without copying them.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes(body)
    }

    /// The product of `shape`, or nil when a dimension is negative or the product overflows.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, o) = count.multipliedReportingOverflow(by: d)
            if o { return nil }
            count = p
        }
        return count
    }

    public static func == (a: SafeTensorsEntry, b: SafeTensorsEntry) -> Bool {
        a.name == b.name && a.dtype == b.dtype && a.shape == b.shape && a.storage == b.storage
    }
}
