import Foundation
import Imaging
import NIfTI
import XCTest

/// Shared helpers for the NIfTI tests: locations of sample data and fixtures,
/// temporary folders, a seeded generator and byte patching of crafted files.
enum NIfTITestSupport {
    /// <repo>/Tests/NIfTITests -> <repo>.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// <repo>/../shared/data/nifti.
    static let dataDir: URL = repoRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/nifti")

    static let fixturePath: URL = repoRoot.appendingPathComponent("Fixtures/nibabel/nifti_headers.json")

    /// The sample data folder, or a skip with a message when it is absent.
    static func requireData() throws -> URL {
        guard FileManager.default.fileExists(atPath: dataDir.path) else {
            throw XCTSkip("sample data not found at \(dataDir.path); NIfTI reference tests skipped")
        }
        return dataDir
    }

    /// A fresh temporary folder, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("medsynth-nifti-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// Overwrites bytes of a file at `offset`.
    static func patch(_ path: String, at offset: Int, _ bytes: [UInt8]) throws {
        var data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for (i, b) in bytes.enumerated() { data[offset + i] = b }
        try Data(data).write(to: URL(fileURLWithPath: path))
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func le(_ v: Float) -> [UInt8] { le(v.bitPattern) }
    static func le(_ v: Double) -> [UInt8] { le(v.bitPattern) }

    /// Reads `path` and returns the NIfTIError it throws (failing the test when it does not).
    static func expectError(_ path: String, options: NIfTIReader.Options = .init(), headerOnly: Bool = false,
                            file: StaticString = #filePath, line: UInt = #line) -> NIfTIError? {
        do {
            if headerOnly { _ = try NIfTIReader.readHeader(at: path, options: options) }
            else { _ = try NIfTIReader.read(at: path, options: options) }
            XCTFail("reading \(path) should have failed", file: file, line: line)
        } catch let e as NIfTIError {
            // The error names the file (or its .hdr/.img companion): same folder and stem.
            let stem = String(URL(fileURLWithPath: path).lastPathComponent.prefix { $0 != "." })
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            XCTAssertTrue(e.description.contains(folder + "/" + stem), "error should name the file: \(e)", file: file, line: line)
            XCTAssertFalse(e.reason.message.isEmpty, file: file, line: line)
            return e
        } catch {
            XCTFail("expected NIfTIError, got \(error)", file: file, line: line)
        }
        return nil
    }

    /// Asserts two matrices agree element-wise within `tolerance`.
    static func assertClose(_ a: Matrix4, _ b: Matrix4, _ tolerance: Double, _ message: String = "",
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThanOrEqual(a.maxAbsDifference(b), tolerance, "\(message)\n\(a)\nvs\n\(b)", file: file, line: line)
    }
}

/// SplitMix64: a small seeded generator, so test data is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
