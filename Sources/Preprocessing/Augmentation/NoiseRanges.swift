import Imaging

/// What `random_noise` and `random_rician_noise` draw per subject: a mean `mu ~ U(mean)`
/// and a standard deviation `sigma ~ U(std)`. TorchIO's conventions: `mean` one value d
/// means U(-d, d), default 0; `std` one value d means U(0, d), default (0, 0.25); a
/// standard deviation is never negative.
public struct NoiseRanges: Sendable, Equatable {
    public let mean: ClosedRange<Double>
    public let std: ClosedRange<Double>

    /// `transform` names the parameter in errors (`random_noise.std`).
    public init(mean: ClosedRange<Double> = 0...0, std: ClosedRange<Double> = 0...0.25, transform: String) throws(PreprocessError) {
        guard std.lowerBound >= 0 else {
            throw .invalidParameter(name: "\(transform).std", value: "\(std)", reason: "a standard deviation must not be negative")
        }
        self.mean = mean
        self.std = std
    }

    /// Reads `mean` and `std` from a pipeline step's parameters.
    init(parameters p: inout TransformParameters) throws(PreprocessError) {
        try self.init(mean: try p.scalarRange("mean", around: 0, default: 0...0),
                      std: try p.scalarRange("std", around: nil, minimum: 0, default: 0...0.25), transform: p.transform)
    }

    /// The configured ranges, as a transform's `parameters`.
    var parameters: [String: JSONValue] {
        ["mean": AugmentationSupport.json(mean), "std": AugmentationSupport.json(std)]
    }

    /// Draws mu, then sigma.
    func draw(_ random: inout SeededRandom) -> (mean: Double, std: Double) {
        let mu = random.uniform(mean)
        return (mu, random.uniform(std))
    }

    /// The values drawn, as a transform's record.
    static func record(_ drawn: (mean: Double, std: Double)) -> [String: JSONValue] {
        ["mean": .number(drawn.mean), "std": .number(drawn.std)]
    }
}
