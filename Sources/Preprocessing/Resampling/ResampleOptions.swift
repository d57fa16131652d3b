/// How `Resampler.resample` reads the input and what it writes outside it.
public struct ResampleOptions: Sendable {
    /// Interpolation of intensity images (label maps always use nearest). Default linear.
    public var interpolation: Interpolation
    /// The value of output voxels whose centre lies outside the input's field of view
    /// (intensity images; label maps get 0). Default 0.
    public var fill: Float
    /// Gaussian prefilter of intensity images along every input axis that is downsampled
    /// (see `Resampler.antialiasSigma`). Default true.
    public var antialias: Bool

    public init(interpolation: Interpolation = .linear, fill: Float = 0, antialias: Bool = true) {
        self.interpolation = interpolation
        self.fill = fill
        self.antialias = antialias
    }
}
