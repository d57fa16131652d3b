import Foundation
import Imaging

/// Adds Rician noise, the noise of magnitude MR images (as MONAI's `RandRicianNoise`;
/// TorchIO has none): with `sigma ~ U(std)` and `mu ~ U(mean)` drawn per subject, every
/// voxel x becomes `sqrt((x + n1)^2 + n2^2)` with n1, n2 independent N(mu, sigma).
/// Ranges as `random_noise`: `mean` default 0, `std` default (0, 0.25), one value d
/// meaning U(0, d). The output is non-negative. Intensity transform.
public struct RandomRicianNoise: Transform {
    public let mean: ClosedRange<Double>
    public let std: ClosedRange<Double>

    public init(mean: ClosedRange<Double> = 0...0, std: ClosedRange<Double> = 0...0.25) throws(PreprocessError) {
        guard std.lowerBound >= 0 else {
            throw .invalidParameter(name: "random_rician_noise.std", value: "\(std)", reason: "a standard deviation must not be negative")
        }
        self.mean = mean
        self.std = std
    }

    public var name: String { "random_rician_noise" }
    public var parameters: [String: JSONValue] {
        ["mean": AugmentationSupport.json(mean), "std": AugmentationSupport.json(std)]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let mu = random.uniform(mean)
        let sigma = random.uniform(std)
        let seed = random.next()
        NoiseField.add(to: &subject.image, seed: seed) { x, n1, n2 in
            let a = Double(x) + mu + sigma * n1, b = mu + sigma * n2
            return Float((a * a + b * b).squareRoot())
        }
        return ["mean": .number(mu), "std": .number(sigma)]
    }
}
