/// Paired pixel metrics between a reference image and a test image of the same shape (2D
/// images or 3D volumes), optionally restricted to a mask: MSE, MAE, NMSE, PSNR, SSIM,
/// MS-SSIM, mutual information and normalized mutual information.
///
/// The reference comes first: NMSE normalises by its energy, PSNR's data range may come
/// from its type, and a mask selects the same voxels in both.
public enum PixelMetrics {
    /// Checks that the test image (and mask) match the reference's shape and that a mask
    /// is not empty; returns the mask's flags when there is one.
    static func validate(_ reference: MetricImage, _ test: MetricImage, _ mask: MetricMask?) throws -> [Bool]? {
        guard reference.shape == test.shape else {
            throw MetricsError.shapeMismatch("the reference is \(describe(reference.shape)) but the test image is \(describe(test.shape)); paired metrics need the same shape")
        }
        guard let mask else { return nil }
        guard mask.shape == reference.shape else {
            throw MetricsError.shapeMismatch("the mask is \(describe(mask.shape)) but the images are \(describe(reference.shape))")
        }
        guard mask.count > 0 else {
            throw MetricsError.invalidInput("the mask is empty (no voxel inside); there is nothing to score")
        }
        return mask.inside
    }

    static func describe(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "x") }
}
