import Foundation
import XCTest

/// Locates `../shared/data` beside the repository; tests that need it skip when it is absent.
enum SampleData {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    static func dicom(_ name: String) throws -> String {
        let p = root.appendingPathComponent("dicom/samples/\(name)").path
        guard FileManager.default.fileExists(atPath: p) else { throw XCTSkip("sample data absent: \(p)") }
        return p
    }

    static func samplesDirectory() throws -> URL {
        let d = root.appendingPathComponent("dicom/samples")
        guard FileManager.default.fileExists(atPath: d.path) else { throw XCTSkip("sample data absent: \(d.path)") }
        return d
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
