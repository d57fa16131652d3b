import Imaging

/// One identifier planted in the archive, and where: an attribute of every file of a series,
/// a folder name, or a box of burned-in text in one file's pixels.
public struct PlantedPHI: Sendable, Codable, Equatable {
    /// How the value appears where it is planted.
    public enum Match: String, Sendable, Codable {
        /// The element's value (one of its values, for multi-valued elements) equals `value`.
        case exact
        /// `value` occurs inside the element's text, the folder name, or the burned-in text.
        case contains
    }

    /// What the value is: "patient_name", "patient_id", "birth_date", "phone", "uid", ...
    public var kind: String
    public var value: String
    public var match: Match
    /// Series Instance UID of the series in every file of which the attribute holds the value.
    public var series: String?
    /// The attribute path (`RequestAttributesSequence[0].AccessionNumber`, `(0009,1010)` for private elements).
    public var attribute: String?
    /// A folder (relative to the archive) whose last component contains the value.
    public var folder: String?
    /// The file (relative to the archive) whose pixels carry the value as burned-in text.
    public var file: String?
    /// Where the burned-in text lies in that file's pixels.
    public var pixelBox: PixelRegion?

    public static func attribute(_ kind: String, _ value: String, series: String, path: String, match: Match = .exact) -> PlantedPHI {
        PlantedPHI(kind: kind, value: value, match: match, series: series, attribute: path)
    }
}
