import Foundation

/// Tesseract's C API (`libtesseract-dev`), opened with `dlopen` the first time OCR is asked for.
///
/// Linking libtesseract would load its 56 shared libraries into every medsynth command
/// (12 ms more per start, measured with hyperfine); only runs that use OCR pay for it here.
/// The functions are those of `tesseract/capi.h`, with the same C signatures.
final class TesseractLibrary: @unchecked Sendable {
    typealias Handle = OpaquePointer
    let create: @convention(c) () -> Handle?
    let delete: @convention(c) (Handle) -> Void
    let end: @convention(c) (Handle) -> Void
    let initialize: @convention(c) (Handle, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    let setPageSegMode: @convention(c) (Handle, Int32) -> Void
    let setVariable: @convention(c) (Handle, UnsafePointer<CChar>, UnsafePointer<CChar>) -> Int32
    let setImage: @convention(c) (Handle, UnsafePointer<UInt8>, Int32, Int32, Int32, Int32) -> Void
    let setSourceResolution: @convention(c) (Handle, Int32) -> Void
    let recognize: @convention(c) (Handle, OpaquePointer?) -> Int32
    let getIterator: @convention(c) (Handle) -> OpaquePointer?
    let clear: @convention(c) (Handle) -> Void
    let resultIteratorDelete: @convention(c) (OpaquePointer) -> Void
    let resultIteratorNext: @convention(c) (OpaquePointer, Int32) -> Int32
    let resultIteratorText: @convention(c) (OpaquePointer, Int32) -> UnsafeMutablePointer<CChar>?
    let resultIteratorConfidence: @convention(c) (OpaquePointer, Int32) -> Float
    let resultIteratorPageIterator: @convention(c) (OpaquePointer) -> OpaquePointer?
    let pageIteratorBoundingBox: @convention(c) (OpaquePointer, Int32, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>,
                                                 UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Int32
    let deleteText: @convention(c) (UnsafePointer<CChar>) -> Void
    let versionFunction: @convention(c) () -> UnsafePointer<CChar>?

    /// `PSM_SPARSE_TEXT`: find as much text as possible in no particular order (overlays).
    static let pageSegModeSparseText: Int32 = 11
    /// `RIL_WORD` of `TessPageIteratorLevel`.
    static let levelWord: Int32 = 3

    /// The library's version, e.g. "5.3.0".
    var version: String { versionFunction().map { String(cString: $0) } ?? "unknown" }

    /// The shared instance, or the reason it cannot be loaded.
    static let shared: Result<TesseractLibrary, AnonymizationError> = {
        // Tesseract's OpenMP threads would compete with medsynth's own workers (one engine per
        // worker): one thread each, unless the user set the limit. libgomp reads it when loaded.
        setenv("OMP_THREAD_LIMIT", "1", 0)
        let names = ["libtesseract.so.5", "libtesseract.so", "libtesseract.5.dylib", "libtesseract.dylib"]
        var lastError = ""
        for name in names {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                return Result { () throws(AnonymizationError) in try TesseractLibrary(handle) }
            }
            if let e = dlerror() { lastError = String(cString: e) }
        }
        return .failure(AnonymizationError(.ocr, "Tesseract is not installed (\(lastError)): install the Debian packages libtesseract-dev and tesseract-ocr-eng (make deps does)"))
    }()

    private init(_ library: UnsafeMutableRawPointer) throws(AnonymizationError) {
        func symbol<T>(_ name: String, as type: T.Type) throws(AnonymizationError) -> T {
            guard let p = dlsym(library, name) else {
                throw AnonymizationError(.ocr, "the Tesseract library has no \(name): a Tesseract 4 or 5 C API is needed")
            }
            return unsafeBitCast(p, to: type)
        }
        create = try symbol("TessBaseAPICreate", as: (@convention(c) () -> Handle?).self)
        delete = try symbol("TessBaseAPIDelete", as: (@convention(c) (Handle) -> Void).self)
        end = try symbol("TessBaseAPIEnd", as: (@convention(c) (Handle) -> Void).self)
        initialize = try symbol("TessBaseAPIInit3", as: (@convention(c) (Handle, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32).self)
        setPageSegMode = try symbol("TessBaseAPISetPageSegMode", as: (@convention(c) (Handle, Int32) -> Void).self)
        setVariable = try symbol("TessBaseAPISetVariable", as: (@convention(c) (Handle, UnsafePointer<CChar>, UnsafePointer<CChar>) -> Int32).self)
        setImage = try symbol("TessBaseAPISetImage", as: (@convention(c) (Handle, UnsafePointer<UInt8>, Int32, Int32, Int32, Int32) -> Void).self)
        setSourceResolution = try symbol("TessBaseAPISetSourceResolution", as: (@convention(c) (Handle, Int32) -> Void).self)
        recognize = try symbol("TessBaseAPIRecognize", as: (@convention(c) (Handle, OpaquePointer?) -> Int32).self)
        getIterator = try symbol("TessBaseAPIGetIterator", as: (@convention(c) (Handle) -> OpaquePointer?).self)
        clear = try symbol("TessBaseAPIClear", as: (@convention(c) (Handle) -> Void).self)
        resultIteratorDelete = try symbol("TessResultIteratorDelete", as: (@convention(c) (OpaquePointer) -> Void).self)
        resultIteratorNext = try symbol("TessResultIteratorNext", as: (@convention(c) (OpaquePointer, Int32) -> Int32).self)
        resultIteratorText = try symbol("TessResultIteratorGetUTF8Text", as: (@convention(c) (OpaquePointer, Int32) -> UnsafeMutablePointer<CChar>?).self)
        resultIteratorConfidence = try symbol("TessResultIteratorConfidence", as: (@convention(c) (OpaquePointer, Int32) -> Float).self)
        resultIteratorPageIterator = try symbol("TessResultIteratorGetPageIterator", as: (@convention(c) (OpaquePointer) -> OpaquePointer?).self)
        pageIteratorBoundingBox = try symbol("TessPageIteratorBoundingBox", as: (@convention(c) (OpaquePointer, Int32, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Int32).self)
        deleteText = try symbol("TessDeleteText", as: (@convention(c) (UnsafePointer<CChar>) -> Void).self)
        versionFunction = try symbol("TessVersion", as: (@convention(c) () -> UnsafePointer<CChar>?).self)
    }
}
