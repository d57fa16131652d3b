/// Everything that can go wrong reading or writing a NIfTI file. Every error
/// names the file and the reason, and says what the user can do about it.
public struct NIfTIError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Why the file could not be read or written.
    public enum Reason: Sendable, Equatable {
        /// The file does not exist or cannot be opened.
        case cannotOpen(String)
        /// The file holds no bytes at all.
        case emptyFile
        /// Fewer bytes than a NIfTI header needs (348 for NIfTI-1, 540 for NIfTI-2).
        case truncatedHeader(got: Int, needed: Int)
        /// `sizeof_hdr` is neither 348 nor 540 in either byte order.
        case notNIfTI(sizeofHdr: Int32)
        /// The magic string is not n+1/ni1 (n+2/ni2): an Analyze 7.5 file or a damaged header.
        case badMagic(String)
        /// `dim[0]` must be 1...7.
        case invalidDimensionCount(Int)
        /// `dim[index]` (1-based, as in the header) is zero or negative.
        case invalidDimension(index: Int, value: Int)
        /// The voxel count or byte size overflows or exceeds the reader's cap.
        case tooLarge(shape: [Int], limitBytes: Int)
        /// A datatype code that is not in the NIfTI standard.
        case unknownDatatype(Int)
        /// `bitpix` does not match the datatype.
        case bitpixMismatch(datatype: Int, bitpix: Int, expected: Int)
        /// `vox_offset` is negative, not finite, or overlaps the header.
        case invalidVoxOffset(Double)
        /// `vox_offset` points past the end of the file.
        case voxOffsetPastEnd(offset: Int, fileSize: Int)
        /// The voxel data ends before the header says it should.
        case truncatedData(expectedBytes: Int, gotBytes: Int)
        /// A gzip file far too small (beyond deflate's 1032:1 ratio) to hold the data the header describes.
        case compressedFileTooSmall(neededBytes: Int, compressedBytes: Int)
        /// A header-only file (.hdr with magic ni1/ni2) whose .img companion is missing.
        case missingImageFile(String)
        /// The path does not end in .nii, .nii.gz, .hdr, .hdr.gz, .img or .img.gz.
        case unsupportedFileExtension
        /// The voxel type has no NIfTI datatype (e.g. rgb48).
        case unsupportedVoxelType(String)
        /// NIfTI-1 stores dimensions as Int16; this shape needs NIfTI-2.
        case dimensionsExceedNIfTI1([Int])
        /// A valid `scl_slope` with a NaN or infinite `scl_inter`.
        case invalidScaling(slope: Double, intercept: Double)
        /// An extension whose size field is inconsistent (pair headers only; see Docs/NIfTI.md).
        case badExtension(String)
        /// The gzip stream is damaged.
        case compression(String)
        /// A read or write system call failed.
        case io(String)
    }

    public let path: String
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "NIfTI file \(path): \(reason.message)" }
}

extension NIfTIError.Reason {
    /// The human-readable reason, with advice where there is any.
    public var message: String {
        switch self {
        case .cannotOpen(let why):
            return "cannot open (\(why)); check the path and its permissions"
        case .emptyFile:
            return "the file is empty (0 bytes); it was probably not written completely"
        case .truncatedHeader(let got, let needed):
            return "the header is truncated (\(got) of \(needed) bytes); the file is damaged or not NIfTI"
        case .notNIfTI(let size):
            return "sizeof_hdr is \(size), expected 348 (NIfTI-1) or 540 (NIfTI-2); this is not a NIfTI file"
        case .badMagic(let magic):
            return "magic is \"\(magic)\", expected n+1/ni1 or n+2/ni2; Analyze 7.5 files are not supported, convert them to NIfTI first (e.g. with nibabel)"
        case .invalidDimensionCount(let n):
            return "dim[0] is \(n), expected 1...7; the header is damaged"
        case .invalidDimension(let i, let v):
            return "dim[\(i)] is \(v); every used dimension must be at least 1"
        case .tooLarge(let shape, let limit):
            return "shape \(shape) needs more than \(limit) bytes (or overflows); raise NIfTIReader.Options.maxDataBytes if the file is genuine"
        case .unknownDatatype(let code):
            return "datatype \(code) is not a NIfTI datatype; the header is damaged"
        case .bitpixMismatch(let dt, let bp, let expected):
            return "bitpix is \(bp) but datatype \(dt) needs \(expected); the header is inconsistent"
        case .invalidVoxOffset(let v):
            return "vox_offset \(v) is invalid (negative, not finite, or inside the header)"
        case .voxOffsetPastEnd(let offset, let size):
            return "vox_offset \(offset) is past the end of the file (\(size) bytes); the file is truncated"
        case .truncatedData(let expected, let got):
            return "the voxel data is truncated (\(got) of \(expected) bytes); the file was not written completely"
        case .compressedFileTooSmall(let needed, let size):
            return "the header describes \(needed) bytes but the compressed file (\(size) bytes) cannot hold that many; the file is truncated or its header is damaged"
        case .missingImageFile(let img):
            return "the header has no image data: \(img) does not exist (header-only files can be read with NIfTIReader.readHeader)"
        case .unsupportedFileExtension:
            return "unknown file name extension; use .nii, .nii.gz, .hdr/.img or .hdr.gz/.img.gz"
        case .unsupportedVoxelType(let t):
            return "voxel type \(t) has no NIfTI datatype; convert the volume first"
        case .dimensionsExceedNIfTI1(let shape):
            return "shape \(shape) does not fit NIfTI-1 (dimensions up to 32767); write NIfTI-2 instead"
        case .invalidScaling(let s, let i):
            return "scl_slope \(s) is valid but scl_inter \(i) is not; the header is damaged"
        case .badExtension(let why):
            return "header extension is damaged: \(why)"
        case .compression(let why):
            return "the gzip stream is damaged (\(why))"
        case .io(let why):
            return "input/output error: \(why)"
        }
    }
}
