import Foundation

/// Reads and writes 2D PNG images as `Volume`s through libpng, with the stored
/// sample values returned and written exactly.
///
/// Reading (`read(path:)`, `decode(_:name:)`):
///
/// | PNG                          | Volume voxel type | Notes                                      |
/// |------------------------------|-------------------|--------------------------------------------|
/// | gray 8-bit                   | `.uint8`          |                                            |
/// | gray 1/2/4-bit               | `.uint8`          | values 0 ... 2^n - 1, not scaled to 255    |
/// | gray 16-bit                  | `.uint16`         | host byte order                            |
/// | gray + alpha 8-bit           | `.uint8`          | gray kept, alpha dropped (not composited)  |
/// | gray + alpha 16-bit          | `.uint16`         | only when every pixel is opaque            |
/// | RGB 8-bit / palette          | `.rgb24`          | palette expanded to RGB                    |
/// | RGB 16-bit                   | `.rgb48`          | host byte order                            |
/// | RGBA 8-bit                   | `.rgba32`         | not premultiplied                          |
/// | RGBA 16-bit                  | `.rgb48`          | only when every pixel is opaque            |
///
/// tRNS (transparency) and the colour-space chunks gAMA, sRGB, iCCP and cHRM
/// are ignored: sample values are data, never gamma-converted. 16-bit images
/// with translucent pixels give `PNGError.Kind.unsupported`, because libpng's
/// simplified API premultiplies them.
///
/// Shape is `[width, height, 1]`. Volume index j is the PNG row, so j = 0 is
/// the TOP row of the picture. The geometry is the identity affine with
/// spacing from the pHYs chunk when it is given in metres, else 1 mm; PNG has
/// no origin or direction, so the identity affine is a placeholder (j grows
/// toward +y = anterior in the affine while it grows downward in the picture).
///
/// Writing (`write(_:to:compressionLevel:)`, `encode(_:compressionLevel:)`)
/// takes 2D volumes (depth 1, one frame) of `.uint8`, `.uint16`, `.rgb24`,
/// `.rgba32` or `.rgb48`. It stores x/y spacing as pHYs (rounded to whole
/// pixels per metre) and no colour-space chunk. Origin, direction and an
/// intensity scale are not stored.
public enum PNGCodec {
    /// Name used in errors for in-memory data without a name.
    public static let memoryName = "<memory>"

    /// Voxel types `write` and `encode` accept.
    public static let writableTypes: [VoxelType] = [.uint8, .uint16, .rgb24, .rgba32, .rgb48]

    // MARK: Reading

    /// Reads a PNG file into a 2D volume.
    public static func read(path: String) throws(PNGError) -> Volume {
        let bytes = try readFile(path)
        guard !bytes.isEmpty else { throw PNGError(.corrupt, path: path, reason: "the file is empty (0 bytes)") }
        return try decode(bytes, name: path)
    }

    /// Decodes a PNG held in memory; `name` is used in errors.
    public static func decode(_ bytes: [UInt8], name: String = memoryName) throws(PNGError) -> Volume {
        guard !bytes.isEmpty else { throw PNGError(.corrupt, path: name, reason: "the data is empty (0 bytes)") }
        let stream = PNGChunkStream(bytes)
        // Without colour-space and tRNS chunks libpng returns stored values unchanged.
        let plain = stream.removing(PNGChunkStream.colorimetryAndTransparency).serialized()

        if let header = stream.header, let raw = header.filteredByteCount {
            // zlib cannot expand data more than 1032-fold: a header promising far more
            // pixels than the data can hold is damaged (and must not cause a huge allocation).
            let (limit, o) = stream.compressedByteCount.multipliedReportingOverflow(by: 1032)
            if !o, raw > limit + 1024 {
                throw PNGError(.corrupt, path: name, reason: "the header declares \(header.width) x \(header.height) pixels but the file holds only \(stream.compressedByteCount) bytes of image data (truncated?)")
            }
        }

        // libpng's view of the file decides the layout: colour (bit 2), alpha (bit 1), 16-bit (bit 4);
        // palettes (bit 8) are expanded to RGB.
        let (format, width, height, decoded): (PNGSimplifiedAPI.Format, Int, Int, [UInt8])
        do {
            (format, width, height, decoded) = try PNGSimplifiedAPI.decode(plain, name: name) { file in
                PNGSimplifiedAPI.Format(rawValue: file & 7) ?? .rgb
            }
        } catch where !stream.hasSignature {
            // libpng's message for short non-PNG data ("read beyond end of data") hides the cause.
            throw PNGError(.corrupt, path: name, reason: "not a PNG file: the 8-byte PNG signature is missing (libpng: \(error.reason))")
        } catch where !stream.chunks.contains(where: { $0.type == "IEND" }) {
            throw PNGError(.corrupt, path: name, reason: "\(error.reason); the data stops before the IEND chunk, so the file is probably truncated")
        }
        let lowBitGray: Int? = {
            guard format == .gray, let h = stream.header, h.colorType == 0, [1, 2, 4].contains(h.bitDepth) else { return nil }
            return h.bitDepth
        }()

        var pixels = decoded
        let voxelType: VoxelType
        switch format {
        case .gray:
            voxelType = .uint8
            if let bits = lowBitGray {
                // libpng expands n-bit gray to 8 bits by multiplying by 255 / (2^n - 1).
                let factor = UInt8(255 / ((1 << bits) - 1))
                for i in pixels.indices { pixels[i] /= factor }
            }
        case .grayAlpha:
            voxelType = .uint8
            pixels = dropLastChannel(decoded, channels: 2, sampleBytes: 1)
        case .rgb: voxelType = .rgb24
        case .rgba: voxelType = .rgba32
        case .gray16: voxelType = .uint16
        case .rgb16: voxelType = .rgb48
        case .grayAlpha16, .rgba16:
            try requireOpaque16(decoded, channels: format.channels, name: name)
            voxelType = format == .grayAlpha16 ? .uint16 : .rgb48
            pixels = dropLastChannel(decoded, channels: format.channels, sampleBytes: 2)
        }

        let spacing = stream.pixelSpacing ?? (1, 1)
        do {
            return try Volume(voxelType: voxelType, shape: [width, height, 1],
                              geometry: .identity(spacing: [spacing.x, spacing.y, 1]), data: pixels)
        } catch {
            throw PNGError(.corrupt, path: name, reason: "decoded data does not fit the image size: \(error)")
        }
    }

    // MARK: Writing

    /// Writes a 2D volume as PNG, atomically (temporary file, then rename).
    /// `compressionLevel` is zlib's 0 (none, fastest) ... 9 (smallest).
    public static func write(_ volume: Volume, to path: String, compressionLevel: Int = 6) throws(PNGError) {
        let bytes = try encode(volume, compressionLevel: compressionLevel, name: path)
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let e as AtomicFile.WriteError {
            throw PNGError(.writeFailed, path: path, reason: e.reason)
        } catch {
            throw PNGError(.writeFailed, path: path, reason: "\(error)")
        }
    }

    /// Encodes a 2D volume as a PNG data stream in memory.
    public static func encode(_ volume: Volume, compressionLevel: Int = 6) throws(PNGError) -> [UInt8] {
        try encode(volume, compressionLevel: compressionLevel, name: memoryName)
    }

    static func encode(_ volume: Volume, compressionLevel: Int, name: String) throws(PNGError) -> [UInt8] {
        guard (0...9).contains(compressionLevel) else {
            throw PNGError(.invalidArgument, path: name, reason: "compression level \(compressionLevel) is outside 0...9")
        }
        let format: PNGSimplifiedAPI.Format
        switch volume.voxelType {
        case .uint8: format = .gray
        case .uint16: format = .gray16
        case .rgb24: format = .rgb
        case .rgba32: format = .rgba
        case .rgb48: format = .rgb16
        default:
            throw PNGError(.invalidVolume, path: name, reason: "voxel type \(volume.voxelType.rawValue) has no PNG form; convert to one of \(writableTypes.map(\.rawValue).joined(separator: ", ")) first")
        }
        guard volume.shape.dropFirst(2).allSatisfy({ $0 == 1 }) else {
            throw PNGError(.invalidVolume, path: name, reason: "shape \(volume.shape) is not 2D; PNG holds one slice (depth 1, one frame): slice the volume first")
        }
        let width = volume.width, height = volume.height
        guard width <= Int(Int32.max) / format.channels, height <= Int(Int32.max) else {
            throw PNGError(.invalidVolume, path: name, reason: "\(width) x \(height) pixels is larger than PNG allows")
        }
        guard volume.data.count == width * height * format.bytesPerPixel else {
            throw PNGError(.invalidVolume, path: name, reason: "voxel data holds \(volume.data.count) bytes but \(width) x \(height) \(volume.voxelType.rawValue) needs \(width * height * format.bytesPerPixel)")
        }

        let encoded = try PNGSimplifiedAPI.encode(volume.data, width: width, height: height, format: format, name: name)
        // Drop the colour-space claims libpng adds (gAMA 1.0 + cHRM for 16-bit, sRGB for 8-bit):
        // the samples are data, and readers must not gamma-convert them.
        var stream = PNGChunkStream(encoded).removing(PNGChunkStream.colorimetryAndTransparency)
        let spacing = volume.geometry.spacing
        if let phys = PNGChunkStream.physicalSizeChunk(spacingX: spacing[0], spacingY: spacing[1]) {
            stream = stream.insertingAfterHeader(phys)
        }
        if compressionLevel != 6 {
            stream = try PNGRecompression.recompress(stream, level: compressionLevel, name: name)
        }
        return stream.serialized()
    }

    // MARK: Helpers

    static func readFile(_ path: String) throws(PNGError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PNGError(.unreadable, path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        var bytes: [UInt8] = []
        if fstat(fd, &info) == 0, info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PNGError(.unreadable, path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    /// Removes the last channel (alpha) of interleaved samples.
    static func dropLastChannel(_ data: [UInt8], channels: Int, sampleBytes: Int) -> [UInt8] {
        let inPixel = channels * sampleBytes, outPixel = (channels - 1) * sampleBytes
        let n = data.count / inPixel
        return [UInt8](unsafeUninitializedCapacity: n * outPixel) { out, count in
            data.withUnsafeBufferPointer { src in
                for p in 0..<n {
                    for b in 0..<outPixel { out[p * outPixel + b] = src[p * inPixel + b] }
                }
            }
            count = n * outPixel
        }
    }

    /// libpng premultiplies 16-bit samples by alpha; they are exact only where alpha is 65535.
    static func requireOpaque16(_ data: [UInt8], channels: Int, name: String) throws(PNGError) {
        let translucent = data.withUnsafeBytes { raw -> Int in
            var count = 0
            var offset = (channels - 1) * 2
            while offset + 2 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self) != UInt16.max { count += 1 }
                offset += channels * 2
            }
            return count
        }
        if translucent > 0 {
            throw PNGError(.unsupported, path: name, reason: "\(translucent) pixels of this 16-bit image are not opaque, and libpng's simplified API returns their samples premultiplied by alpha; flatten or drop the alpha channel first (e.g. save as 16-bit gray or RGB)")
        }
    }
}
