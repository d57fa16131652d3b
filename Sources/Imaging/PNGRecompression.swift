import CZlib

/// Re-deflates the image data of a PNG at a chosen zlib level. libpng's
/// simplified writer has no compression setting (it always uses zlib's default,
/// level 6), so `PNGCodec` writes with it and, for other levels, inflates the
/// IDAT stream and deflates it again. The filtered scanlines libpng chose are
/// kept byte for byte; only their compression changes.
enum PNGRecompression {
    static func recompress(_ stream: PNGChunkStream, level: Int, name: String) throws(PNGError) -> PNGChunkStream {
        guard let header = stream.header, !header.interlaced, let rawCount = header.filteredByteCount else {
            throw PNGError(.writeFailed, path: name, reason: "libpng produced a stream without a usable header")
        }
        guard let raw = inflate(stream.imageData, count: rawCount) else {
            throw PNGError(.writeFailed, path: name, reason: "cannot inflate libpng's image data")
        }
        guard let packed = deflate(raw, level: level) else {
            throw PNGError(.writeFailed, path: name, reason: "zlib cannot deflate at level \(level)")
        }
        return stream.replacingImageData(with: packed)
    }

    /// Inflates a zlib stream that must hold exactly `count` bytes; nil otherwise.
    static func inflate(_ compressed: [UInt8], count: Int) -> [UInt8]? {
        var length = uLongf(count)
        var status: Int32 = Z_OK
        let raw = [UInt8](unsafeUninitializedCapacity: count) { buffer, n in
            compressed.withUnsafeBufferPointer { src in
                status = uncompress(buffer.baseAddress, &length, src.baseAddress, uLong(src.count))
            }
            n = status == Z_OK ? Int(length) : 0
        }
        return status == Z_OK && raw.count == count ? raw : nil
    }

    /// Deflates bytes into a zlib stream at `level` (0...9); nil on a zlib error.
    static func deflate(_ raw: [UInt8], level: Int) -> [UInt8]? {
        let bound = Int(compressBound(uLong(raw.count)))
        var length = uLongf(bound)
        var status: Int32 = Z_OK
        let packed = [UInt8](unsafeUninitializedCapacity: bound) { buffer, n in
            raw.withUnsafeBufferPointer { src in
                status = compress2(buffer.baseAddress, &length, src.baseAddress, uLong(src.count), Int32(level))
            }
            n = status == Z_OK ? Int(length) : 0
        }
        return status == Z_OK ? packed : nil
    }
}
