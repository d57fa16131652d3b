/// The element types of the safetensors format, spelled as in the header's `dtype` field.
///
/// The cases are declared in the format's own order (the reference implementation's
/// `Dtype` enum, smallest alignment first); writers lay tensors out in the reverse of this
/// order, so `serializationRank` is part of the byte-exact file layout.
public enum SafeTensorsDType: String, Sendable, CaseIterable, Hashable {
    case bool = "BOOL"
    /// 4-bit float (E2M1), two values per byte.
    case f4 = "F4"
    /// 6-bit floats, four values per three bytes.
    case f6E2M3 = "F6_E2M3"
    case f6E3M2 = "F6_E3M2"
    case u8 = "U8"
    case i8 = "I8"
    case f8E5M2 = "F8_E5M2"
    case f8E4M3 = "F8_E4M3"
    /// 8-bit exponent-only scale (MX formats).
    case f8E8M0 = "F8_E8M0"
    case f8E4M3FNUZ = "F8_E4M3FNUZ"
    case f8E5M2FNUZ = "F8_E5M2FNUZ"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    /// Complex numbers of two F32 (real, imaginary).
    case c64 = "C64"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bits per element.
    public var bitSize: Int {
        switch self {
        case .f4: return 4
        case .f6E2M3, .f6E3M2: return 6
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3, .f8E8M0, .f8E4M3FNUZ, .f8E5M2FNUZ: return 8
        case .i16, .u16, .f16, .bf16: return 16
        case .i32, .u32, .f32: return 32
        case .c64, .f64, .i64, .u64: return 64
        }
    }

    /// Bytes per element; nil for the packed sub-byte types (F4, F6_*), whose size is only
    /// defined for a whole tensor (see `byteCount(elementCount:)`).
    public var byteSize: Int? { bitSize % 8 == 0 ? bitSize / 8 : nil }

    /// Bytes `elementCount` elements occupy; nil on overflow, or for the sub-byte types
    /// when the elements do not end on a byte boundary (the format refuses such tensors).
    public func byteCount(elementCount: Int) -> Int? {
        guard elementCount >= 0 else { return nil }
        let (bits, overflow) = elementCount.multipliedReportingOverflow(by: bitSize)
        guard !overflow, bits % 8 == 0 else { return nil }
        return bits / 8
    }

    /// Position in the format's dtype order; writers place larger ranks first.
    public var serializationRank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// F64, F32, F16, BF16: the types `floats`/`doubles` convert from.
    public var isConvertibleToFloat: Bool {
        switch self {
        case .f64, .f32, .f16, .bf16: return true
        default: return false
        }
    }

    /// The integer types (and BOOL, read as 0/1) that `int64s` converts from.
    public var isConvertibleToInt64: Bool {
        switch self {
        case .bool, .u8, .i8, .i16, .u16, .i32, .u32, .i64, .u64: return true
        default: return false
        }
    }
}
