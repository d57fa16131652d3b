/// Everything that can go wrong reading, querying or writing a safetensors file. Every error
/// names the file and the reason, and says what the user can do about it.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Why the file could not be read, queried or written.
    public enum Reason: Sendable, Equatable {
        /// The file does not exist or cannot be opened.
        case cannotOpen(String)
        /// Fewer than the 8 bytes that hold the header length.
        case fileTooShort(size: Int)
        /// The header length is above the format's limit (100,000,000 bytes).
        case headerTooLarge(length: UInt64, limit: Int)
        /// The header length runs past the end of the file.
        case headerPastEnd(length: UInt64, fileSize: Int)
        /// The header bytes are not valid UTF-8.
        case headerNotUTF8
        /// The header is not valid JSON (with the parser's explanation and byte position).
        case headerNotJSON(String)
        /// The header is JSON but not an object starting with `{`.
        case headerNotObject
        /// A tensor name (or `__metadata__`) appears twice in the header.
        case duplicateName(String)
        /// `__metadata__` is not an object whose values are all strings.
        case badMetadata(String)
        /// A tensor's description is not an object with `dtype`, `shape` and `data_offsets`.
        case badEntry(name: String, String)
        /// A `dtype` this reader does not know.
        case unknownDType(name: String, dtype: String)
        /// A shape value that is not a non-negative integer.
        case badShape(name: String, String)
        /// The element count or byte size of a shape overflows.
        case shapeOverflow(name: String, shape: [Int])
        /// `data_offsets` is not two ascending non-negative integers.
        case badOffsets(name: String, String)
        /// The offsets span a different number of bytes than shape and dtype need.
        case byteCountMismatch(name: String, dtype: SafeTensorsDType, shape: [Int], expected: Int?, got: Int)
        /// A tensor ends past the end of the data section: the file is truncated.
        case dataPastEnd(name: String, end: Int, dataSize: Int)
        /// Two tensors share bytes.
        case overlappingTensors(String, String)
        /// Bytes of the data section that no tensor covers (between tensors or at the end).
        case uncoveredBytes(from: Int, to: Int)
        /// No tensor of that name in the file.
        case tensorNotFound(String)
        /// The tensor's dtype cannot be converted to the requested element type.
        case notConvertible(name: String, dtype: SafeTensorsDType, to: String)
        /// An integer value outside the requested type's range (U64 above Int64.max).
        case valueOutOfRange(name: String, index: Int)
        /// A name the writer refuses (empty, duplicate or `__metadata__`).
        case invalidName(String, String)
        /// Values that do not fit the shape, or bytes that do not fit shape and dtype.
        case invalidTensor(name: String, String)
        /// A read or write system call failed.
        case io(String)
    }

    public let path: String
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "safetensors file \(path): \(reason.message)" }
}

extension SafeTensorsError.Reason {
    /// The human-readable reason, with advice where there is any.
    public var message: String {
        switch self {
        case .cannotOpen(let why):
            return "cannot open (\(why)); check the path and its permissions"
        case .fileTooShort(let size):
            return "the file has \(size) bytes, fewer than the 8 that hold the header length; it is truncated or not a safetensors file"
        case .headerTooLarge(let length, let limit):
            return "the header length is \(length) bytes, above the format's limit of \(limit); the file is damaged or not a safetensors file"
        case .headerPastEnd(let length, let size):
            return "the header length (\(length) bytes) runs past the end of the file (\(size) bytes); the file is truncated or not a safetensors file"
        case .headerNotUTF8:
            return "the header is not valid UTF-8; the file is damaged or not a safetensors file"
        case .headerNotJSON(let why):
            return "the header is not valid JSON (\(why)); the file is damaged"
        case .headerNotObject:
            return "the header is not a JSON object starting with '{'; the file is damaged or not a safetensors file"
        case .duplicateName(let name):
            return "the name \"\(name)\" appears more than once in the header; the format forbids duplicates, re-save the file with unique names"
        case .badMetadata(let why):
            return "__metadata__ is invalid (\(why)); the format allows only string keys and string values there"
        case .badEntry(let name, let why):
            return "tensor \"\(name)\" is described wrongly (\(why)); each tensor needs dtype, shape and data_offsets"
        case .unknownDType(let name, let dtype):
            return "tensor \"\(name)\" has dtype \"\(dtype)\", which this reader does not know (known: \(SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .badShape(let name, let why):
            return "tensor \"\(name)\" has an invalid shape (\(why)); shape values must be non-negative integers"
        case .shapeOverflow(let name, let shape):
            return "tensor \"\(name)\" has shape \(shape), whose size overflows; the header is damaged"
        case .badOffsets(let name, let why):
            return "tensor \"\(name)\" has invalid data_offsets (\(why)); they must be two ascending non-negative integers"
        case .byteCountMismatch(let name, let dtype, let shape, let expected, let got):
            let need = expected.map { "\($0) bytes" } ?? "a whole number of bytes"
            return "tensor \"\(name)\" (\(dtype.rawValue), shape \(shape)) needs \(need) but its data_offsets span \(got); the header is inconsistent"
        case .dataPastEnd(let name, let end, let size):
            return "tensor \"\(name)\" ends at data byte \(end) but the data section has only \(size) bytes; the file is truncated (was it copied or downloaded completely?)"
        case .overlappingTensors(let a, let b):
            return "tensors \"\(a)\" and \"\(b)\" overlap; the header is damaged"
        case .uncoveredBytes(let from, let to):
            return "data bytes \(from)..<\(to) belong to no tensor; the format requires the data section to be exactly covered, the header is damaged or the file has trailing garbage"
        case .tensorNotFound(let name):
            return "there is no tensor named \"\(name)\"; check the name (names are case-sensitive)"
        case .notConvertible(let name, let dtype, let to):
            return "tensor \"\(name)\" is \(dtype.rawValue) and cannot be read as \(to); read its raw bytes instead"
        case .valueOutOfRange(let name, let index):
            return "tensor \"\(name)\" element \(index) does not fit Int64; read its raw bytes instead"
        case .invalidName(let name, let why):
            return "cannot add a tensor named \"\(name)\": \(why)"
        case .invalidTensor(let name, let why):
            return "cannot add tensor \"\(name)\": \(why)"
        case .io(let why):
            return "input/output error: \(why)"
        }
    }
}
