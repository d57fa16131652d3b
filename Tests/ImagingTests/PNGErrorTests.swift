import Foundation
import Testing
@testable import Imaging

@Suite struct PNGErrorTests {
    static func validPNG() throws -> [UInt8] {
        try PNGCodec.encode(Volume(values: (0..<(32 * 16)).map { UInt8($0 & 0xFF) }, shape: [32, 16]))
    }

    func expectError(_ kind: PNGError.Kind, path: String, reasonContains: String? = nil, _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            guard let e = error as? PNGError else { return false }
            let reasonOK = reasonContains.map { e.reason.localizedCaseInsensitiveContains($0) } ?? !e.reason.isEmpty
            return e.kind == kind && e.path == path && reasonOK && e.description.contains(path)
        }
    }

    func withFile(_ bytes: [UInt8], _ body: (String) throws -> Void) throws {
        let dir = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("input.png").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try body(path)
    }

    @Test func missingFile() {
        let path = "/nonexistent/medsynth/missing.png"
        expectError(.unreadable, path: path, reasonContains: "No such file") { _ = try PNGCodec.read(path: path) }
    }

    @Test func folderInsteadOfFile() throws {
        let dir = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        expectError(.unreadable, path: dir.path, reasonContains: "directory") { _ = try PNGCodec.read(path: dir.path) }
    }

    @Test func zeroLengthFile() throws {
        try withFile([]) { path in
            expectError(.corrupt, path: path, reasonContains: "empty") { _ = try PNGCodec.read(path: path) }
        }
    }

    @Test func notAPNG() throws {
        try withFile(Array("P2\n2 2\n255\n0 1 2 3\n".utf8)) { path in
            expectError(.corrupt, path: path, reasonContains: "not a PNG") { _ = try PNGCodec.read(path: path) }
        }
        expectError(.corrupt, path: "blob", reasonContains: "not a PNG") { _ = try PNGCodec.decode([0x89, 0x50], name: "blob") }
    }

    @Test(arguments: [8, 20, 33, 45, 60])
    func truncatedFile(_ keep: Int) throws {
        let png = try Self.validPNG()
        try withFile(Array(png.prefix(keep))) { path in
            expectError(.corrupt, path: path) { _ = try PNGCodec.read(path: path) }
        }
    }

    @Test func truncatedImageData() throws {
        // Drop the end of the IDAT chunk and everything after it.
        let png = try Self.validPNG()
        expectError(.corrupt, path: PNGCodec.memoryName) { _ = try PNGCodec.decode(Array(png.dropLast(30))) }
    }

    @Test func damagedCRC() throws {
        var png = try Self.validPNG()
        let idat = try #require((0..<(png.count - 4)).first { Array(png[$0..<($0 + 4)]) == Array("IDAT".utf8) })
        let length = Int(PNGChunkStream.uint32(png, idat - 4))
        png[idat + 4 + length] ^= 0x5A  // the IDAT chunk's stored CRC no longer matches its data
        expectError(.corrupt, path: "damaged", reasonContains: "CRC") { _ = try PNGCodec.decode(png, name: "damaged") }
    }

    @Test func headerPromisingMorePixelsThanData() throws {
        // A valid-looking IHDR of 100000 x 100000 RGBA with a few bytes of data must not allocate 40 GB.
        var stream = PNGChunkStream(try Self.validPNG())
        var ihdr = stream.chunks[0].data
        ihdr.replaceSubrange(0..<8, with: PNGChunkStream.bigEndian(100_000) + PNGChunkStream.bigEndian(100_000))
        ihdr[9] = 6
        stream.chunks[0] = PNGChunk(type: "IHDR", data: ihdr)
        expectError(.corrupt, path: "huge", reasonContains: "100000 x 100000") {
            _ = try PNGCodec.decode(stream.serialized(), name: "huge")
        }
    }

    @Test func writeRejectsTypesWithoutPNGForm() throws {
        for type in [VoxelType.int16, .float32, .float64, .complex64, .bool1, .int8] {
            let v = try Volume(zeros: type, shape: [4, 4])
            expectError(.invalidVolume, path: "out.png", reasonContains: type.rawValue) {
                try PNGCodec.write(v, to: "out.png")
            }
        }
    }

    @Test func writeRejects3DAnd4D() throws {
        let dir = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.png").path
        for shape in [[4, 4, 2], [4, 4, 1, 3]] {
            let v = try Volume(zeros: .uint8, shape: shape)
            expectError(.invalidVolume, path: path, reasonContains: "not 2D") { try PNGCodec.write(v, to: path) }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func writeRejectsBadCompressionLevel() throws {
        let v = try Volume(zeros: .uint8, shape: [2, 2])
        expectError(.invalidArgument, path: PNGCodec.memoryName, reasonContains: "10") { _ = try PNGCodec.encode(v, compressionLevel: 10) }
        expectError(.invalidArgument, path: PNGCodec.memoryName, reasonContains: "-1") { _ = try PNGCodec.encode(v, compressionLevel: -1) }
    }

    @Test func writeRejectsDataOfTheWrongLength() throws {
        var v = try Volume(zeros: .uint16, shape: [3, 3])
        v.data.removeLast()  // `data` is publicly mutable, so the codec checks it
        expectError(.invalidVolume, path: PNGCodec.memoryName, reasonContains: "bytes") { _ = try PNGCodec.encode(v) }
    }

    @Test func writeIntoMissingFolder() throws {
        let v = try Volume(zeros: .uint8, shape: [2, 2])
        let path = "/nonexistent/medsynth/out.png"
        expectError(.writeFailed, path: path) { try PNGCodec.write(v, to: path) }
    }

    @Test func sixteenBitTranslucentIsRefused() throws {
        let path = TestSupport.fixture("png/gray16_alpha_translucent.png").path
        expectError(.unsupported, path: path, reasonContains: "premultiplied") { _ = try PNGCodec.read(path: path) }
    }
}
