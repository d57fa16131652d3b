import Imaging

/// The NIfTI `datatype` codes (nifti1.h DT_*), and how each maps onto a medsynth `VoxelType`.
public enum NIfTIDataType: Int, Sendable, CaseIterable {
    case binary = 1
    case uint8 = 2
    case int16 = 4
    case int32 = 8
    case float32 = 16
    case complex64 = 32
    case float64 = 64
    case rgb24 = 128
    case int8 = 256
    case uint16 = 512
    case uint32 = 768
    case int64 = 1024
    case uint64 = 1280
    case float128 = 1536
    case complex128 = 1792
    case complex256 = 2048
    case rgba32 = 2304

    /// The voxel type data of this datatype is read into.
    public var voxelType: VoxelType {
        switch self {
        case .binary: return .bool1
        case .uint8: return .uint8
        case .int16: return .int16
        case .int32: return .int32
        case .float32: return .float32
        case .complex64: return .complex64
        case .float64: return .float64
        case .rgb24: return .rgb24
        case .int8: return .int8
        case .uint16: return .uint16
        case .uint32: return .uint32
        case .int64: return .int64
        case .uint64: return .uint64
        case .float128: return .float128
        case .complex128: return .complex128
        case .complex256: return .complex256
        case .rgba32: return .rgba32
        }
    }

    /// The datatype a voxel type is written as; nil for types NIfTI lacks (rgb48).
    public init?(voxelType: VoxelType) {
        switch voxelType {
        case .bool1: self = .binary
        case .uint8: self = .uint8
        case .int16: self = .int16
        case .int32: self = .int32
        case .float32: self = .float32
        case .complex64: self = .complex64
        case .float64: self = .float64
        case .rgb24: self = .rgb24
        case .int8: self = .int8
        case .uint16: self = .uint16
        case .uint32: self = .uint32
        case .int64: self = .int64
        case .uint64: self = .uint64
        case .float128: self = .float128
        case .complex128: self = .complex128
        case .complex256: self = .complex256
        case .rgba32: self = .rgba32
        case .rgb48: return nil
        }
    }

    /// Bits per voxel as the header's `bitpix` must state it.
    public var bitpix: Int { self == .binary ? 1 : voxelType.byteSize * 8 }

    /// Size in bytes of one scalar component: the unit byte swapping works on.
    public var componentSize: Int {
        switch self {
        case .binary, .uint8, .int8, .rgb24, .rgba32: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32, .complex64: return 4
        case .int64, .uint64, .float64, .complex128: return 8
        case .float128, .complex256: return 16
        }
    }

    /// Bytes the data of `voxelCount` voxels occupies on disk (binary is packed 8 voxels a byte),
    /// or nil on overflow.
    public func storedByteCount(voxelCount: Int) -> Int? {
        if self == .binary { return voxelCount / 8 + (voxelCount % 8 == 0 ? 0 : 1) }
        let (n, o) = voxelCount.multipliedReportingOverflow(by: voxelType.byteSize)
        return o ? nil : n
    }
}
