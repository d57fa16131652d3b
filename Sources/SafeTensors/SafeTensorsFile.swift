import Foundation

/// A safetensors file: tensors (name, dtype, shape, bytes) and string metadata.
///
/// Reading validates the whole header before any tensor is touched: a damaged, truncated or
/// hostile file is refused with a `SafeTensorsError`, never read past its end. Entries keep
/// the file's data order; `metadata` is the header's `__metadata__`.
public struct SafeTensorsFile: Sendable {
    /// The `path` of errors about data that has no file (yet).
    public static let inMemoryPath = "(in memory)"
    /// The largest header the format allows (the reference implementation's limit).
    public static let maxHeaderBytes = 100_000_000
    /// Files from this size on are memory-mapped rather than read.
    static let mappingThreshold = 1 << 20

    /// The file the tensors came from (or `inMemoryPath`); errors name it.
    public let path: String
    /// The tensors in data order (for files from the Python package: widest dtype first,
    /// then by name).
    public let entries: [SafeTensorsEntry]
    /// The header's `__metadata__` (empty when absent).
    public let metadata: [String: String]
    private let index: [String: Int]

    /// Reads and validates a file. Large files are memory-mapped, so tensors are not copied
    /// until their values are asked for; do not truncate a file while it is in use (files
    /// written by `SafeTensorsWriter` are replaced by rename, which is safe).
    public init(contentsOf path: String) throws {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            data = try Data(contentsOf: url, options: size >= Self.mappingThreshold ? [.alwaysMapped] : [])
        } catch {
            throw SafeTensorsError(path: path, reason: .cannotOpen(Self.describe(error)))
        }
        try self.init(data: data, path: path)
    }

    /// Decodes and validates the bytes of a whole file; `path` is only used in errors.
    public init(data: Data, path: String = SafeTensorsFile.inMemoryPath) throws {
        func fail(_ reason: SafeTensorsError.Reason) -> SafeTensorsError { SafeTensorsError(path: path, reason: reason) }
        let size = data.count
        guard size >= 8 else { throw fail(.fileTooShort(size: size)) }
        let (descriptors, metadata, dataStart): ([SafeTensorsHeaderCodec.Descriptor], [String: String], Int) =
            try data.withUnsafeBytes { raw in
                let length = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
                guard length <= UInt64(Self.maxHeaderBytes) else {
                    throw fail(.headerTooLarge(length: length, limit: Self.maxHeaderBytes))
                }
                let n = Int(length)
                guard n <= size - 8 else { throw fail(.headerPastEnd(length: length, fileSize: size)) }
                let header = UnsafeRawBufferPointer(rebasing: raw[8..<(8 + n)])
                let (d, m) = try SafeTensorsHeaderCodec.decode(header, dataSize: size - 8 - n, path: path)
                return (d, m, 8 + n)
            }
        let base = data.startIndex + dataStart
        let entries = descriptors.map { d in
            SafeTensorsEntry(validatedName: d.name, dtype: d.dtype, shape: d.shape,
                             storage: data[(base + d.begin)..<(base + d.end)])
        }
        self.path = path
        self.entries = entries
        self.metadata = metadata
        self.index = Dictionary(entries.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Tensors and metadata to be written (with `write(to:)` or `serialized()`); refuses
    /// empty, repeated and reserved names like `SafeTensorsWriter.add`.
    public init(entries: [SafeTensorsEntry], metadata: [String: String] = [:]) throws {
        var writer = SafeTensorsWriter(metadata: metadata)
        for e in entries { try writer.add(e) }
        self.path = Self.inMemoryPath
        self.entries = entries
        self.metadata = metadata
        self.index = Dictionary(entries.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: - Lookup

    /// Tensor names in data order.
    public var names: [String] { entries.map(\.name) }

    /// The tensor named `name`, or nil.
    public subscript(name: String) -> SafeTensorsEntry? {
        index[name].map { entries[$0] }
    }

    /// The tensor named `name`, or a `tensorNotFound` error.
    public func entry(_ name: String) throws -> SafeTensorsEntry {
        guard let e = self[name] else { throw SafeTensorsError(path: path, reason: .tensorNotFound(name)) }
        return e
    }

    /// The shape of tensor `name`.
    public func shape(_ name: String) throws -> [Int] { try entry(name).shape }

    /// The values of tensor `name` as Float (from F32, F16, BF16 or F64).
    public func floats(_ name: String) throws -> [Float] {
        let e = try entry(name)
        guard let values = e.floats() else { throw notConvertible(e, to: "Float (only F32, F16, BF16 and F64 are)") }
        return values
    }

    /// The values of tensor `name` as Double (from F64, F32, F16 or BF16).
    public func doubles(_ name: String) throws -> [Double] {
        let e = try entry(name)
        guard let values = e.doubles() else { throw notConvertible(e, to: "Double (only F64, F32, F16 and BF16 are)") }
        return values
    }

    /// The values of tensor `name` as Int64 (from any integer dtype; BOOL gives 0/1).
    public func int64s(_ name: String) throws -> [Int64] {
        let e = try entry(name)
        switch e.int64Values() {
        case .success(let values): return values
        case .failure(.notInteger): throw notConvertible(e, to: "Int64 (only integer dtypes and BOOL are)")
        case .failure(.outOfRange(let i)): throw SafeTensorsError(path: path, reason: .valueOutOfRange(name: name, index: i))
        }
    }

    // MARK: - Writing

    /// The file's bytes as `SafeTensorsWriter` writes them.
    public func serialized() throws -> Data {
        try writer().serialized()
    }

    /// Writes the tensors and metadata to `path` (atomically), as `SafeTensorsWriter` does.
    public func write(to path: String) throws {
        try writer().write(to: path)
    }

    private func writer() throws -> SafeTensorsWriter {
        var w = SafeTensorsWriter(metadata: metadata)
        for e in entries { try w.add(e) }
        return w
    }

    private func notConvertible(_ e: SafeTensorsEntry, to: String) -> SafeTensorsError {
        SafeTensorsError(path: path, reason: .notConvertible(name: e.name, dtype: e.dtype, to: to))
    }

    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
