import Foundation

/// What the PHI audit looks for in a release: identifying strings (searched as substrings of
/// every text, in `PHIText`'s normal form), original UIDs (compared whole), and per patient
/// the original dates that must not appear among that patient's output dates.
///
/// Built from the original archive (`add(_:)` with `OriginalIdentifiers` of each file), from a
/// simulated archive's manifest, or given directly. Values that would match by chance are not
/// kept as needles: fewer than `minimumWeight` letters and digits, pure numbers of fewer than
/// `minimumDigits` digits, and the anonymizer's own dummy and marker words (`ignoredValues`).
///
/// ```swift
/// var needles = PHINeedles()
/// needles.add(personName: "DOE^JOHN", kind: "PatientName", source: .original)
/// needles.add(uid: "1.2.826.0.1.3680043.2.1125.1", kind: "StudyInstanceUID", source: .original)
/// let auditor = DatasetAuditor(needles: needles)
/// ```
public struct PHINeedles: Sendable {
    /// Where a needle comes from: the original archive (findings `identifier`, `original_uid`)
    /// or the manifest of a simulated archive (findings `planted_phi`).
    public enum Source: String, Sendable, Codable {
        case original, manifest
    }

    /// What a needle is: the keyword of the original attribute ("PatientName", "(0009,1010)")
    /// or the manifest's kind ("patient_name"), and where it comes from.
    public struct Label: Sendable, Hashable, Codable {
        public var kind: String
        public var source: Source
        public init(kind: String, source: Source) {
            self.kind = kind
            self.source = source
        }
    }

    /// One identifying string in normal form, with what it is (at most one label per source).
    public struct Needle: Sendable, Hashable {
        public var text: [UInt8]
        public var labels: [Label]
        /// The manifest's label when there is one (a planted value), else the original's.
        public var primary: Label { labels.first { $0.source == .manifest } ?? labels[0] }
    }

    public static let minimumWeight = 4
    public static let minimumDigits = 6
    /// Normalised values never used as needles: the anonymizer's dummies and markers, and words
    /// that archives write where a value is missing.
    public static let ignoredValues: Set<String> = [
        "ANONYMIZED", "ANONYMISED", "ANONYMOUS", "UNKNOWN", "NONE", "NULL", "REMOVED", "MODIFIED", "UNMODIFIED",
        "DEIDENTIFIED", "DE IDENTIFIED", "REDACTED", "19000101", "19000101000000", "000000",
    ]

    public private(set) var identifiers: [Needle] = []
    private var index: [[UInt8]: Int] = [:]
    /// Original UIDs (trimmed) and what they were.
    public private(set) var uids: [String: Label] = [:]
    /// Patient ID (original, and pseudonym when the key is known) -> date "YYYYMMDD" -> what it was.
    public private(set) var patientDates: [String: [String: Label]] = [:]
    private var addedOriginals = Set<OriginalIdentifiers.Value>()
    /// (date, original patient ID) pairs already added.
    private var addedOriginalDates = Set<OriginalIdentifiers.Value>()
    /// Values offered as needles but not kept (too short, a short number, an ignored word).
    public private(set) var rejected = 0

    public init() {}

    /// Adds one identifying string; returns whether it was kept as a needle.
    @discardableResult
    public mutating func add(identifier value: String, kind: String, source: Source) -> Bool {
        let text = PHIText.normalize(value)
        guard PHINeedles.isUsable(text) else {
            if !text.isEmpty { rejected += 1 }
            return false
        }
        let label = Label(kind: kind, source: source)
        if let i = index[text] {
            if !identifiers[i].labels.contains(where: { $0.source == source }) { identifiers[i].labels.append(label) }
        } else {
            index[text] = identifiers.count
            identifiers.append(Needle(text: text, labels: [label]))
        }
        return true
    }

    /// Whether normalised text is specific enough to search for.
    public static func isUsable(_ text: [UInt8]) -> Bool {
        guard !text.isEmpty, PHIText.weight(text) >= minimumWeight else { return false }
        if PHIText.isNumeric(text) && text.filter({ $0 != 0x20 }).count < minimumDigits { return false }
        return !ignoredValues.contains(String(decoding: text, as: UTF8.self))
    }

    /// Adds a person name: the family, given and middle name of each component group (split on
    /// "^" and "="; prefixes and suffixes such as "DR" or "JR" are left out) and the name as a
    /// whole. With `splitOnSpaces` (display forms such as "John A. Smith" or "SMITH, JOHN"),
    /// every word is a component too.
    public mutating func add(personName value: String, kind: String, source: Source, splitOnSpaces: Bool = false) {
        var whole: [String] = []
        for group in value.split(separator: "=", omittingEmptySubsequences: false) {
            let components = group.split(separator: "^", omittingEmptySubsequences: false).prefix(3).map(String.init)
            for c in components {
                add(identifier: c, kind: kind, source: source)
                if splitOnSpaces {
                    for word in c.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." }) {
                        add(identifier: String(word), kind: kind, source: source)
                    }
                }
            }
            whole.append(components.joined(separator: " "))
        }
        for w in whole { add(identifier: w, kind: kind, source: source) }
    }

    /// Adds an original UID (ignored when empty or a standard UID of the 1.2.840.10008 root).
    public mutating func add(uid value: String, kind: String, source: Source) {
        let uid = value.trimmingCharacters(in: [" ", "\0"])
        guard !uid.isEmpty, !uid.hasPrefix("1.2.840.10008.") else { return }
        if let existing = uids[uid], existing.source == .manifest || source == .original { return }
        uids[uid] = Label(kind: kind, source: source)
    }

    /// Records a date ("YYYYMMDD", or any form `AuditDates.compact` reads) of the patient whose
    /// files carry `patientID` (an original ID or its pseudonym).
    public mutating func add(date value: String, patientID: String, kind: String, source: Source) {
        guard let date = AuditDates.compact(value), !AuditDates.isDummy(date) else { return }
        let id = patientID.trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty else { return }
        if let existing = patientDates[id]?[date], existing.source == .manifest || source == .original { return }
        patientDates[id, default: [:]][date] = Label(kind: kind, source: source)
    }

    /// Adds what one original file identifies: its identifying values and UIDs, and its dates
    /// under its Patient ID and, when known, under that ID's pseudonym.
    public mutating func add(_ original: OriginalIdentifiers, pseudonym: String? = nil) {
        // The files of a series repeat the same values: each is taken once.
        for v in original.values where addedOriginals.insert(v).inserted {
            if v.isPersonName { add(personName: v.text, kind: v.kind, source: .original) } else {
                add(identifier: v.text, kind: v.kind, source: .original)
            }
        }
        for u in original.uids { add(uid: u.text, kind: u.kind, source: .original) }
        guard let id = original.patientID else { return }
        for d in original.datedValues where addedOriginalDates.insert(OriginalIdentifiers.Value(text: d.text, kind: id, isPersonName: false)).inserted {
            for patient in [id, pseudonym].compactMap({ $0 }) {
                add(date: d.text, patientID: patient, kind: d.kind, source: .original)
            }
        }
    }

    /// The matcher over every identifier needle, in the order of `identifiers`.
    public func matcher() -> PHIMatcher {
        PHIMatcher(normalizedNeedles: identifiers.map(\.text))
    }
}
