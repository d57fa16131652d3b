/// Weight initialisations, drawn in place from a seeded generator.
public enum Initialization {
    /// PyTorch's default for linear and convolution layers: weight U(-1/sqrt(fanIn),
    /// 1/sqrt(fanIn)) (kaiming_uniform with a = sqrt(5)) and bias with the same bound.
    public static func pytorchDefault(weight: Tensor, bias: Tensor?, fanIn: Int, generator: inout PhiloxGenerator) {
        let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        weight.fill(generator: &generator) { -bound + 2 * bound * $0.nextUnitDouble() }
        bias?.fill(generator: &generator) { -bound + 2 * bound * $0.nextUnitDouble() }
    }

    /// N(mean, std) in place (DCGAN: convolutions N(0, 0.02), batch-norm weights N(1, 0.02)).
    public static func normal(_ tensor: Tensor, mean: Double = 0, std: Double, generator: inout PhiloxGenerator) {
        tensor.fill(generator: &generator) { mean + std * $0.nextNormal() }
    }

    /// A constant in place.
    public static func constant(_ tensor: Tensor, _ value: Double) {
        var unused = PhiloxGenerator(seed: 0)
        tensor.fill(generator: &unused) { _ in value }
    }
}
