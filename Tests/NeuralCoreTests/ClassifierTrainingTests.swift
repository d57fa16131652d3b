import Testing
@testable import NeuralCore

/// The README's example: a small classifier reaches 100% training accuracy on random data,
/// and the same seed gives the same bytes.
struct ClassifierTrainingTests {
    static func train(seed: UInt64) throws -> (accuracy: Double, model: Sequential) {
        var rng = PhiloxGenerator(seed: seed)
        let model = Sequential([try Linear(inputs: 8, outputs: 16, generator: &rng), Activation(.relu),
                                try Linear(inputs: 16, outputs: 3, generator: &rng)])
        let x = try Tensor.normal([32, 8], generator: &rng)
        let labels = (0..<32).map { $0 % 3 }
        let optimizer = Adam(parameters: model.parameters, learningRate: 1e-2)
        for _ in 0..<300 {
            optimizer.zeroGrad()
            let loss = try model(x).crossEntropy(classes: labels)
            try loss.backward()
            try optimizer.step()
        }
        let logits = try GradMode.withoutGradients { try model(x) }.floats
        var correct = 0
        for (i, label) in labels.enumerated() {
            let row = logits[(i * 3)..<(i * 3 + 3)]
            if row.firstIndex(of: row.max()!)! - i * 3 == label { correct += 1 }
        }
        return (Double(correct) / Double(labels.count), model)
    }

    @Test func reachesFullTrainingAccuracyDeterministically() throws {
        let (accuracy, a) = try Self.train(seed: 1)
        #expect(accuracy == 1)
        let (_, b) = try Self.train(seed: 1)
        for (p, q) in zip(a.parameters, b.parameters) { #expect(p.bitwiseEqual(q)) }
        #expect(a.namedParameters().map(\.0) == ["0.weight", "0.bias", "2.weight", "2.bias"])
    }

    @Test func strictStateLoadingListsEveryProblem() throws {
        var rng = PhiloxGenerator(seed: 2)
        let model = Sequential([try Linear(inputs: 4, outputs: 2, generator: &rng), try BatchNorm(channels: 2)])
        var state = Dictionary(uniqueKeysWithValues: model.stateDict())
        state["0.weight"] = .tensor(try Tensor(zeros: [3, 4]))
        state.removeValue(forKey: "1.running_mean")
        state["extra"] = .integer(1)
        do {
            try model.loadState(state, source: "test")
            Issue.record("a mismatched state was accepted")
        } catch let error as StateMismatchError {
            #expect(error.missing == ["1.running_mean"])
            #expect(error.unexpected == ["extra"])
            #expect(error.misshaped.count == 1 && error.misshaped[0].hasPrefix("0.weight"))
        }
    }

    @Test func anomalyModeNamesTheOp() throws {
        let x = try Tensor(shape: [2], values: [-1, 4]).requiringGrad()
        #expect(throws: TensorError.nonFinite(op: "log", phase: .forward)) {
            try GradMode.detectingAnomalies { try x.log().sum() }
        }
        // sqrt(0) is finite forward, but its gradient is infinite in the backward pass.
        let z = try Tensor(shape: [1], values: [0]).requiringGrad()
        #expect(throws: TensorError.nonFinite(op: "sqrt", phase: .backward)) {
            try GradMode.detectingAnomalies { try z.squareRoot().sum().backward() }
        }
    }
}
