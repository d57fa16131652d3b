import Foundation
import SafeTensors
import Testing
@testable import NeuralCore

/// A reference case written by Tests/Reference/neural_core.py: inputs `x<i>`, parameters
/// `p.<name>`, buffers `b.<name>` (and `.after`), output `y`, upstream gradient `gy`, and
/// gradients `gx<i>` / `gp.<name>` computed by PyTorch in Float64.
struct PyTorchFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/neural").standardizedFileURL.path

    let name: String
    let file: SafeTensorsFile

    init(_ folder: String, _ name: String) throws {
        self.name = name
        file = try SafeTensorsFile(contentsOf: "\(Self.root)/\(folder)/\(name).safetensors")
    }

    func has(_ key: String) -> Bool { file[key] != nil }

    /// A Float32 tensor (converted from the stored type).
    func tensor(_ key: String, requiringGrad: Bool = false) throws -> Tensor {
        let t = try Tensor(shape: file.shape(key), values: file.floats(key))
        return requiringGrad ? t.requiringGrad() : t
    }

    func values(_ key: String) throws -> [Double] { try file.doubles(key) }

    /// Arguments of the op (the `args` metadata, a JSON object).
    var arguments: [String: Any] {
        guard let text = file.metadata["args"], let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    /// Compares `got` with the reference `key`: max |difference| <= tolerance * max |reference|
    /// (with a floor of 1e-6 on the scale).
    func expectClose(_ got: Tensor?, _ key: String, tolerance: Double = 1e-4, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let got else {
            Issue.record("\(name): no value to compare with \(key)", sourceLocation: sourceLocation)
            return
        }
        let expected = try values(key)
        let shape = try file.shape(key)
        guard got.shape == shape else {
            Issue.record("\(name): \(key) has shape \(got.shape), PyTorch \(shape)", sourceLocation: sourceLocation)
            return
        }
        let v = got.doubles
        let scale = max(1e-6, expected.map(Swift.abs).max() ?? 0)
        var worst = 0.0, at = 0
        for i in v.indices {
            let e = Swift.abs(v[i] - expected[i])
            if !(e <= worst) { worst = e; at = i }
        }
        if !(worst <= tolerance * scale) {
            Issue.record("\(name): \(key) differs from PyTorch by \(worst / scale) relative at \(at) (ours \(v[at]), PyTorch \(expected[at]))",
                         sourceLocation: sourceLocation)
        }
    }
}
