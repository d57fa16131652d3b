import Foundation
import Imaging

/// Builds a safetensors file from tensors and metadata, and writes it byte for byte as the
/// Python `safetensors` package (`save_file`) does for the same tensors: tensors ordered by
/// dtype (widest first) then name, the JSON header compact and padded with spaces to a
/// multiple of 8 bytes. One difference: metadata keys are written in sorted order, where the
/// Python package uses an order that changes from run to run.
///
/// ```swift
/// var writer = SafeTensorsWriter(metadata: ["format": "pt"])
/// try writer.add("conv.weight", floats: weights, shape: [16, 1, 3, 3], as: .bf16)
/// try writer.add("step", int64s: [1200], shape: [])
/// try writer.write(to: "checkpoint.safetensors")
/// ```
public struct SafeTensorsWriter: Sendable {
    /// Written as `__metadata__` (omitted when empty).
    public var metadata: [String: String]
    /// The tensors in the order they were added (the file orders them itself).
    public private(set) var entries: [SafeTensorsEntry] = []
    private var names: Set<String> = []

    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Adds a tensor; refuses empty names, names already added and `__metadata__`.
    public mutating func add(_ entry: SafeTensorsEntry) throws {
        func refuse(_ why: String) -> SafeTensorsError {
            SafeTensorsError(path: SafeTensorsFile.inMemoryPath, reason: .invalidName(entry.name, why))
        }
        guard !entry.name.isEmpty else { throw refuse("names must not be empty") }
        guard entry.name != SafeTensorsHeaderCodec.metadataKey else { throw refuse("__metadata__ is reserved for the metadata") }
        guard !names.contains(entry.name) else { throw refuse("a tensor of that name was already added") }
        names.insert(entry.name)
        entries.append(entry)
    }

    /// Adds raw little-endian bytes of `dtype` (any dtype, e.g. F8 or C64 data made elsewhere).
    public mutating func add(_ name: String, dtype: SafeTensorsDType, shape: [Int], bytes: Data) throws {
        try add(SafeTensorsEntry(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    /// Adds Float values stored as F32, F16, BF16 (rounded to nearest even) or F64.
    public mutating func add(_ name: String, floats: [Float], shape: [Int], as dtype: SafeTensorsDType = .f32) throws {
        try checkCount(name, floats.count, shape)
        let bytes: Data
        switch dtype {
        case .f32: bytes = Self.pack(floats) { $0.bitPattern }
        case .f16: bytes = Self.pack(floats) { HalfPrecision.f16(from: $0) }
        case .bf16: bytes = Self.pack(floats) { HalfPrecision.bf16(from: $0) }
        case .f64: bytes = Self.pack(floats) { Double($0).bitPattern }
        default:
            throw SafeTensorsError(path: SafeTensorsFile.inMemoryPath, reason: .invalidTensor(
                name: name, "Float values can be stored as F32, F16, BF16 or F64, not \(dtype.rawValue)"))
        }
        try add(name, dtype: dtype, shape: shape, bytes: bytes)
    }

    /// Adds Double values stored as F64 or F32 (rounded to nearest even).
    public mutating func add(_ name: String, doubles: [Double], shape: [Int], as dtype: SafeTensorsDType = .f64) throws {
        try checkCount(name, doubles.count, shape)
        switch dtype {
        case .f64: try add(name, dtype: .f64, shape: shape, bytes: Self.pack(doubles) { $0.bitPattern })
        case .f32: try add(name, dtype: .f32, shape: shape, bytes: Self.pack(doubles) { Float($0).bitPattern })
        default:
            throw SafeTensorsError(path: SafeTensorsFile.inMemoryPath, reason: .invalidTensor(
                name: name, "Double values can be stored as F64 or F32, not \(dtype.rawValue); convert to Float for F16 or BF16"))
        }
    }

    /// Adds Int64 values stored as I64.
    public mutating func add(_ name: String, int64s: [Int64], shape: [Int]) throws {
        try checkCount(name, int64s.count, shape)
        try add(name, dtype: .i64, shape: shape, bytes: Self.pack(int64s) { $0 })
    }

    // MARK: - Output

    /// The whole file in memory.
    public func serialized() throws -> Data {
        let (header, ordered) = try prepared(path: SafeTensorsFile.inMemoryPath)
        var out = Data(capacity: 8 + header.count + ordered.reduce(0) { $0 + $1.byteCount })
        Self.appendLength(header.count, to: &out)
        out.append(contentsOf: header)
        for e in ordered { out.append(e.storage) }
        return out
    }

    /// Writes the file to a temporary name in the same folder and renames it onto `path`;
    /// on failure the temporary file is removed and an existing file at `path` is untouched.
    public func write(to path: String) throws {
        let (header, ordered) = try prepared(path: path)
        do {
            try AtomicFile.streaming(to: path) { file in
                var prefix = Data()
                Self.appendLength(header.count, to: &prefix)
                prefix.append(contentsOf: header)
                try file.write(prefix)
                for e in ordered { try file.write(e.storage) }
            }
        } catch let error as AtomicFile.WriteError {
            throw SafeTensorsError(path: path, reason: .io(error.reason))
        }
    }

    private func prepared(path: String) throws -> ([UInt8], [SafeTensorsEntry]) {
        let ordered = SafeTensorsHeaderCodec.writingOrder(entries)
        let header = SafeTensorsHeaderCodec.encode(ordered, metadata: metadata)
        guard header.count <= SafeTensorsFile.maxHeaderBytes else {
            throw SafeTensorsError(path: path, reason: .headerTooLarge(length: UInt64(header.count), limit: SafeTensorsFile.maxHeaderBytes))
        }
        return (header, ordered)
    }

    private func checkCount(_ name: String, _ count: Int, _ shape: [Int]) throws {
        guard let expected = SafeTensorsEntry.elementCount(shape) else {
            throw SafeTensorsError(path: SafeTensorsFile.inMemoryPath, reason: .invalidTensor(
                name: name, "shape \(shape) has a negative dimension or overflows"))
        }
        guard expected == count else {
            throw SafeTensorsError(path: SafeTensorsFile.inMemoryPath, reason: .invalidTensor(
                name: name, "shape \(shape) holds \(expected) values, got \(count)"))
        }
    }

    private static func appendLength(_ n: Int, to data: inout Data) {
        withUnsafeBytes(of: UInt64(n).littleEndian) { data.append(contentsOf: $0) }
    }

    /// Little-endian bytes of `values` mapped through `bits`.
    private static func pack<T, B: FixedWidthInteger>(_ values: [T], _ bits: (T) -> B) -> Data {
        let size = MemoryLayout<B>.size
        var data = Data(count: values.count * size)
        data.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                raw.storeBytes(of: bits(v).littleEndian, toByteOffset: i * size, as: B.self)
            }
        }
        return data
    }
}
