import Foundation
import Imaging

/// Adds MRI spike (herringbone) artifacts, as TorchIO's `RandomSpike`: `num_spikes`
/// positions are drawn uniformly in the centred k-space of the image; at each, the
/// largest magnitude in the spectrum times `intensity` is added (a real value, on one
/// side of k-space only, as TorchIO), and the real part of the inverse transform is
/// kept. The same spikes hit every frame.
///
/// `num_spikes`: integer range, inclusive (default [1, 1]; one value d means [0, d]).
/// `intensity`: ratio to the spectrum maximum, ~ U (default [1, 3]; one value d means
/// U(-d, d), as TorchIO). Intensity transform.
public struct RandomSpike: Transform {
    public let numSpikes: ClosedRange<Int>
    public let intensity: ClosedRange<Double>

    public init(numSpikes: ClosedRange<Int> = 1...1, intensity: ClosedRange<Double> = 1...3) throws(PreprocessError) {
        guard numSpikes.lowerBound >= 0 else {
            throw .invalidParameter(name: "random_spike.num_spikes", value: "\(numSpikes)", reason: "the number of spikes must not be negative")
        }
        self.numSpikes = numSpikes
        self.intensity = intensity
    }

    public var name: String { "random_spike" }
    public var parameters: [String: JSONValue] {
        ["num_spikes": AugmentationSupport.json([numSpikes.lowerBound, numSpikes.upperBound]),
         "intensity": AugmentationSupport.json(intensity)]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let count = AugmentationSupport.integer(numSpikes.lowerBound, numSpikes.upperBound, &random)
        let ratio = random.uniform(intensity)
        let positions = (0..<count).map { _ in (0..<3).map { _ in random.uniform() } }
        RandomSpike.spike(&subject.image, positions: positions, intensity: ratio)
        return ["num_spikes": .number(Double(count)), "intensity": .number(ratio),
                "positions": .array(positions.map { AugmentationSupport.json($0) })]
    }

    /// Adds spikes at fractional positions (each three numbers in [0, 1), scaled by the
    /// shape of the shifted spectrum) with fixed `intensity` (TorchIO's `Spike`).
    public static func spike(_ volume: inout Volume, positions: [[Double]], intensity: Double) {
        guard intensity != 0, !positions.isEmpty else { return }
        let shape = Array(volume.shape.prefix(3))
        KSpace.edit(&volume) { _, spectrum in
            for p in positions {
                var e = 0, stride = 1
                for a in 0..<3 {
                    let s = min(Int((p[a] * Double(shape[a])).rounded(.down)), shape[a] - 1)
                    e += FourierTransform.unshiftedIndex(s, length: shape[a]) * stride
                    stride *= shape[a]
                }
                var largest = 0.0
                for i in 0..<spectrum.count {
                    let r = spectrum.real[i], m = spectrum.imaginary[i]
                    largest = max(largest, r * r + m * m)
                }
                spectrum.real[e] += largest.squareRoot() * intensity
            }
            return true
        }
    }
}
