import Foundation

/// Locations used by the metrics tests.
enum MetricsTestSupport {
    /// The package root (two levels above this file's folder).
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under Fixtures/metrics/.
    static func fixture(_ name: String) -> URL {
        repoRoot.appendingPathComponent("Fixtures/metrics").appendingPathComponent(name)
    }

    /// The shared sample data folder (../shared/data), or nil when absent.
    static var sharedData: URL? {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
