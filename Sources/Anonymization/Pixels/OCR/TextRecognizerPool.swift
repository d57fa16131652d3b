import Foundation

/// Lends Tesseract engines to concurrent workers: an engine is used by one thread at a time,
/// and loading the model costs about 0.1 s, so engines are kept and reused.
public final class TextRecognizerPool: @unchecked Sendable {
    public let language: String
    public let dataPath: String?
    private var idle: [TextRecognizer] = []
    private let lock = NSLock()

    /// Creates one engine at once, so a missing library or model is reported before any work.
    public init(language: String = "eng", dataPath: String? = nil) throws(AnonymizationError) {
        self.language = language
        self.dataPath = dataPath
        idle.append(try TextRecognizer(language: language, dataPath: dataPath))
    }

    /// The Tesseract version and model folder, for reports.
    public var engineDescription: String {
        lock.lock()
        defer { lock.unlock() }
        guard let e = idle.first else { return "Tesseract (\(language))" }
        return "Tesseract \(e.version) (\(language), \(e.dataPath))"
    }

    /// Runs `body` with an engine no other thread is using.
    public func withRecognizer<T>(_ body: (TextRecognizer) throws -> T) throws -> T {
        lock.lock()
        let lent = idle.popLast()
        lock.unlock()
        let engine = try lent ?? TextRecognizer(language: language, dataPath: dataPath)
        defer {
            lock.lock()
            idle.append(engine)
            lock.unlock()
        }
        return try body(engine)
    }
}
