import Foundation
import Models
import NeuralCore
import Testing

/// The DCGAN generator and discriminator against PyTorch's tutorial modules: one train-mode
/// forward and backward of both losses from the same weights and inputs, and 100 training steps.
struct DCGANParityTests {
    static func models(from fixture: DCGANFixture, prefix: String = "") throws -> (DCGANGenerator, DCGANDiscriminator) {
        var rng = PhiloxGenerator(seed: 99)
        let g = try DCGANGenerator(DCGANFixture.configuration, generator: &rng)
        let d = try DCGANDiscriminator(DCGANFixture.configuration, generator: &rng)
        try g.loadState(fixture.state(prefix + "G."), source: "G")
        try d.loadState(fixture.state(prefix + "D."), source: "D")
        return (g, d)
    }

    @Test func stateDictNamesAreTheTutorials() throws {
        let f = try DCGANFixture("dcgan_parity")
        let (g, d) = try Self.models(from: f)
        let expected = Set(f.file.names.filter { ($0.hasPrefix("G.main") || $0.hasPrefix("D.main")) })
        let ours = Set(g.stateDict().map { "G." + $0.0 } + d.stateDict().map { "D." + $0.0 })
        #expect(ours == expected)
        #expect(g.namedParameters().first?.0 == "main.0.weight")
        #expect(d.namedBuffers().last?.0 == "main.9.num_batches_tracked")
    }

    @Test func forwardAndGradientsMatchPyTorch() throws {
        let f = try DCGANFixture("dcgan_parity")
        let (g, d) = try Self.models(from: f)
        let z = try f.tensor("z"), x = try f.tensor("x")
        let fake = try g(z)
        try f.expectClose(fake, "G.out")
        let realLogits = try d(x), fakeLogits = try d(fake.detached())
        try f.expectClose(realLogits.sigmoid(), "D.real")
        try f.expectClose(fakeLogits.sigmoid(), "D.fake")
        let lossD = try realLogits.binaryCrossEntropyWithLogits(Tensor(repeating: 1, shape: [4]))
            + fakeLogits.binaryCrossEntropyWithLogits(Tensor(zeros: [4]))
        try f.expectClose(lossD, "lossD")
        let gD = try Tensor.gradients(of: [lossD], with: d.parameters)
        for ((name, _), gradient) in zip(d.namedParameters(), gD) { try f.expectClose(gradient, "gD.\(name)") }
        let lossG = try d(fake).binaryCrossEntropyWithLogits(Tensor(repeating: 1, shape: [4]))
        try f.expectClose(lossG, "lossG")
        let gG = try Tensor.gradients(of: [lossG], with: g.parameters)
        for ((name, _), gradient) in zip(g.namedParameters(), gG) { try f.expectClose(gradient, "gG.\(name)") }
        // Running statistics after one generator and three discriminator passes.
        for (prefix, model) in [("G.after.", g as any Layer), ("D.after.", d)] {
            for (name, value) in model.stateDict() where f.file[prefix + name] != nil {
                switch value {
                case let .tensor(t): try f.expectClose(t, prefix + name)
                case let .integer(v): #expect(try f.file.int64s(prefix + name) == [v], "\(prefix)\(name)")
                }
            }
        }
    }
}
