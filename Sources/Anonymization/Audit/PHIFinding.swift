/// One place where a de-identified release still shows protected health information.
/// A finding never carries the PHI value itself: `hint` says what kind of identifier it is
/// and how long, so a report can be shared with whoever fixes the release.
public struct PHIFinding: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        /// A person name element (PN, any tag, any depth) that is neither empty, "ANONYMIZED",
        /// nor (Patient's Name only) the file's Patient ID pseudonym.
        case personName = "person_name"
        /// A date that was not shifted: in a file not marked MODIFIED, or equal to the
        /// original's date at the same attribute or of the same patient.
        case unshiftedDate = "unshifted_date"
        /// An identifying value of the original archive found in an element.
        case identifier
        /// A UID of the original archive still present.
        case originalUID = "original_uid"
        /// An identifier in a file or folder name.
        case pathName = "path_name"
        /// A file whose pixels may carry burned-in text and that was not redacted.
        case unredactedPixels = "unredacted_pixels"
        /// Text OCR read in the pixels of a file at risk of burned-in text (box and confidence in the hint).
        case pixelText = "pixel_text"
        /// A value the simulated archive's manifest planted, still present.
        case plantedPHI = "planted_phi"
        /// A file of the release that cannot be read (a release must not hold files nobody can check).
        case unreadable

        /// Position in the report's order (the order of the cases).
        public var rank: Int { Kind.allCases.firstIndex(of: self) ?? 0 }

        public static func < (a: Kind, b: Kind) -> Bool { a.rank < b.rank }
    }

    public var kind: Kind
    /// The file (or folder, ending in "/") relative to the audited folder.
    public var file: String
    /// The attribute path (`RequestAttributesSequence[0].AccessionNumber`, `(0009,1010)` for
    /// private elements), "PixelData" for burned-in text; nil for names, unreadable files and
    /// the content of non-DICOM files.
    public var attribute: String?
    /// What the value is: the keyword of the original attribute it came from ("PatientName"),
    /// or the manifest's kind ("patient_name"); nil where it does not apply.
    public var identifierKind: String?
    /// A masked description: the kind of identifier and its length, never the value.
    public var hint: String

    public init(kind: Kind, file: String, attribute: String? = nil, identifierKind: String? = nil, hint: String) {
        self.kind = kind
        self.file = file
        self.attribute = attribute
        self.identifierKind = identifierKind
        self.hint = hint
    }

    /// "8 characters", "1 character".
    public static func length(_ n: Int) -> String { n == 1 ? "1 character" : "\(n) characters" }
}
