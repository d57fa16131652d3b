/// Settings of a simulated archive.
public struct PhantomArchiveOptions: Sendable, Equatable {
    /// Number of patients (1 ... 10000).
    public var patients: Int
    public var seed: UInt64
    /// Fraction of each class's patients in the holdout split.
    public var holdoutFraction: Double
    /// Folder of the mricron-data templates.
    public var templates: String

    public static let defaultPatients = 40
    public static let patientRange = 1...10000

    public init(patients: Int = PhantomArchiveOptions.defaultPatients, seed: UInt64 = 1, holdoutFraction: Double = 0.25,
                templates: String = PhantomAnatomy.defaultDirectory) {
        self.patients = patients
        self.seed = seed
        self.holdoutFraction = holdoutFraction
        self.templates = templates
    }

    public func validate() throws(PhantomError) {
        guard PhantomArchiveOptions.patientRange.contains(patients) else {
            throw .invalidParameter(name: "patients", value: "\(patients)", reason: "give 1 ... \(PhantomArchiveOptions.patientRange.upperBound) patients")
        }
        guard holdoutFraction.isFinite, holdoutFraction >= 0, holdoutFraction < 1 else {
            throw .invalidParameter(name: "holdout", value: "\(holdoutFraction)", reason: "the holdout fraction must be in [0, 1)")
        }
    }
}
