import Foundation
import Imaging

/// Writes NIfTI-1 or NIfTI-2 files. The form follows the name extension: .nii,
/// .nii.gz (streamed through zlib), .hdr/.img or .hdr.gz/.img.gz (either name of
/// the pair may be given). Files are written to a temporary name and renamed
/// into place. Data is written in host byte order, as stored in the volume.
public enum NIfTIWriter {
    /// Writes `volume` with a new header: sform and qform from its affine (codes from
    /// `options`, default 1 = scanner), descrip, intent, xyzt_units, extensions and
    /// scl_slope/scl_inter from `volume.scale` (0/0 when nil, meaning "not scaled").
    public static func write(_ volume: Volume, to path: String, options: NIfTIWriteOptions = NIfTIWriteOptions()) throws {
        try write(NIfTIImage(volume: volume, options: options), to: path, options: options)
    }

    /// Writes `image`, keeping its header fields except those the volume decides
    /// (see `NIfTIImage.headerForWriting`). From `options` only `version`,
    /// `compressionLevel` and, when the affine changed and the header has no codes,
    /// `sformCode`/`qformCode` apply.
    public static func write(_ image: NIfTIImage, to path: String, options: NIfTIWriteOptions = NIfTIWriteOptions()) throws {
        let names = try NIfTIFileNames.forWriting(path)
        var h = try image.headerForWriting(options: options, path: path)
        let extensionBytes = NIfTIHeaderCodec.encodeExtensions(h.extensions)
        let single = !names.isPair
        let versionDigit = h.version == .nifti1 ? "1" : "2"
        h.magic = (single ? "n+" : "ni") + versionDigit
        h.voxOffset = single ? h.version.headerSize + extensionBytes.count : 0
        h.byteOrder = .host
        let headerBytes = NIfTIHeaderCodec.encode(h) + extensionBytes
        let level = options.compressionLevel

        let volume = image.volume
        let packed: [UInt8]? = volume.voxelType == .bool1 ? packBits(volume.data) : nil

        func writeData(_ stream: GzipStream) throws {
            if let p = packed { try stream.write(p) } else { try stream.write(volume.data) }
        }

        if single {
            try atomically(names.headerPath) { tmp in
                let s = try GzipStream.openForWriting(tmp, compressed: names.compressed, level: level,
                                                      bufferSize: 1 << 20, reportPath: names.headerPath)
                try s.write(headerBytes)
                try writeData(s)
                try s.close()
            }
        } else {
            // Both halves go to temporary names first; both are renamed only when both are complete.
            let imgTmp = AtomicFile.temporaryPath(for: names.imagePath)
            let hdrTmp = AtomicFile.temporaryPath(for: names.headerPath)
            do {
                let si = try GzipStream.openForWriting(imgTmp, compressed: names.compressed, level: level,
                                                       bufferSize: 1 << 20, reportPath: names.imagePath)
                try writeData(si)
                try si.close()
                let sh = try GzipStream.openForWriting(hdrTmp, compressed: names.compressed, level: level,
                                                       bufferSize: 1 << 16, reportPath: names.headerPath)
                try sh.write(headerBytes)
                try sh.close()
                try commit(imgTmp, to: names.imagePath)
                try commit(hdrTmp, to: names.headerPath)
            } catch {
                unlink(imgTmp)
                unlink(hdrTmp)
                throw error
            }
        }
    }

    /// One bit per voxel, least significant bit first (the reader's order).
    static func packBits(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: (bytes.count + 7) / 8)
        for i in 0..<bytes.count where bytes[i] != 0 { out[i >> 3] |= 1 << UInt8(i & 7) }
        return out
    }

    private static func atomically(_ destination: String, _ body: (String) throws -> Void) throws {
        let tmp = AtomicFile.temporaryPath(for: destination)
        do {
            try body(tmp)
        } catch {
            unlink(tmp)
            throw error
        }
        try commit(tmp, to: destination)
    }

    private static func commit(_ tmp: String, to destination: String) throws {
        do {
            try AtomicFile.commit(temporary: tmp, to: destination)
        } catch let e as AtomicFile.WriteError {
            throw NIfTIError(path: destination, reason: .io(e.reason))
        }
    }
}
