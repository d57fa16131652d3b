import Foundation
import Imaging

/// Reads NIfTI-1 and NIfTI-2 files: .nii, .nii.gz, .hdr/.img and .hdr.gz/.img.gz,
/// in either byte order. Voxel data is kept as stored (not scaled), in host byte order.
public enum NIfTIReader {
    public struct Options: Sendable {
        /// Largest voxel data (in memory) the reader accepts; larger headers are rejected
        /// before anything is allocated. Default 16 GiB.
        public var maxDataBytes: Int
        /// zlib's read buffer.
        public var bufferSize: Int

        public init(maxDataBytes: Int = 1 << 34, bufferSize: Int = 1 << 20) {
            self.maxDataBytes = maxDataBytes
            self.bufferSize = bufferSize
        }
    }

    /// Reads the header and its extensions only (no voxel data), e.g. for `medsynth info`.
    /// Works for a .hdr whose .img is missing.
    public static func readHeader(at path: String, options: Options = Options()) throws -> NIfTIHeader {
        try openHeader(at: path, options: options).header
    }

    /// Reads the whole image.
    public static func read(at path: String, options: Options = Options()) throws -> NIfTIImage {
        let opened = try openHeader(at: path, options: options)
        let h = opened.header
        let layout = opened.layout

        // The stream positioned at vox_offset: the same file for single files, the .img for pairs.
        let stream: GzipStream
        let dataPath: String
        if h.isPairMagic {
            let candidates = NIfTIFileNames.imageCandidates(forHeader: opened.headerPath)
            guard let img = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw NIfTIError(path: opened.headerPath, reason: .missingImageFile(candidates.first ?? "(no .img name for this file)"))
            }
            dataPath = img
            stream = try GzipStream.openForReading(img, bufferSize: options.bufferSize)
            try checkSize(dataPath, offset: h.voxOffset, layout: layout)
            let skipped = try stream.readBytes(h.voxOffset).count
            if skipped < h.voxOffset {
                throw NIfTIError(path: img, reason: .voxOffsetPastEnd(offset: h.voxOffset, fileSize: skipped))
            }
        } else {
            dataPath = opened.headerPath
            stream = opened.stream
            try checkSize(dataPath, offset: h.voxOffset, layout: layout)
        }
        defer { try? stream.close() }

        let data = try readData(stream, layout: layout, byteOrder: h.byteOrder, path: dataPath)
        var shape = layout.shape
        while shape.count < 3 { shape.append(1) }
        let geometry = Geometry(affine: h.bestAffine, timeStep: h.timeStepSeconds)
        do {
            let volume = try Volume(voxelType: layout.dataType.voxelType, shape: shape, geometry: geometry,
                                    scale: h.scale, data: data)
            return NIfTIImage(header: h, volume: volume)
        } catch {
            throw NIfTIError(path: path, reason: .io("cannot build the volume: \(error)"))
        }
    }

    /// Reads the volume only.
    public static func readVolume(at path: String, options: Options = Options()) throws -> Volume {
        try read(at: path, options: options).volume
    }

    // MARK: - Steps

    private struct OpenedHeader {
        let header: NIfTIHeader
        let layout: NIfTIHeader.DataLayout
        let headerPath: String
        /// For single files, positioned at vox_offset.
        let stream: GzipStream
    }

    /// Opens the header file, decodes and validates the header, reads the extensions and,
    /// for single files, leaves the stream at vox_offset.
    private static func openHeader(at path: String, options: Options) throws -> OpenedHeader {
        let headerPath = NIfTIFileNames.headerForReading(path)
        let stream = try GzipStream.openForReading(headerPath, bufferSize: options.bufferSize)
        var bytes = try stream.readBytes(4)
        let (version, _) = try NIfTIHeaderCodec.detect(bytes, path: headerPath)
        bytes += try stream.readBytes(version.headerSize - 4)
        var h = try NIfTIHeaderCodec.decode(bytes, path: headerPath)
        let layout = try h.dataLayout(path: headerPath, maxBytes: options.maxDataBytes)

        if h.isPairMagic {
            // Extensions run to the end of the .hdr file (bounded by its real size).
            let rest = try stream.readBytes(1 << 30)
            h.extensions = try NIfTIHeaderCodec.decodeExtensions(rest[...], order: h.byteOrder, path: headerPath)
        } else {
            guard h.voxOffset >= version.headerSize else {
                throw NIfTIError(path: headerPath, reason: .invalidVoxOffset(Double(h.voxOffset)))
            }
            let region = try stream.readBytes(h.voxOffset - version.headerSize)
            if region.count < h.voxOffset - version.headerSize {
                throw NIfTIError(path: headerPath, reason: .voxOffsetPastEnd(offset: h.voxOffset, fileSize: version.headerSize + region.count))
            }
            h.extensions = try NIfTIHeaderCodec.decodeExtensions(region[...], order: h.byteOrder, path: headerPath)
        }
        return OpenedHeader(header: h, layout: layout, headerPath: headerPath, stream: stream)
    }

    /// Checks vox_offset and the data size against the file size before anything large
    /// is read or allocated. For a gzip file the bound is deflate's largest ratio (1032:1),
    /// so a damaged header on a small file cannot make the reader reserve gigabytes.
    private static func checkSize(_ path: String, offset: Int, layout: NIfTIHeader.DataLayout) throws {
        guard let size = fileSize(path) else { return }
        if isGzip(path) {
            let (bound, o) = size.multipliedReportingOverflow(by: 1032)
            if !o, offset > bound - layout.storedBytes + 65536 {
                throw NIfTIError(path: path, reason: .compressedFileTooSmall(neededBytes: offset &+ layout.storedBytes, compressedBytes: size))
            }
            return
        }
        guard offset <= size else {
            throw NIfTIError(path: path, reason: .voxOffsetPastEnd(offset: offset, fileSize: size))
        }
        if size - offset < layout.storedBytes {
            throw NIfTIError(path: path, reason: .truncatedData(expectedBytes: layout.storedBytes, gotBytes: size - offset))
        }
    }

    /// Reads the voxel data straight into the result, swaps bytes for the other byte order
    /// and unpacks 1-bit data (least significant bit first) to one byte per voxel.
    private static func readData(_ stream: GzipStream, layout: NIfTIHeader.DataLayout,
                                 byteOrder: NIfTIByteOrder, path: String) throws -> [UInt8] {
        let stored = layout.storedBytes
        if layout.dataType == .binary {
            let packed = try readExactly(stream, stored, path: path)
            let n = layout.voxelCount
            return [UInt8](unsafeUninitializedCapacity: n) { out, count in
                for i in 0..<n { out[i] = (packed[i >> 3] >> UInt8(i & 7)) & 1 }
                count = n
            }
        }
        var data = try readExactly(stream, stored, path: path)
        if byteOrder != .host {
            data.withUnsafeMutableBytes { ByteSwap.swap($0, componentSize: layout.dataType.componentSize) }
        }
        return data
    }

    private static func readExactly(_ stream: GzipStream, _ count: Int, path: String) throws -> [UInt8] {
        var got = 0
        let data = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            got = try stream.read(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = got
        }
        guard got == count else {
            throw NIfTIError(path: path, reason: .truncatedData(expectedBytes: count, gotBytes: got))
        }
        return data
    }

    private static func isGzip(_ path: String) -> Bool {
        guard let f = fopen(path, "rb") else { return false }
        defer { fclose(f) }
        var magic: [UInt8] = [0, 0]
        return fread(&magic, 1, 2, f) == 2 && magic == [0x1F, 0x8B]
    }

    private static func fileSize(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_size)
    }
}
