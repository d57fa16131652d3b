import DICOM
import Foundation
import Imaging

/// One rule of a redaction rules file (see `RedactionRules` for the format): the kind of image
/// it applies to and the rectangles of burned-in text to blank in it.
///
/// A rule matches a dataset when every criterion it names matches; a criterion it leaves out
/// matches anything. Text criteria compare case-insensitively after trimming spaces; a
/// trailing `*` makes a prefix (`"GE MED*"`), `"*"` alone matches any value, including an absent
/// one, and `""` matches only an absent or empty value.
public struct RedactionRule: Sendable, Codable, Equatable {
    /// The rule's name from the file, or "rule N" when it has none.
    public var name: String
    /// Position of the rule in its file, from 1.
    public var index: Int
    /// Manufacturer (0008,0070).
    public var manufacturer: TextPattern?
    /// Manufacturer's Model Name (0008,1090).
    public var model: TextPattern?
    /// Rows (0028,0010).
    public var rows: Int?
    /// Columns (0028,0011).
    public var columns: Int?
    /// Modality (0008,0060).
    public var modality: TextPattern?
    /// SOP Class UID (0008,0016).
    public var sopClass: TextPattern?
    /// Rectangles to blank. Empty means the images were reviewed and hold nothing to blank.
    public var regions: [PixelRegion]

    public init(name: String, index: Int = 1, manufacturer: TextPattern? = nil, model: TextPattern? = nil,
                rows: Int? = nil, columns: Int? = nil, modality: TextPattern? = nil, sopClass: TextPattern? = nil,
                regions: [PixelRegion]) {
        self.name = name
        self.index = index
        self.manufacturer = manufacturer
        self.model = model
        self.rows = rows
        self.columns = columns
        self.modality = modality
        self.sopClass = sopClass
        self.regions = regions
    }

    /// Whether every criterion of this rule matches the dataset.
    public func matches(_ dataset: Dataset) -> Bool {
        func text(_ pattern: TextPattern?, _ tag: Tag) -> Bool {
            guard let pattern else { return true }
            return pattern.matches(dataset.string(tag))
        }
        func number(_ wanted: Int?, _ tag: Tag) -> Bool {
            guard let wanted else { return true }
            return dataset.int(tag) == wanted
        }
        return text(manufacturer, Tags.manufacturer) && text(model, Tags.manufacturerModelName)
            && number(rows, Tags.rows) && number(columns, Tags.columns)
            && text(modality, Tags.modality) && text(sopClass, Tags.sopClassUID)
    }

    /// A text criterion: an exact value or, with a trailing `*`, a prefix; case-insensitive,
    /// compared after trimming spaces.
    public struct TextPattern: Sendable, Codable, Equatable, CustomStringConvertible {
        /// The pattern as written in the file (trimmed).
        public var text: String

        public init(_ text: String) {
            self.text = text.trimmingCharacters(in: .whitespaces)
        }

        /// Whether `value` (nil when the attribute is absent) matches.
        public func matches(_ value: String?) -> Bool {
            let v = (value ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            let p = text.uppercased()
            if p.hasSuffix("*") {
                // The prefix keeps its spaces: "GE *" matches "GE MEDICAL", not "GEMINI".
                return v.hasPrefix(p.dropLast())
            }
            return v == p
        }

        public var description: String { text }
    }
}
