import Foundation
import Models
import NeuralCore
import SafeTensors
import Testing

/// The DCGAN reference files written by Tests/Reference/neural_core.py (PyTorch 2.13, the
/// tutorial's models with ngf = ndf = 8).
struct DCGANFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/neural/dcgan").standardizedFileURL.path
    /// The fixtures' sizes: nz 100, ngf = ndf = 8, one channel.
    static let configuration = DCGAN.Configuration(latent: 100, generatorFeatures: 8, discriminatorFeatures: 8, channels: 1)

    let file: SafeTensorsFile

    init(_ name: String) throws { file = try SafeTensorsFile(contentsOf: "\(Self.root)/\(name).safetensors") }

    func tensor(_ key: String) throws -> Tensor { try Tensor(shape: file.shape(key), values: file.floats(key)) }

    /// The state dict stored under `prefix` (e.g. "G."): its `main.*` entries.
    func state(_ prefix: String) throws -> [String: StateValue] {
        try file.state(prefix: prefix + "main.").reduce(into: [:]) { $0["main." + $1.key] = $1.value }
    }

    /// max |got - reference| <= tolerance * max |reference|.
    func expectClose(_ got: Tensor?, _ key: String, tolerance: Double = 1e-4, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let got else { Issue.record("no value to compare with \(key)", sourceLocation: sourceLocation); return }
        let expected = try file.doubles(key), shape = try file.shape(key)
        #expect(got.shape == shape, "\(key): shape \(got.shape), PyTorch \(shape)", sourceLocation: sourceLocation)
        let scale = max(1e-6, expected.map(abs).max() ?? 0)
        let worst = zip(got.doubles, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance * scale, "\(key): differs from PyTorch by \(worst / scale) relative", sourceLocation: sourceLocation)
    }
}
