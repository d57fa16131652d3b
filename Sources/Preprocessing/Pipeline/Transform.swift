import Imaging

/// One preprocessing or augmentation step. `apply` returns the parameters it actually
/// used (random draws resolved), which the pipeline stores in the subject's history.
public protocol Transform: Sendable {
    /// The name used in pipeline files and records, e.g. "resample" or "random_affine".
    var name: String { get }
    /// The configured parameters, for records and `--json` output.
    var parameters: [String: JSONValue] { get }
    /// Transforms the subject; draws any randomness from `random`.
    func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue]
}

/// What one step did: written next to every output as its JSON record.
public struct TransformRecord: Sendable, Codable, Equatable {
    public var name: String
    /// The configured parameters.
    public var parameters: [String: JSONValue]
    /// The values used on this subject (sampled angles, computed mean and std, ...).
    public var applied: [String: JSONValue]
    /// False when the step's probability `p` skipped it for this subject.
    public var wasApplied: Bool

    public init(name: String, parameters: [String: JSONValue], applied: [String: JSONValue], wasApplied: Bool) {
        self.name = name
        self.parameters = parameters
        self.applied = applied
        self.wasApplied = wasApplied
    }
}
