import Foundation
import Imaging

/// Adds Gaussian noise, as TorchIO's `RandomNoise`: per subject a mean
/// `mu ~ U(mean)` and a standard deviation `sigma ~ U(std)` are drawn, then every voxel
/// of the image (every frame) gets an independent draw from N(mu, sigma).
/// TorchIO's conventions: `mean` one value d means U(-d, d), default 0;
/// `std` one value d means U(0, d) (as TorchIO documents it), default (0, 0.25).
/// Intensity transform: label maps are untouched.
public struct RandomNoise: Transform {
    public let ranges: NoiseRanges

    public init(mean: ClosedRange<Double> = 0...0, std: ClosedRange<Double> = 0...0.25) throws(PreprocessError) {
        ranges = try NoiseRanges(mean: mean, std: std, transform: "random_noise")
    }

    public init(ranges: NoiseRanges) { self.ranges = ranges }

    public var name: String { "random_noise" }
    public var parameters: [String: JSONValue] { ranges.parameters }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let (mu, sigma) = ranges.draw(&random)
        let seed = random.next()
        NoiseField.add(to: &subject.image, seed: seed, normals: 1) { x, n1, _ in x + Float(mu + sigma * n1) }
        return NoiseRanges.record((mu, sigma))
    }
}

/// Voxel-wise noise driven by standard normal draws, parallel over slices yet
/// independent of the number of threads: slice s of the volume (all frames counted)
/// draws from its own generator, derived from `seed` and s.
enum NoiseField {
    /// Replaces every voxel x by `body(x, n1, n2)` with n1, n2 independent N(0, 1)
    /// (n2 is 0 unless `normals` is 2).
    static func add(to volume: inout Volume, seed: UInt64, normals: Int = 2, _ body: @Sendable (Float, Double, Double) -> Float) {
        let plane = volume.shape[0] * volume.shape[1]
        let slices = volume.count / max(plane, 1)
        volume.withMutableFloat32Buffer { buf in
            let p = UnsafeShared(buf.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: slices) { s in
                var r = SeededRandom(seed: seed, stream: "slice \(s)")
                let base = p.value + s * plane
                for i in 0..<plane {
                    let (n1, n2) = normals == 2 ? r.normalPair() : (r.normal(), 0)
                    base[i] = body(base[i], n1, n2)
                }
            }
        }
    }
}
