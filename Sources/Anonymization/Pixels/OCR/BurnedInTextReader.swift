import DICOM
import Imaging

/// OCR of DICOM pixels for burned-in text, shared by concurrent workers: Tesseract engines
/// (`TextRecognizerPool`, one model load each) and how their words become boxes
/// (`BurnedInTextDetector`).
public final class BurnedInTextReader: @unchecked Sendable {
    public let pool: TextRecognizerPool
    public let detector: BurnedInTextDetector

    /// Loads one engine at once, so a missing Tesseract or model is reported before any work.
    public init(language: String = "eng", minimumConfidence: Double = 0) throws(AnonymizationError) {
        pool = try TextRecognizerPool(language: language)
        detector = BurnedInTextDetector(minimumConfidence: minimumConfidence)
    }

    /// The Tesseract version, language and model folder, for reports.
    public var engineDescription: String { pool.engineDescription }

    /// The text boxes in a file's pixels (decoded when compressed) as they look once `regions`
    /// are blanked, i.e. as a release would show them. Never the text read.
    public func read(_ file: DicomFile, blanking regions: [PixelRegion] = []) throws -> [DetectedText] {
        let native = try PixelRedactor.redact(file, regions: regions)
        return try pool.withRecognizer { try detector.detect(native, path: file.path, recognizer: $0) }
    }
}
