import Foundation
import SafeTensors
import XCTest

/// The writer refuses what the format cannot hold, and replaces files atomically.
final class SafeTensorsWriterTests: XCTestCase {
    private typealias Support = SafeTensorsTestSupport
    private var tmp: URL!

    override func setUpWithError() throws {
        tmp = try Support.temporaryDirectory(self)
    }

    private func inMemoryReason(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> SafeTensorsError.Reason? {
        Support.expectError(path: SafeTensorsFile.inMemoryPath, file: file, line: line) { try body() }?.reason
    }

    private func folderContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted()
    }

    func testRefusedNames() throws {
        var w = SafeTensorsWriter()
        try w.add("x", floats: [1], shape: [1])
        for name in ["", "__metadata__", "x"] {
            guard case .invalidName(name, _)? = inMemoryReason({ try w.add(name, floats: [1], shape: [1]) }) else {
                XCTFail(name); continue
            }
        }
        guard case .invalidName("x", _)? = inMemoryReason({ try w.add("x", int64s: [1], shape: [1]) }) else { return XCTFail() }
        XCTAssertEqual(w.entries.map(\.name), ["x"])
        let e = try SafeTensorsEntry(name: "x", dtype: .u8, shape: [1], bytes: Data([0]))
        guard case .invalidName("x", _)? = inMemoryReason({ _ = try SafeTensorsFile(entries: [e, e]) }) else { return XCTFail() }
    }

    func testRefusedTensors() {
        var w = SafeTensorsWriter()
        let cases: [(String, () throws -> Void)] = [
            ("count", { try w.add("a", floats: [1, 2, 3], shape: [2, 2]) }),
            ("negative", { try w.add("b", floats: [], shape: [-1]) }),
            ("overflow", { try w.add("c", int64s: [], shape: [Int.max, 2]) }),
            ("storage", { try w.add("d", floats: [1], shape: [1], as: .i32) }),
            ("f8 storage", { try w.add("e", floats: [1], shape: [1], as: .f8E4M3) }),
            ("double storage", { try w.add("f", doubles: [1], shape: [1], as: .f16) }),
            ("bytes", { try w.add("g", dtype: .f32, shape: [2], bytes: Data([0, 0, 0, 0])) }),
            ("sub-byte", { try w.add("h", dtype: .f4, shape: [3], bytes: Data([0, 0])) }),
        ]
        for (what, body) in cases {
            guard case .invalidTensor? = inMemoryReason(body) else { XCTFail(what); continue }
        }
        XCTAssertTrue(w.entries.isEmpty)
    }

    func testEmptyFileAndMetadataOnly() throws {
        XCTAssertEqual([UInt8](try SafeTensorsWriter().serialized()), [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
        let meta = try SafeTensorsWriter(metadata: ["framework": "pt"]).serialized()
        XCTAssertEqual(String(decoding: meta.dropFirst(8), as: UTF8.self), "{\"__metadata__\":{\"framework\":\"pt\"}}     ")
        XCTAssertEqual(meta.first, 40)
        XCTAssertEqual(try SafeTensorsFile(data: meta).metadata, ["framework": "pt"])
    }

    /// The reference implementation's own example: one F32 tensor [1, 2, 3] named "attn.0".
    func testReferenceLayout() throws {
        var w = SafeTensorsWriter()
        try w.add("attn.0", floats: [0, 1, 2, 3, 4, 5], shape: [1, 2, 3])
        let out = [UInt8](try w.serialized())
        let header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}"
        XCTAssertEqual(header.utf8.count, 64)  // already a multiple of 8: no padding
        XCTAssertEqual(Array(out.prefix(8)), [64, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(String(decoding: out[8..<72], as: UTF8.self), header)
        XCTAssertEqual(Array(out[72...].prefix(8)), [0, 0, 0, 0, 0, 0, 0x80, 0x3F])
    }

    func testWriteLeavesNoTemporaryFileAndReplacesAtomically() throws {
        let path = tmp.appendingPathComponent("model.safetensors").path
        var w = SafeTensorsWriter(metadata: ["v": "1"])
        try w.add("w", floats: [1, 2], shape: [2])
        try w.write(to: path)
        XCTAssertEqual(try folderContents(), ["model.safetensors"])
        // Created 0644 before the umask (not 0600 as with mkstemp).
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0
        let mask = Int(umask(0o022)); _ = umask(mode_t(mask))
        XCTAssertEqual(mode, 0o644 & ~mask)

        // Replace it: the new content, still one file.
        w.metadata = ["v": "2"]
        try w.write(to: path)
        XCTAssertEqual(try folderContents(), ["model.safetensors"])
        XCTAssertEqual(try SafeTensorsFile(contentsOf: path).metadata, ["v": "2"])
    }

    /// The final rename fails (the destination is a folder with files): the temporary file is
    /// removed and the folder untouched.
    func testFailedRenameRemovesTheTemporaryFile() throws {
        let folder = tmp.appendingPathComponent("taken.safetensors")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        XCTAssertTrue(FileManager.default.createFile(atPath: folder.appendingPathComponent("keep").path, contents: Data("keep".utf8)))
        var w = SafeTensorsWriter()
        try w.add("w", floats: [1], shape: [1])
        guard case .io? = Support.expectError(path: folder.path, { try w.write(to: folder.path) })?.reason else { return XCTFail() }
        XCTAssertEqual(try folderContents(), ["taken.safetensors"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["keep"])
    }

    /// The temporary file cannot be created (its name is too long for the file system): the
    /// existing file keeps its bytes.
    func testFailedWriteLeavesTheExistingFileAlone() throws {
        let name = String(repeating: "m", count: 240) + ".safetensors"
        let path = tmp.appendingPathComponent(name).path
        let old = Data("previous checkpoint".utf8)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: old))
        var w = SafeTensorsWriter()
        try w.add("w", floats: [1], shape: [1])
        guard case .io? = Support.expectError(path: path, { try w.write(to: path) })?.reason else { return XCTFail() }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), old)
        XCTAssertEqual(try folderContents(), [name])
    }

    func testMissingFolder() throws {
        let path = tmp.appendingPathComponent("no/such/folder/x.safetensors").path
        var w = SafeTensorsWriter()
        try w.add("w", floats: [1], shape: [1])
        guard case .io(let why)? = Support.expectError(path: path, { try w.write(to: path) })?.reason else { return XCTFail() }
        XCTAssertTrue(why.contains("No such file"), why)
    }
}
