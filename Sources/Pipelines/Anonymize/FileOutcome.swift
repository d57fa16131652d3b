import Anonymization

/// One line of the anonymizer's JSON-lines log: what happened to one input file.
/// It never holds PHI: the input is named by its keyed token (its relative path only with
/// `--log-input-paths`), reasons and warnings name attributes, not values.
public struct FileOutcome: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// De-identified and written to the release.
        case written
        /// Its output was already there from an earlier run (resume); not rewritten.
        case alreadyWritten = "already_written"
        /// Not a DICOM file; not copied anywhere.
        case skipped
        /// Copied to the quarantine folder with the reason; not released.
        case quarantined
        /// Could not be processed nor quarantined (e.g. unreadable permissions).
        case failed
    }

    public var inputID: String
    public var input: String?
    public var status: Status
    /// Path relative to the release folder.
    public var output: String?
    public var actions: [String: Int]?
    public var pixels: String?
    /// Text boxes OCR found (boxes and confidence only, never the text).
    public var textBoxes: [DetectedText]?
    public var warnings: [String]?
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case inputID = "input_id", input, status, output, actions, pixels, textBoxes = "ocr_text_boxes", warnings, reason
    }
}
