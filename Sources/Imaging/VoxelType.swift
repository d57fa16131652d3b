/// The storage type of one voxel. Volumes keep the type they were read with;
/// conversions to Float/Double are explicit.
public enum VoxelType: String, Sendable, Codable, CaseIterable, Hashable {
    case bool1      // 1 bit per voxel, unpacked to one byte (0/1) in memory
    case int8, uint8, int16, uint16, int32, uint32, int64, uint64
    case float32, float64
    /// IEEE 754 binary128 as stored in NIfTI (16 bytes), kept raw; converted to Double by its top 64 bits.
    case float128
    case complex64, complex128
    case complex256
    /// 8-bit RGB, interleaved (r, g, b).
    case rgb24
    /// 8-bit RGBA, interleaved.
    case rgba32
    /// 16-bit RGB, interleaved, host byte order.
    case rgb48

    /// Bytes one voxel occupies in memory.
    public var byteSize: Int {
        switch self {
        case .bool1, .int8, .uint8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64, .complex64: return 8
        case .float128, .complex128: return 16
        case .complex256: return 32
        case .rgb24: return 3
        case .rgba32: return 4
        case .rgb48: return 6
        }
    }

    /// Number of scalar channels (3 for RGB, 2 for complex, else 1).
    public var channels: Int {
        switch self {
        case .rgb24, .rgb48: return 3
        case .rgba32: return 4
        case .complex64, .complex128, .complex256: return 2
        default: return 1
        }
    }

    public var isInteger: Bool {
        switch self {
        case .bool1, .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64: return true
        default: return false
        }
    }

    public var isSigned: Bool {
        switch self {
        case .int8, .int16, .int32, .int64: return true
        case .float32, .float64, .float128, .complex64, .complex128, .complex256: return true
        default: return false
        }
    }

    public var isColor: Bool { self == .rgb24 || self == .rgba32 || self == .rgb48 }

    /// The natural range of an integer type, used e.g. as a default data range.
    public var integerRange: ClosedRange<Double>? {
        switch self {
        case .bool1: return 0...1
        case .int8: return Double(Int8.min)...Double(Int8.max)
        case .uint8, .rgb24, .rgba32: return 0...Double(UInt8.max)
        case .int16: return Double(Int16.min)...Double(Int16.max)
        case .uint16, .rgb48: return 0...Double(UInt16.max)
        case .int32: return Double(Int32.min)...Double(Int32.max)
        case .uint32: return 0...Double(UInt32.max)
        case .int64: return Double(Int64.min)...Double(Int64.max)
        case .uint64: return 0...Double(UInt64.max)
        default: return nil
        }
    }

    /// The smallest integer voxel type able to hold a DICOM sample of `bitsAllocated` bits.
    public static func integer(bits: Int, signed: Bool) -> VoxelType? {
        switch (bits, signed) {
        case (1, _): return .uint8
        case (8, false): return .uint8
        case (8, true): return .int8
        case (16, false): return .uint16
        case (16, true): return .int16
        case (32, false): return .uint32
        case (32, true): return .int32
        default: return nil
        }
    }
}
