import Foundation
import Phantoms
@testable import Pipelines

/// One small demo-data output shared by the demo-data tests (made once per test run).
enum DemoDataFixture {
    static let installed = FileManager.default.fileExists(atPath: PhantomAnatomy.defaultDirectory + "/ch2.nii.gz")
    static let patients = 6
    static let seed: UInt64 = 3

    struct Made: Sendable {
        var root: String
        var summary: DemoDataSummary
        var manifest: ArchiveManifest
        var archive: String { root + "/archive" }
    }

    static let shared: Result<Made, any Error> = Result { try make(patients: patients, seed: seed, slices2d: 32) }

    static func make(patients: Int, seed: UInt64, slices2d: Int?) throws -> Made {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-demo-data-" + UUID().uuidString).path
        let summary = try DemoDataJob.run(DemoDataOptions(output: root, archive: PhantomArchiveOptions(patients: patients, seed: seed),
                                                          slices2d: slices2d, slicesPerPatient: 4))
        let manifest = try JSONDecoder().decode(ArchiveManifest.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/manifest.json")))
        return Made(root: root, summary: summary, manifest: manifest)
    }

    /// Every regular file under a folder, relative paths, sorted.
    static func files(under folder: String) -> [String] {
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: folder)
        while let name = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDir), !isDir.boolValue { out.append(name) }
        }
        return out.sorted()
    }

    /// Runs a tool; nil when it is not installed.
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String)? {
        guard let path = ["/usr/bin/", "/usr/local/bin/", "/bin/"].map({ $0 + tool }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
