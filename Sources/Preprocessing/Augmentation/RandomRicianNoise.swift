import Foundation
import Imaging

/// Adds Rician noise, the noise of magnitude MR images (as MONAI's `RandRicianNoise`;
/// TorchIO has none): with `sigma ~ U(std)` and `mu ~ U(mean)` drawn per subject, every
/// voxel x becomes `sqrt((x + n1)^2 + n2^2)` with n1, n2 independent N(mu, sigma).
/// Ranges as `random_noise`: `mean` default 0, `std` default (0, 0.25), one value d
/// meaning U(0, d). The output is non-negative. Intensity transform.
public struct RandomRicianNoise: Transform {
    public let ranges: NoiseRanges

    public init(mean: ClosedRange<Double> = 0...0, std: ClosedRange<Double> = 0...0.25) throws(PreprocessError) {
        ranges = try NoiseRanges(mean: mean, std: std, transform: "random_rician_noise")
    }

    public init(ranges: NoiseRanges) { self.ranges = ranges }

    public var name: String { "random_rician_noise" }
    public var parameters: [String: JSONValue] { ranges.parameters }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let (mu, sigma) = ranges.draw(&random)
        RandomRicianNoise.add(to: &subject.image, mean: mu, std: sigma, seed: random.next())
        return NoiseRanges.record((mu, sigma))
    }

    /// Adds Rician noise of fixed mean and standard deviation to a float32 volume; each slice
    /// draws from its own stream of `seed`, so the bytes do not depend on the thread count.
    public static func add(to volume: inout Volume, mean mu: Double, std sigma: Double, seed: UInt64) {
        NoiseField.add(to: &volume, seed: seed) { x, n1, n2 in
            let a = Double(x) + mu + sigma * n1, b = mu + sigma * n2
            return Float((a * a + b * b).squareRoot())
        }
    }
}
