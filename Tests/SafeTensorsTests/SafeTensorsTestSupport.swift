import Foundation
import SafeTensors
import XCTest

/// Shared helpers for the SafeTensors tests: fixture locations, temporary folders, files
/// crafted from a header string and data bytes, and error expectations.
enum SafeTensorsTestSupport {
    /// <repo>/Tests/SafeTensorsTests -> <repo>.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtureDir: URL = repoRoot.appendingPathComponent("Fixtures/safetensors")

    static func fixture(_ name: String) -> String { fixtureDir.appendingPathComponent(name).path }

    /// Fixtures/safetensors/expected.json (made by Tests/Reference/safetensors_files.py), "files" part.
    static func expected() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: fixtureDir.appendingPathComponent("expected.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(json["files"] as? [String: [String: Any]])
    }

    /// A fresh temporary folder, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("medsynth-safetensors-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// A file's bytes: the header length, the header (padded with spaces when `pad`), the data.
    static func bytes(header: String, data: [UInt8] = [], pad: Bool = true) -> [UInt8] {
        var h = Array(header.utf8)
        if pad { while h.count % 8 != 0 { h.append(0x20) } }
        return bytes(headerBytes: h, data: data)
    }

    static func bytes(headerBytes h: [UInt8], data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
        withUnsafeBytes(of: (declaredLength ?? UInt64(h.count)).littleEndian) { Array($0) } + h + data
    }

    /// One F32 tensor `name` covering `data_offsets` [begin, end], as header JSON.
    static func f32(_ name: String, shape: [Int], _ begin: Int, _ end: Int) -> String {
        "\"\(name)\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(begin),\(end)]}"
    }

    /// A JSON array of unsigned 32-bit numbers (bit patterns), or nil.
    static func uint32s(_ any: Any?) -> [UInt32]? {
        guard let array = any as? [Any] else { return nil }
        let numbers = array.compactMap { ($0 as? NSNumber)?.uint32Value }
        return numbers.count == array.count ? numbers : nil
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        return out
    }

    /// Writes `bytes` to `name` in `dir` and reads it, returning the SafeTensorsError it
    /// throws (failing the test when it does not, or when the error does not name the file).
    static func readError(_ bytes: [UInt8], name: String, in dir: URL,
                          file: StaticString = #filePath, line: UInt = #line) -> SafeTensorsError? {
        let path = dir.appendingPathComponent(name).path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            XCTFail("cannot create \(path)", file: file, line: line)
            return nil
        }
        return expectError(path: path, file: file, line: line) { try SafeTensorsFile(contentsOf: path) }
    }

    /// Runs `body`, which must throw a SafeTensorsError naming `path`.
    static func expectError(path: String, file: StaticString = #filePath, line: UInt = #line,
                            _ body: () throws -> Any) -> SafeTensorsError? {
        do {
            _ = try body()
            XCTFail("\(path): should have failed", file: file, line: line)
        } catch let e as SafeTensorsError {
            XCTAssertEqual(e.path, path, file: file, line: line)
            XCTAssertTrue(e.description.contains(path), "error should name the file: \(e)", file: file, line: line)
            XCTAssertFalse(e.reason.message.isEmpty, file: file, line: line)
            return e
        } catch {
            XCTFail("\(path): expected a SafeTensorsError, got \(error)", file: file, line: line)
        }
        return nil
    }
}
