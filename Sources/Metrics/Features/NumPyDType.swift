/// The element type of a NumPy array as written in a `.npy` header (`descr`): a kind
/// (float, signed or unsigned integer, bool), a size in bytes and a byte order.
///
/// Supported: `f2`, `f4`, `f8`, `i1`...`i8`, `u1`...`u8` and `b1`, little- or big-endian.
/// Arrays read from files are kept in little-endian order whatever the file had, so a
/// `NumPyArray`'s dtype is always little-endian (`'<f4'`, `'|u1'`, ...).
public struct NumPyDType: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case float = "f"
        case signedInteger = "i"
        case unsignedInteger = "u"
        case bool = "b"
    }

    public let kind: Kind
    /// Bytes per element (1, 2, 4 or 8).
    public let byteSize: Int
    /// Byte order of the data this dtype describes (meaningless for 1-byte types).
    public let isBigEndian: Bool

    public static let float16 = NumPyDType(uncheckedKind: .float, byteSize: 2)
    public static let float32 = NumPyDType(uncheckedKind: .float, byteSize: 4)
    public static let float64 = NumPyDType(uncheckedKind: .float, byteSize: 8)
    public static let int8 = NumPyDType(uncheckedKind: .signedInteger, byteSize: 1)
    public static let int16 = NumPyDType(uncheckedKind: .signedInteger, byteSize: 2)
    public static let int32 = NumPyDType(uncheckedKind: .signedInteger, byteSize: 4)
    public static let int64 = NumPyDType(uncheckedKind: .signedInteger, byteSize: 8)
    public static let uint8 = NumPyDType(uncheckedKind: .unsignedInteger, byteSize: 1)
    public static let uint16 = NumPyDType(uncheckedKind: .unsignedInteger, byteSize: 2)
    public static let uint32 = NumPyDType(uncheckedKind: .unsignedInteger, byteSize: 4)
    public static let uint64 = NumPyDType(uncheckedKind: .unsignedInteger, byteSize: 8)
    public static let bool = NumPyDType(uncheckedKind: .bool, byteSize: 1)

    private init(uncheckedKind kind: Kind, byteSize: Int, isBigEndian: Bool = false) {
        self.kind = kind
        self.byteSize = byteSize
        self.isBigEndian = isBigEndian && byteSize > 1
    }

    /// Parses a `descr` string such as `'<f4'`, `'>i2'`, `'|u1'` or `'=f8'`; nil for types
    /// this reader does not handle (complex, strings, objects, datetimes, structured).
    public init?(descr: String) {
        let chars = Array(descr)
        guard chars.count >= 3, let size = Int(String(chars[2...])) else { return nil }
        let bigEndian: Bool
        switch chars[0] {
        case "<", "|": bigEndian = false
        case ">": bigEndian = true
        case "=": bigEndian = UInt16(1).bigEndian == 1
        default: return nil
        }
        guard let kind = Kind(rawValue: String(chars[1])) else { return nil }
        switch kind {
        case .float: guard [2, 4, 8].contains(size) else { return nil }
        case .signedInteger, .unsignedInteger: guard [1, 2, 4, 8].contains(size) else { return nil }
        case .bool: guard size == 1 else { return nil }
        }
        self.init(uncheckedKind: kind, byteSize: size, isBigEndian: bigEndian)
    }

    /// The same type in little-endian byte order.
    public var littleEndian: NumPyDType { NumPyDType(uncheckedKind: kind, byteSize: byteSize) }

    /// The `descr` string NumPy writes for this type (`'|'` for one-byte types).
    public var descr: String {
        let order = byteSize == 1 ? "|" : (isBigEndian ? ">" : "<")
        return "\(order)\(kind.rawValue)\(byteSize)"
    }

    public var description: String { descr }
}
