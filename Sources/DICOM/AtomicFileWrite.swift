import Imaging

/// The DICOM module's use of `AtomicFile`, mapping its errors to `DicomError`.
enum AtomicFileWrite {
    static func write(to path: String, _ body: (String) throws -> Void) throws {
        do {
            try AtomicFile.write(to: path, body)
        } catch let e as AtomicFile.WriteError {
            throw DicomError(.write, path: path, e.reason)
        }
    }
}
