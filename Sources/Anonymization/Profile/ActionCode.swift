/// An action code of PS3.15 Table E.1-1.
public enum ActionCode: String, Sendable, Codable, CaseIterable {
    /// Replace with a non-zero-length dummy value consistent with the VR.
    case dummy = "D"
    /// Replace with a zero-length value, or a dummy value consistent with the VR.
    case zero = "Z"
    /// Remove.
    case remove = "X"
    /// Keep (unchanged for non-sequence attributes, cleaned for sequences).
    case keep = "K"
    /// Clean: replace with values of similar meaning known not to contain identifying information.
    case clean = "C"
    /// Replace with a non-zero-length UID that is internally consistent within a set of instances.
    case uid = "U"
    /// Z unless D is required to keep the IOD conformant (Type 2 vs Type 1).
    case zeroOrDummy = "Z/D"
    /// X unless Z is required (Type 3 vs Type 2).
    case removeOrZero = "X/Z"
    /// X unless D is required (Type 3 vs Type 1).
    case removeOrDummy = "X/D"
    /// X unless Z or D is required (Type 3 vs Type 2 vs Type 1).
    case removeOrZeroOrDummy = "X/Z/D"
    /// X unless Z or replacement of contained instance UIDs (U) is required.
    case removeOrZeroOrUID = "X/Z/U*"
}
