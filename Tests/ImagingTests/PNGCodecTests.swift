import Foundation
import Testing
@testable import Imaging

/// Round trips through PNGCodec, checked both by reading back with libpng and
/// by decoding the written bytes independently (zlib + unfiltering, no libpng).
@Suite struct PNGCodecTests {
    static func volume(_ type: VoxelType, width: Int, height: Int, seed: UInt64, spacing: [Double] = [1, 1, 1]) throws -> Volume {
        var rng = SeededValues(seed: seed)
        var data = rng.bytes(width * height * type.byteSize)
        // Put the extremes first: 0 and all-ones samples.
        for i in 0..<min(type.byteSize, data.count) { data[i] = 0 }
        for i in type.byteSize..<min(2 * type.byteSize, data.count) { data[i] = 0xFF }
        return try Volume(voxelType: type, shape: [width, height, 1], geometry: .identity(spacing: spacing), data: data)
    }

    static let writable: [VoxelType] = [.uint8, .uint16, .rgb24, .rgba32, .rgb48]

    @Test(arguments: writable)
    func memoryRoundTripIsExact(_ type: VoxelType) throws {
        let v = try Self.volume(type, width: 37, height: 19, seed: 7)
        let png = try PNGCodec.encode(v)
        let back = try PNGCodec.decode(png)
        #expect(back.voxelType == type)
        #expect(back.shape == [37, 19, 1])
        #expect(back.data == v.data)

        // Independent check of what is in the file: samples, bit depth, colour type, no colour-space chunks.
        let decoded = try #require(IndependentPNGDecoder.decode(png))
        #expect(IndependentPNGDecoder.hostOrderData(decoded) == v.data)
        let (depth, colour): (Int, Int) = [.uint8: (8, 0), .uint16: (16, 0), .rgb24: (8, 2), .rgba32: (8, 6), .rgb48: (16, 2)][type]!
        #expect(decoded.header.bitDepth == depth && decoded.header.colorType == colour)
        #expect(decoded.chunkTypes.first == "IHDR" && decoded.chunkTypes.last == "IEND")
        #expect(decoded.chunkTypes.contains("pHYs"))
        for absent in ["gAMA", "sRGB", "cHRM", "iCCP", "tRNS"] { #expect(!decoded.chunkTypes.contains(absent)) }
    }

    @Test func sixteenBitRampEveryValue() throws {
        let ramp = (0...65535).map { UInt16($0) }
        let v = try Volume(values: ramp, shape: [256, 256])
        let png = try PNGCodec.encode(v)
        #expect(try PNGCodec.decode(png).values(as: UInt16.self) == ramp)
        // In the file the samples are big-endian: the second row starts with 0x01 0x00 (value 256).
        let decoded = try #require(IndependentPNGDecoder.decode(png))
        #expect(Array(decoded.rows[1][0..<4]) == [0x01, 0x00, 0x01, 0x01])
        #expect(Array(decoded.rows[255].suffix(2)) == [0xFF, 0xFF])
    }

    @Test func rgbaIsNotPremultiplied() throws {
        let v = try Volume(voxelType: .rgba32, shape: [3, 1], data: [200, 100, 50, 0, 10, 20, 30, 1, 255, 255, 255, 128])
        #expect(try PNGCodec.decode(PNGCodec.encode(v)).data == v.data)
    }

    @Test func fileRoundTripIsAtomicAndMatchesMemory() throws {
        let dir = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("slice.png").path
        let v = try Self.volume(.uint16, width: 64, height: 48, seed: 3, spacing: [0.5, 0.25, 1])
        try PNGCodec.write(v, to: path)
        let back = try PNGCodec.read(path: path)
        #expect(back.data == v.data && back.voxelType == .uint16 && back.shape == [64, 48, 1])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(PNGCodec.encode(v)))
        // Overwriting works and leaves no temporary files behind.
        try PNGCodec.write(v, to: path, compressionLevel: 9)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["slice.png"])
    }

    @Test func spacingIsStoredAsPHYs() throws {
        let exact = try PNGCodec.decode(PNGCodec.encode(Self.volume(.uint8, width: 4, height: 3, seed: 1, spacing: [0.5, 0.25, 2])))
        #expect(exact.geometry.spacing == [0.5, 0.25, 1])
        #expect(exact.geometry.affine == Matrix4.diagonal([0.5, 0.25, 1, 1]))
        // pHYs holds whole pixels per metre: 0.7 mm is stored as 1429 px/m.
        let rounded = try PNGCodec.decode(PNGCodec.encode(Self.volume(.uint8, width: 4, height: 3, seed: 1, spacing: [0.7, 1, 1])))
        #expect(rounded.geometry.spacing[0] == 1000.0 / 1429.0)
        #expect(abs(rounded.geometry.spacing[0] - 0.7) < 0.001)
    }

    @Test(arguments: [0, 1, 6, 9])
    func compressionLevelsKeepValues(_ level: Int) throws {
        var v = try Self.volume(.rgb48, width: 40, height: 30, seed: 11)
        // A smooth half compresses, so levels differ in size.
        for i in 0..<(v.data.count / 2) { v.data[i] = UInt8(i / 64 & 0xFF) }
        let png = try PNGCodec.encode(v, compressionLevel: level)
        #expect(try PNGCodec.decode(png).data == v.data)
        #expect(IndependentPNGDecoder.decode(png).map(IndependentPNGDecoder.hostOrderData) == v.data)
    }

    @Test func higherLevelsAreNotLarger() throws {
        var v = try Self.volume(.uint8, width: 200, height: 100, seed: 2)
        for i in 0..<v.data.count where i % 3 != 0 { v.data[i] = UInt8(i / 200 & 0xFF) }
        let sizes = try [0, 1, 9].map { try PNGCodec.encode(v, compressionLevel: $0).count }
        #expect(sizes[0] > sizes[1] && sizes[1] >= sizes[2])
        #expect(sizes[0] > v.data.count)  // level 0 stores the filtered rows uncompressed
    }
}
