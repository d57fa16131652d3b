import Foundation
import Imaging

/// Paths and small builders shared by the Preprocessing tests.
enum TestSupport {
    /// The repository root, found from this file's path (Tests/PreprocessingTests/TestSupport.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under Fixtures/.
    static func fixture(_ relative: String) -> URL {
        repoRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    /// `../shared/data/RELATIVE` beside the repository, or nil when absent.
    static func sharedData(_ relative: String) -> URL? {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A fresh, empty temporary folder; the caller removes it.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("medsynth-preprocessing-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A float32 volume whose voxel (i, j, k) holds `f(i, j, k)`.
    static func volume(_ shape: [Int], geometry: Geometry = .identity(), _ f: (Int, Int, Int) -> Float) throws -> Volume {
        try Volume(float32Shape: shape, geometry: geometry) { buf in
            var n = 0
            for k in 0..<shape[2] { for j in 0..<shape[1] { for i in 0..<shape[0] { buf[n] = f(i, j, k); n += 1 } } }
        }
    }
}
