import CZlib

/// Raw deflate streams (no zlib or gzip wrapper), as stored inside zip archives, and CRC-32,
/// through zlib.
enum RawDeflate {
    /// Inflates `input` into exactly `expectedSize` bytes; nil when the stream is corrupt,
    /// ends early or holds more than `expectedSize` bytes.
    static func inflate(_ input: ArraySlice<UInt8>, expectedSize: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        // One spare byte so that a stream holding more than expected is noticed.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var status: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { status = Z_DATA_ERROR; return }
                stream.next_in = UnsafeMutablePointer(mutating: inBase)
                stream.next_out = outBase
                var inLeft = inBuffer.count, outLeft = outBuffer.count
                while status == Z_OK {
                    let inChunk = min(inLeft, Int(UInt32.max)), outChunk = min(outLeft, Int(UInt32.max))
                    stream.avail_in = uInt(inChunk)
                    stream.avail_out = uInt(outChunk)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    inLeft -= inChunk - Int(stream.avail_in)
                    outLeft -= outChunk - Int(stream.avail_out)
                    if status == Z_OK && (inChunk - Int(stream.avail_in) == 0) && (outChunk - Int(stream.avail_out) == 0) {
                        status = Z_BUF_ERROR  // no progress: input ended before the stream did
                    }
                }
                produced = outBuffer.count - outLeft
            }
        }
        guard status == Z_STREAM_END, produced == expectedSize else { return nil }
        output.removeLast()
        return output
    }

    /// Deflates `input` (zlib's default level, as `numpy.savez_compressed`).
    static func deflate(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        guard input.count <= Int(UInt32.max) else { return nil }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        var status: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                guard let outBase = outBuffer.baseAddress else { status = Z_BUF_ERROR; return }
                stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBase
                stream.avail_out = uInt(outBuffer.count)
                status = CZlib.deflate(&stream, Z_FINISH)
                produced = outBuffer.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(produced...)
        return output
    }

    /// CRC-32 (the zip and gzip checksum).
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: uLong = CZlib.crc32(0, nil, 0)
        bytes.withUnsafeBufferPointer { b in
            var offset = 0
            while offset < b.count {
                let n = min(b.count - offset, Int(UInt32.max))
                crc = CZlib.crc32(crc, b.baseAddress.map { $0 + offset }, uInt(n))
                offset += n
            }
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
