/// Settings of `medsynth doctor`'s measurements.
public struct DoctorOptions: Sendable {
    /// Matrix sizes SGEMM may be measured at.
    public static let sizes = 16...16_384

    /// SGEMM matrix size n (n x n times n x n).
    public var size: Int
    /// Timed multiplications per measurement (after one warm-up); the median is reported.
    public var repetitions: Int
    /// Also measure with a single BLAS thread (the thread count is restored afterwards).
    public var measureOneThread: Bool

    public init(size: Int = 2048, repetitions: Int = 5, measureOneThread: Bool = true) {
        self.size = size
        self.repetitions = repetitions
        self.measureOneThread = measureOneThread
    }
}
