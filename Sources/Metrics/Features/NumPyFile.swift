import Foundation
import Imaging

/// Reading and writing NumPy `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Reading accepts float (`f2`, `f4`, `f8`), integer (`i1`...`i8`, `u1`...`u8`) and bool
/// arrays of any rank, in either byte order and in C or Fortran order; the result is
/// always C order and little-endian (big-endian data is byte-swapped, Fortran-order data
/// transposed into C order with the same shape). Object, string, complex and structured
/// arrays are refused with an error naming the file. Writing produces the bytes `numpy.save`
/// produces (version 1.0 header, C order, little-endian).
public enum NumPyFile {
    /// Reads a `.npy` file.
    public static func read(_ path: String) throws -> NumPyArray {
        try decode(readBytes(path), path: path)
    }

    /// Writes a `.npy` file atomically.
    public static func write(_ array: NumPyArray, to path: String) throws {
        try writeBytes(encode(array), to: path)
    }

    /// The bytes of a `.npy` file holding `array`.
    public static func encode(_ array: NumPyArray) -> [UInt8] {
        NumPyHeader(descr: array.dtype.descr, fortranOrder: false, shape: array.shape).encoded + array.bytes
    }

    /// Decodes the bytes of a `.npy` file; `path` names the file (or archive member) in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> NumPyArray {
        func fail(_ reason: String) -> MetricsError { .file(path: path, reason: reason) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.count >= 10 else { throw fail("too short to be a .npy file (\(bytes.count) bytes)") }
        guard Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (the \\x93NUMPY magic is missing)") }
        let major = bytes[6], minor = bytes[7]
        let prefix: Int, headerLength: Int
        switch (major, minor) {
        case (1, 0):
            prefix = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case (2, 0), (3, 0):
            guard bytes.count >= 12 else { throw fail("truncated .npy header (\(bytes.count) bytes)") }
            prefix = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw fail("unsupported .npy format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)")
        }
        guard headerLength <= bytes.count - prefix else {
            throw fail("header length \(headerLength) runs past the end of the file (\(bytes.count) bytes): truncated or corrupt")
        }
        let headerBytes = bytes[prefix..<(prefix + headerLength)]
        let text: String
        if major == 3 {
            guard let t = String(validating: headerBytes, as: UTF8.self) else { throw fail("header is not valid UTF-8") }
            text = t
        } else {
            text = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))  // latin-1
        }
        let header = try NumPyHeader.parse(text, fail: fail)
        guard let dtype = NumPyDType(descr: header.descr) else {
            throw fail("dtype '\(header.descr)' is not supported (supported: float f2/f4/f8, integer i1-i8/u1-u8, bool b1)")
        }
        guard let count = NumPyArray.elementCount(header.shape),
              let needed = count.multipliedReportingOverflowOrNil(by: dtype.byteSize) else {
            throw fail("shape \(header.shape) is invalid or its size overflows")
        }
        let start = prefix + headerLength
        let available = bytes.count - start
        guard available >= needed else {
            throw fail("data holds \(available) bytes but shape \(header.shape) of \(header.descr) needs \(needed): the file is truncated")
        }
        guard available == needed else {
            throw fail("\(available - needed) unexpected bytes after the array data (shape \(header.shape), \(header.descr))")
        }
        var data = Array(bytes[start..<(start + needed)])
        if dtype.isBigEndian { swapBytes(&data, size: dtype.byteSize) }
        if header.fortranOrder && header.shape.count > 1 {
            data = fortranToC(data, shape: header.shape, size: dtype.byteSize)
        }
        return try NumPyArray(dtype: dtype, shape: header.shape, bytes: data)
    }

    /// Reverses the bytes of every `size`-byte element in place.
    static func swapBytes(_ data: inout [UInt8], size: Int) {
        data.withUnsafeMutableBufferPointer { b in
            var i = 0
            while i + size <= b.count {
                var lo = i, hi = i + size - 1
                while lo < hi { b.swapAt(lo, hi); lo += 1; hi -= 1 }
                i += size
            }
        }
    }

    /// Reorders elements stored with the first index fastest into C order (last index fastest).
    static func fortranToC(_ data: [UInt8], shape: [Int], size: Int) -> [UInt8] {
        let rank = shape.count
        var fortranStride = [Int](repeating: 1, count: rank)
        for a in 1..<rank { fortranStride[a] = fortranStride[a - 1] * shape[a - 1] }
        let count = data.count / size
        var out = [UInt8](repeating: 0, count: data.count)
        guard count > 0 else { return out }
        var index = [Int](repeating: 0, count: rank)
        var source = 0
        data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for c in 0..<count {
                    for b in 0..<size { dst[c * size + b] = src[source * size + b] }
                    // Odometer over the C-order index, last axis fastest.
                    var a = rank - 1
                    while a >= 0 {
                        index[a] += 1
                        source += fortranStride[a]
                        if index[a] < shape[a] { break }
                        source -= fortranStride[a] * shape[a]
                        index[a] = 0
                        a -= 1
                    }
                }
            }
        }
        return out
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw MetricsError.file(path: path, reason: "no such file")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw MetricsError.file(path: path, reason: "cannot read: \((error as NSError).localizedDescription)")
        }
    }

    static func writeBytes(_ bytes: [UInt8], to path: String) throws {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let e as AtomicFile.WriteError {
            throw MetricsError.file(path: path, reason: "cannot write: \(e.reason)")
        }
    }
}
