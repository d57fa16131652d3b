/// Settings of the Frechet distance (FID) computation.
public struct FrechetDistanceOptions: Sendable, Codable, Equatable {
    /// Offset added to both covariances' diagonals when one of them is (near-)singular, as
    /// pytorch-fid retries with `eps * I` when `sqrtm` fails. 0 disables the retry: a singular
    /// covariance is then an error.
    public var eps: Double
    /// A covariance counts as near-singular when LAPACK's estimate of its reciprocal condition
    /// number is below this; nil means `D * Double.ulpOfOne` (numerically rank-deficient).
    public var singularTolerance: Double?

    public init(eps: Double = 1e-6, singularTolerance: Double? = nil) {
        self.eps = eps
        self.singularTolerance = singularTolerance
    }
}
