import Testing
@testable import Imaging

@Suite struct VoxelTypeTests {
    static let expectedByteSize: [VoxelType: Int] = [
        .bool1: 1, .int8: 1, .uint8: 1, .int16: 2, .uint16: 2, .int32: 4, .uint32: 4,
        .int64: 8, .uint64: 8, .float32: 4, .float64: 8, .float128: 16,
        .complex64: 8, .complex128: 16, .complex256: 32, .rgb24: 3, .rgba32: 4, .rgb48: 6,
    ]

    @Test func everyTypeHasItsByteSize() {
        #expect(Set(VoxelType.allCases) == Set(Self.expectedByteSize.keys))
        for t in VoxelType.allCases { #expect(t.byteSize == Self.expectedByteSize[t], "\(t)") }
    }

    @Test func byteSizeIsChannelsTimesSampleSize() {
        #expect(VoxelType.rgb24.channels == 3 && VoxelType.rgba32.channels == 4 && VoxelType.rgb48.channels == 3)
        #expect(VoxelType.complex64.channels == 2 && VoxelType.float32.channels == 1)
        #expect(VoxelType.rgb48.byteSize == 3 * VoxelType.uint16.byteSize)
        #expect(VoxelType.complex128.byteSize == 2 * VoxelType.float64.byteSize)
    }

    @Test func scalarTypesMatch() {
        #expect(Int8.voxelType.byteSize == MemoryLayout<Int8>.size)
        #expect(UInt16.voxelType.byteSize == MemoryLayout<UInt16>.size)
        #expect(Int32.voxelType.byteSize == MemoryLayout<Int32>.size)
        #expect(UInt64.voxelType.byteSize == MemoryLayout<UInt64>.size)
        #expect(Float.voxelType.byteSize == MemoryLayout<Float>.size)
        #expect(Double.voxelType.byteSize == MemoryLayout<Double>.size)
    }

    @Test func flagsAndRanges() {
        #expect(VoxelType.int16.isSigned && !VoxelType.uint16.isSigned)
        #expect(VoxelType.uint8.isInteger && !VoxelType.float32.isInteger)
        #expect(VoxelType.rgb48.isColor && !VoxelType.uint16.isColor)
        #expect(VoxelType.int16.integerRange == -32768...32767)
        #expect(VoxelType.rgb48.integerRange == 0...65535)
        #expect(VoxelType.float32.integerRange == nil)
        #expect(VoxelType.integer(bits: 16, signed: true) == .int16)
        #expect(VoxelType.integer(bits: 12, signed: false) == nil)
    }
}
