import Foundation

/// Paths shared by the Imaging tests.
enum TestSupport {
    /// The repository root, found from this file's path (Tests/ImagingTests/TestSupport.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under Fixtures/.
    static func fixture(_ relative: String) -> URL {
        repoRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    /// A fresh, empty temporary folder; the caller removes it.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("medsynth-imaging-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
