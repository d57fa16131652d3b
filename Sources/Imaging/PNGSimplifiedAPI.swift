import CPNG

/// The bridge to libpng's "simplified API" (png_image). It is used instead of
/// png_create_read_struct because libpng reports errors of the classic API by
/// longjmp, which must never cross Swift frames; the simplified API catches
/// them with setjmp inside libpng and returns a status plus
/// `png_image.message`.
///
/// The simplified API converts sample values when a file declares a colour
/// space (gAMA, sRGB, iCCP, cHRM) or transparency (tRNS). Callers hand it
/// streams without those chunks (see `PNGChunkStream`); then 8-bit samples
/// pass through as sRGB-to-sRGB and 16-bit ones as linear-to-linear, both
/// unchanged. 16-bit output with an alpha channel is premultiplied by alpha.
enum PNGSimplifiedAPI {
    /// Sample layouts of the simplified API used by medsynth.
    enum Format: UInt32, Sendable {
        case gray = 0                       // PNG_FORMAT_GRAY
        case grayAlpha = 1                  // PNG_FORMAT_GA
        case rgb = 2                        // PNG_FORMAT_RGB
        case rgba = 3                       // PNG_FORMAT_RGBA
        case gray16 = 4                     // PNG_FORMAT_LINEAR_Y
        case grayAlpha16 = 5                // PNG_FORMAT_LINEAR_Y_ALPHA
        case rgb16 = 6                      // PNG_FORMAT_LINEAR_RGB
        case rgba16 = 7                     // PNG_FORMAT_LINEAR_RGB_ALPHA

        var channels: Int { Int(rawValue & 3) + 1 }
        var bytesPerSample: Int { rawValue & 4 != 0 ? 2 : 1 }
        var bytesPerPixel: Int { channels * bytesPerSample }
    }

    /// libpng's message from a failed call.
    static func message(_ image: png_image) -> String {
        let text = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "libpng reported an error without a message" : text
    }

    /// Decodes a PNG held in memory into the format `choose` picks from the
    /// file's own format (PNG_FORMAT_FLAG_* bits), host byte order for 16-bit
    /// samples, rows top to bottom, no padding.
    static func decode(_ bytes: [UInt8], name: String, choose: (UInt32) -> Format) throws(PNGError) -> (format: Format, width: Int, height: Int, pixels: [UInt8]) {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let result: Result<(Format, Int, Int, [UInt8]), PNGError> = bytes.withUnsafeBytes { raw in
            guard png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count) != 0 else {
                let reason = message(image)
                png_image_free(&image)
                return .failure(PNGError(.corrupt, path: name, reason: reason))
            }
            let format = choose(image.format)
            let width = Int(image.width), height = Int(image.height)
            let (rowBytes, o1) = width.multipliedReportingOverflow(by: format.bytesPerPixel)
            let (total, o2) = rowBytes.multipliedReportingOverflow(by: height)
            guard !o1, !o2, rowBytes / format.bytesPerSample <= Int(Int32.max) else {
                png_image_free(&image)
                return .failure(PNGError(.unsupported, path: name, reason: "\(width) x \(height) pixels is too large to decode"))
            }
            image.format = format.rawValue
            var failure: String?
            let pixels = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
                if png_image_finish_read(&image, nil, buffer.baseAddress, 0, nil) != 0 {
                    count = total
                } else {
                    failure = message(image)
                    count = 0
                }
            }
            png_image_free(&image)
            if let failure { return .failure(PNGError(.corrupt, path: name, reason: failure)) }
            return .success((format, width, height, pixels))
        }
        return try result.get()
    }

    /// Encodes pixels (rows top to bottom, host byte order for 16-bit samples)
    /// into a PNG data stream in memory.
    static func encode(_ pixels: [UInt8], width: Int, height: Int, format: Format, name: String) throws(PNGError) -> [UInt8] {
        let rowBytes = width * format.bytesPerPixel
        // Room for the worst case of deflate, one IDAT header per 8 KiB (libpng's default), and small chunks.
        let raw = height * (rowBytes + 1)
        var capacity = raw + raw / 1000 * 2 + (raw / 8192 + 1) * 12 + 4096

        for _ in 0..<2 {
            var image = png_image()
            image.version = UInt32(PNG_IMAGE_VERSION)
            image.width = UInt32(width)
            image.height = UInt32(height)
            image.format = format.rawValue
            var written = capacity
            var ok = false
            let out = pixels.withUnsafeBytes { src in
                [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                    ok = png_image_write_to_memory(&image, buffer.baseAddress, &written, 0, src.baseAddress, 0, nil) != 0
                    count = ok ? written : 0
                }
            }
            let reason = message(image)
            png_image_free(&image)
            if ok { return out }
            // libpng raises `written` above the capacity when only the buffer was too small.
            if written > capacity {
                capacity = written
                continue
            }
            throw PNGError(.writeFailed, path: name, reason: reason)
        }
        throw PNGError(.writeFailed, path: name, reason: "libpng needed more memory than it first asked for")
    }
}
