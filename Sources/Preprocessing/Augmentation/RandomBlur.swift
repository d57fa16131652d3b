import Foundation
import Imaging

/// Blurs the image with a Gaussian of random width, as TorchIO's `RandomBlur`: per voxel
/// axis a standard deviation `sigma_i ~ U(std_i)` in mm is drawn, converted to voxels by
/// the axis spacing, and the image is filtered as `scipy.ndimage.gaussian_filter`
/// (mode reflect, truncate 4) through `GaussianSmoothing`.
/// `std`: TorchIO's forms and default (0, 2): one value x means U(0, x) per axis, two
/// values a range for every axis, three values x_i mean U(0, x_i), six values a range per
/// axis; non-negative. Intensity transform (label maps untouched).
public struct RandomBlur: Transform {
    public let std: [ClosedRange<Double>]

    public init(std: [ClosedRange<Double>] = Array(repeating: 0...2, count: 3)) throws(PreprocessError) {
        guard std.count == 3, std.allSatisfy({ $0.lowerBound >= 0 }) else {
            throw .invalidParameter(name: "random_blur.std", value: "\(std)", reason: "expected three non-negative ranges (mm)")
        }
        self.std = std
    }

    public var name: String { "random_blur" }
    public var parameters: [String: JSONValue] { ["std": AugmentationSupport.json(std)] }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let mm = std.map { random.uniform($0) }
        let spacing = subject.image.geometry.spacing
        let voxels = (0..<3).map { spacing[$0] > 0 ? mm[$0] / spacing[$0] : 0 }
        GaussianSmoothing.smooth(&subject.image, sigma: voxels)
        return ["std_mm": AugmentationSupport.json(mm), "std_voxels": AugmentationSupport.json(voxels)]
    }
}
