import Foundation
import Imaging
import NIfTI
@testable import Pipelines

/// Small NIfTI folders written by code for the slices tests.
enum SlicesTestFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-slices-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A 20 x 24 x 16 int16 head-like volume: an ellipsoid (values 100 ... 200, varying with
    /// position and `seed`) in a zero background, 1 x 1 x 1.5 mm, stored RAS.
    static func head(seed: Int = 0) throws -> Volume {
        let shape = [20, 24, 16]
        var values = [Int16](repeating: 0, count: shape.reduce(1, *))
        var n = 0
        for k in 0..<shape[2] {
            for j in 0..<shape[1] {
                for i in 0..<shape[0] {
                    let x = (Double(i) - 9.5) / 8, y = (Double(j) - 11.5) / 10, z = (Double(k) - 7.5) / 6
                    if x * x + y * y + z * z < 1 { values[n] = Int16(100 + (i * 3 + j * 2 + k + seed * 7) % 100) }
                    n += 1
                }
            }
        }
        let g = Geometry(spacing: [1, 1, 1.5], origin: [-10, -12, -11])
        return try Volume(values: values, shape: shape, geometry: g)
    }

    static func write(_ volume: Volume, _ relative: String, in root: URL) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try NIfTIWriter.write(volume, to: url.path)
    }

    /// Every regular file under `root`, by relative path, with its bytes.
    static func files(_ root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = root.standardizedFileURL.path + "/"
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
        for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let p = url.standardizedFileURL.path
            out[p.hasPrefix(base) ? String(p.dropFirst(base.count)) : p] = try Data(contentsOf: url)
        }
        return out
    }
}
