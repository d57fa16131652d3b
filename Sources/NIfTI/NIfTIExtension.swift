/// One header extension: an `ecode` (e.g. 4 = AFNI, 6 = comment, 2 = DICOM)
/// and its content. As nibabel does, trailing NUL padding is stripped on read
/// and added back on write (each extension is padded to a multiple of 16 bytes).
public struct NIfTIExtension: Sendable, Equatable {
    public var code: Int32
    public var data: [UInt8]

    public init(code: Int32, data: [UInt8]) {
        self.code = code
        self.data = data
    }

    /// A text extension (e.g. code 6, comment).
    public init(code: Int32, text: String) {
        self.init(code: code, data: Array(text.utf8))
    }

    /// Bytes the extension occupies on disk: 8 (esize, ecode) + content, rounded up to 16.
    public var sizeOnDisk: Int { (data.count + 8 + 15) / 16 * 16 }
}
