import Foundation
import Imaging

/// A word Tesseract read in an image: its box in pixels, its confidence (0...100) and its text.
/// The text stays in memory (it is PHI when it is burned-in PHI); reports carry boxes only.
public struct RecognizedWord: Sendable, Equatable {
    public var region: PixelRegion
    public var confidence: Double
    public var text: String
}

/// One Tesseract engine (English by default), reading 8-bit grey images.
///
/// An engine is not thread-safe: give each worker its own (`TextRecognizerPool` lends them).
/// It runs Tesseract's sparse-text page segmentation (PSM 11), which looks for scattered words
/// anywhere in the image, as burned-in overlays are, instead of paragraphs of a page.
public final class TextRecognizer {
    private let library: TesseractLibrary
    private let handle: TesseractLibrary.Handle
    /// The folder holding `<language>.traineddata`.
    public let dataPath: String
    public let language: String

    /// The Tesseract version, e.g. "5.3.0".
    public var version: String { library.version }

    /// Opens Tesseract and loads the language model.
    /// - Parameters:
    ///   - language: a model name (`eng`), or several joined by `+`.
    ///   - dataPath: the folder with the `.traineddata` files; default `$TESSDATA_PREFIX`, then the
    ///     Debian locations (`/usr/share/tesseract-ocr/5/tessdata`, `.../4.00/tessdata`).
    /// - Throws: `AnonymizationError(.ocr)` when the library or the model is missing.
    public init(language: String = "eng", dataPath: String? = nil) throws(AnonymizationError) {
        let library = try TesseractLibrary.shared.get()
        guard let path = dataPath ?? TextRecognizer.defaultDataPath(language: language) else {
            throw AnonymizationError(.ocr, "no Tesseract model \(language).traineddata found in $TESSDATA_PREFIX or /usr/share/tesseract-ocr/{5,4.00}/tessdata: install the Debian package tesseract-ocr-\(language) (make deps installs tesseract-ocr-eng)")
        }
        for part in language.split(separator: "+") {
            let model = path + "/" + part + ".traineddata"
            guard FileManager.default.isReadableFile(atPath: model) else {
                throw AnonymizationError(.ocr, path: model, "the Tesseract model is missing or unreadable (install tesseract-ocr-\(part))")
            }
        }
        guard let handle = library.create() else {
            throw AnonymizationError(.ocr, "Tesseract could not create an engine")
        }
        guard library.initialize(handle, path, language) == 0 else {
            library.delete(handle)
            throw AnonymizationError(.ocr, path: path, "Tesseract could not load the \(language) model from this folder")
        }
        library.setPageSegMode(handle, TesseractLibrary.pageSegModeSparseText)
        // Quiet: no "Estimating resolution" or debug lines on stderr.
        _ = library.setVariable(handle, "debug_file", "/dev/null")
        self.library = library
        self.handle = handle
        self.dataPath = path
        self.language = language
    }

    deinit {
        library.end(handle)
        library.delete(handle)
    }

    /// The first folder that holds the model: `$TESSDATA_PREFIX` (with or without a `tessdata`
    /// sub-folder), then Debian's folders for Tesseract 5 and 4.
    public static func defaultDataPath(language: String = "eng") -> String? {
        var candidates: [String] = []
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty {
            candidates += [prefix, prefix + "/tessdata"]
        }
        candidates += ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                       "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata"]
        let first = language.split(separator: "+").first.map(String.init) ?? language
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/" + first + ".traineddata") }
    }

    /// The words in an 8-bit grey image (`width * height` bytes, rows top to bottom).
    /// Words without a letter or digit (specks read as punctuation) are left out.
    public func recognize(gray: [UInt8], width: Int, height: Int) throws(AnonymizationError) -> [RecognizedWord] {
        guard width > 0, height > 0, gray.count >= width * height else {
            throw AnonymizationError(.ocr, "image of \(width)x\(height) pixels with \(gray.count) bytes")
        }
        // Tesseract rejects images under 3 pixels a side and guesses a resolution; 70 ppi suits
        // screen captures and keeps it from warning.
        guard width >= 3, height >= 3, width < 32768, height < 32768 else { return [] }
        gray.withUnsafeBufferPointer { p in
            if let base = p.baseAddress {
                library.setImage(handle, base, Int32(width), Int32(height), 1, Int32(width))
            }
        }
        library.setSourceResolution(handle, 70)
        defer { library.clear(handle) }
        guard library.recognize(handle, nil) == 0 else {
            throw AnonymizationError(.ocr, "Tesseract failed to recognize a \(width)x\(height) image")
        }
        guard let iterator = library.getIterator(handle) else { return [] }
        defer { library.resultIteratorDelete(iterator) }
        let level = TesseractLibrary.levelWord
        var words: [RecognizedWord] = []
        repeat {
            guard let raw = library.resultIteratorText(iterator, level) else { continue }
            let text = String(cString: raw)
            library.deleteText(raw)
            guard text.unicodeScalars.contains(where: { CharacterSet.alphanumerics.contains($0) }),
                  let page = library.resultIteratorPageIterator(iterator) else { continue }
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard library.pageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0,
                  right > left, bottom > top else { continue }
            let confidence = Double(library.resultIteratorConfidence(iterator, level))
            words.append(RecognizedWord(region: PixelRegion(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top)),
                                        confidence: confidence, text: text))
        } while library.resultIteratorNext(iterator, level) != 0
        return words
    }
}
