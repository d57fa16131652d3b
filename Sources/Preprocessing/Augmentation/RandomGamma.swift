import Foundation
import Imaging

/// Changes contrast by a power law, as TorchIO's `RandomGamma`: per frame
/// `beta ~ U(log_gamma)` and `gamma = exp(beta)`, then every voxel x becomes
/// `sign(x) * |x|^gamma` (TorchIO's rule for images with negative values; the same as
/// `x^gamma` when x >= 0). `log_gamma` one value d means U(-d, d); default (-0.3, 0.3),
/// i.e. gamma in about [0.74, 1.35]. Intensity transform.
public struct RandomGamma: Transform {
    public let logGamma: ClosedRange<Double>

    public init(logGamma: ClosedRange<Double> = -0.3...0.3) {
        self.logGamma = logGamma
    }

    public var name: String { "random_gamma" }
    public var parameters: [String: JSONValue] { ["log_gamma": AugmentationSupport.json(logGamma)] }

    /// `sign(x) * |x|^gamma`.
    @inline(__always)
    public static func power(_ x: Float, _ gamma: Double) -> Float {
        if x == 0 { return 0 }
        let m = Float(pow(Double(abs(x)), gamma))
        return x < 0 ? -m : m
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let frames = subject.image.frames
        let gammas = (0..<frames).map { _ in exp(random.uniform(logGamma)) }
        let n = AugmentationSupport.frameCount(subject.image)
        subject.image.withMutableFloat32Buffer { buf in
            for f in 0..<frames {
                let g = gammas[f]
                for i in (f * n)..<((f + 1) * n) { buf[i] = RandomGamma.power(buf[i], g) }
            }
        }
        return ["gamma": frames == 1 ? .number(gammas[0]) : AugmentationSupport.json(gammas)]
    }
}
