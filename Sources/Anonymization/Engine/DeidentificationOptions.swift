/// How a file is de-identified: the profile options chosen, how compound action codes
/// resolve, and what happens to attributes Table E.1-1 does not list.
public struct DeidentificationOptions: Sendable, Equatable {
    /// The options of PS3.15 E.3 in force on top of the Basic Profile.
    public var options: Set<ProfileOption>
    public var compoundRule: CompoundRule
    /// Remove every attribute the table does not list, except the pixel description,
    /// geometry and acquisition parameters (`UnlistedPolicy` says exactly which).
    public var removeUnlisted: Bool

    public init(options: Set<ProfileOption> = [], compoundRule: CompoundRule = .conformant, removeUnlisted: Bool = false) throws {
        if options.contains(.retainLongitudinalFullDates) && options.contains(.retainLongitudinalModifiedDates) {
            throw AnonymizationError(.options, "Retain Longitudinal Temporal Information with Full Dates and with Modified Dates exclude each other: choose one")
        }
        self.options = options
        self.compoundRule = compoundRule
        self.removeUnlisted = removeUnlisted
    }

    /// The Basic Profile alone.
    public static let basic = try! DeidentificationOptions()

    public var shiftsDates: Bool { options.contains(.retainLongitudinalModifiedDates) }
    public var keepsDates: Bool { options.contains(.retainLongitudinalFullDates) }
}

/// How the compound codes of Table E.1-1 (Z/D, X/Z, X/D, X/Z/D, X/Z/U*) become one action.
///
/// The table leaves the choice to the IOD: X when the attribute is Type 3, Z when Type 2,
/// D when Type 1. medsynth does not carry every IOD's attribute types, so it decides from
/// the file itself:
/// - `conformant` (default): an attribute that is absent stays absent. One that is present
///   keeps its place with a value that identifies no one, so that no Type 1 or Type 2
///   attribute the input had goes missing: D when the code allows D and the value is not
///   empty (a Type 1 attribute must keep a value); otherwise Z when the code allows Z;
///   otherwise X. A sequence under a code that allows D or U* keeps its items, each
///   de-identified by the same profile (so references inside stay consistent, with their
///   UIDs replaced); under a code that allows only X and Z it becomes empty.
/// - `remove`: always X, the smallest output (may drop Type 1/2 attributes, so `dciodvfy`
///   can report missing attributes the input had).
public enum CompoundRule: String, Sendable, Codable, CaseIterable {
    case conformant
    case remove

    /// The action for `code` given whether the element's value is empty and whether it is a sequence.
    public func resolve(_ code: ActionCode, emptyValue: Bool, isSequence: Bool) -> ActionCode {
        let alternatives: [ActionCode]
        switch code {
        case .zeroOrDummy: alternatives = [.zero, .dummy]
        case .removeOrZero: alternatives = [.remove, .zero]
        case .removeOrDummy: alternatives = [.remove, .dummy]
        case .removeOrZeroOrDummy: alternatives = [.remove, .zero, .dummy]
        case .removeOrZeroOrUID: alternatives = [.remove, .zero, .uid]
        default: return code
        }
        if self == .remove { return alternatives.contains(.remove) ? .remove : alternatives[0] }
        if isSequence {
            if alternatives.contains(.dummy) || alternatives.contains(.uid) { return .keep }
            return alternatives.contains(.zero) ? .zero : .remove
        }
        if alternatives.contains(.dummy) && !emptyValue { return .dummy }
        if alternatives.contains(.zero) { return .zero }
        if alternatives.contains(.uid) { return .uid }
        return alternatives.contains(.remove) ? .remove : .dummy
    }
}
