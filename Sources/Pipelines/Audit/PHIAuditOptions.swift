import Foundation

/// Settings of `medsynth audit phi`.
public struct PHIAuditOptions: Sendable {
    /// The de-identified release to audit (a folder, searched recursively).
    public var output: String
    /// The original archive the release was made from: its identifying values, UIDs and dates
    /// are what the audit looks for.
    public var original: String?
    /// A simulated archive's `manifest.json`: every planted value is looked for.
    public var manifest: String?
    /// The anonymizer's key file: finds each patient's pseudonym and each input file's output
    /// file, for the per-patient date check and the burned-in text boxes.
    public var keyFile: String?
    /// The anonymizer's lookup table of Patient ID pseudonyms (CSV `original_id,pseudonym`),
    /// when it was given one; needs `keyFile`.
    public var lookupFile: String?
    /// Folders (relative to `output`) left out of the audit, e.g. a quarantine folder.
    public var excluded: [String]
    /// Also search the text of non-DICOM files (CSV, JSON, text) for identifiers.
    public var scanOtherFiles: Bool
    /// Files read at once.
    public var workers: Int
    /// Read the pixels of every release file at risk of burned-in text with OCR (Tesseract):
    /// each text box found is a `pixel_text` finding.
    public var ocr: Bool
    /// OCR words Tesseract is less sure of (0...100) are ignored.
    public var ocrMinimumConfidence: Double
    public var ocrLanguage: String

    /// Non-DICOM files larger than this are listed but not searched.
    public static let maximumTextFileBytes = 64 << 20

    public init(output: String, original: String? = nil, manifest: String? = nil, keyFile: String? = nil,
                lookupFile: String? = nil, excluded: [String] = [], scanOtherFiles: Bool = true,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, ocr: Bool = false,
                ocrMinimumConfidence: Double = 0, ocrLanguage: String = "eng") {
        self.output = output
        self.original = original
        self.manifest = manifest
        self.keyFile = keyFile
        self.lookupFile = lookupFile
        self.excluded = excluded
        self.scanOtherFiles = scanOtherFiles
        self.workers = workers
        self.ocr = ocr
        self.ocrMinimumConfidence = ocrMinimumConfidence
        self.ocrLanguage = ocrLanguage
    }
}
