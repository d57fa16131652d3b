import CZlib

/// One chunk of a PNG data stream: a 4-letter type, its data and its CRC as stored.
struct PNGChunk: Sendable {
    var type: String
    var data: [UInt8]
    var crc: UInt32

    /// A new chunk with a freshly computed CRC.
    init(type: String, data: [UInt8]) {
        self.type = type
        self.data = data
        self.crc = PNGChunk.crc(type: type, data: data)
    }

    init(type: String, data: [UInt8], crc: UInt32) {
        self.type = type
        self.data = data
        self.crc = crc
    }

    /// CRC-32 over type and data, as the PNG specification defines it (zlib's crc32).
    static func crc(type: String, data: [UInt8]) -> UInt32 {
        var c = Array(type.utf8).withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        data.withUnsafeBufferPointer { p in
            var offset = 0
            while offset < p.count {
                let n = min(p.count - offset, 1 << 30)
                c = crc32(c, p.baseAddress.map { $0 + offset }, UInt32(n))
                offset += n
            }
        }
        return UInt32(truncatingIfNeeded: c)
    }
}

/// The IHDR fields of a PNG.
struct PNGHeader: Sendable, Equatable {
    var width: Int
    var height: Int
    var bitDepth: Int
    /// 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA.
    var colorType: Int
    var interlaced: Bool

    var channels: Int {
        switch colorType {
        case 2: return 3
        case 4: return 2
        case 6: return 4
        default: return 1
        }
    }

    /// Bytes of filtered scanlines (filter byte + packed samples) without
    /// interlacing, or nil on overflow. An interlaced image needs slightly more.
    var filteredByteCount: Int? {
        let (bits, o1) = width.multipliedReportingOverflow(by: channels * bitDepth)
        guard !o1 else { return nil }
        let (perRow, o2) = ((bits + 7) / 8).addingReportingOverflow(1)
        guard !o2 else { return nil }
        let (total, o3) = perRow.multipliedReportingOverflow(by: height)
        return o3 ? nil : total
    }
}

/// A PNG byte stream split into chunks without libpng, so that medsynth can
/// look at chunks the simplified libpng API does not expose (pHYs), drop chunks
/// that would make libpng change sample values (gAMA, sRGB, iCCP, cHRM, tRNS),
/// and add or rewrite chunks after encoding. Untouched chunks keep their stored
/// CRC, so damage is still reported by libpng. Bytes that do not form a whole
/// chunk (a truncated file) are kept as they are and left for libpng to report.
struct PNGChunkStream: Sendable {
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
    /// Chunks that describe colour space or transparency. libpng's simplified
    /// API converts sample values according to them; without them it returns
    /// the stored values unchanged.
    static let colorimetryAndTransparency: Set<String> = ["gAMA", "sRGB", "iCCP", "cHRM", "tRNS"]

    var hasSignature: Bool
    var chunks: [PNGChunk]
    /// Bytes after the last whole chunk (or the whole input when the signature is missing).
    var trailing: [UInt8]

    init(_ bytes: [UInt8]) {
        hasSignature = bytes.count >= 8 && Array(bytes[0..<8]) == PNGChunkStream.signature
        chunks = []
        guard hasSignature else {
            trailing = bytes
            return
        }
        var pos = 8
        while bytes.count - pos >= 12 {
            let length = PNGChunkStream.uint32(bytes, pos)
            guard length <= 0x7FFF_FFFF, bytes.count - pos - 12 >= Int(length) else { break }
            let n = Int(length)
            let typeBytes = bytes[(pos + 4)..<(pos + 8)]
            guard typeBytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else { break }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let data = Array(bytes[(pos + 8)..<(pos + 8 + n)])
            let crc = PNGChunkStream.uint32(bytes, pos + 8 + n)
            chunks.append(PNGChunk(type: type, data: data, crc: crc))
            pos += 12 + n
            if type == "IEND" { break }
        }
        trailing = Array(bytes[pos...])
    }

    static func uint32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    /// The IHDR fields, or nil when the stream has no well-formed IHDR first.
    var header: PNGHeader? {
        guard let first = chunks.first, first.type == "IHDR", first.data.count == 13 else { return nil }
        let d = first.data
        return PNGHeader(width: Int(PNGChunkStream.uint32(d, 0)), height: Int(PNGChunkStream.uint32(d, 4)),
                         bitDepth: Int(d[8]), colorType: Int(d[9]), interlaced: d[12] != 0)
    }

    /// Total bytes of compressed image data (all IDAT chunks).
    var compressedByteCount: Int {
        chunks.lazy.filter { $0.type == "IDAT" }.reduce(0) { $0 + $1.data.count }
    }

    /// Pixel size in millimetres (x, y) from a pHYs chunk in metres; nil when
    /// absent, when its unit is not the metre (unit 0 only gives an aspect
    /// ratio) or when a density is 0.
    var pixelSpacing: (x: Double, y: Double)? {
        guard let c = chunks.first(where: { $0.type == "pHYs" }), c.data.count == 9, c.data[8] == 1 else { return nil }
        let px = PNGChunkStream.uint32(c.data, 0), py = PNGChunkStream.uint32(c.data, 4)
        guard px > 0, py > 0 else { return nil }
        return (1000 / Double(px), 1000 / Double(py))
    }

    /// A pHYs chunk (pixels per metre) for a pixel size in millimetres; nil
    /// when a size is not positive and finite or the density does not fit.
    static func physicalSizeChunk(spacingX: Double, spacingY: Double) -> PNGChunk? {
        func density(_ mm: Double) -> UInt32? {
            guard mm.isFinite, mm > 0 else { return nil }
            let ppm = (1000 / mm).rounded()
            guard ppm >= 1, ppm <= 0x7FFF_FFFF else { return nil }
            return UInt32(ppm)
        }
        guard let x = density(spacingX), let y = density(spacingY) else { return nil }
        return PNGChunk(type: "pHYs", data: bigEndian(x) + bigEndian(y) + [1])
    }

    /// A copy without chunks of the given types.
    func removing(_ types: Set<String>) -> PNGChunkStream {
        var s = self
        s.chunks.removeAll { types.contains($0.type) }
        return s
    }

    /// A copy with `chunk` placed right after the IHDR chunk (replacing any chunk of the same type).
    func insertingAfterHeader(_ chunk: PNGChunk) -> PNGChunkStream {
        var s = self
        s.chunks.removeAll { $0.type == chunk.type }
        let at = s.chunks.first?.type == "IHDR" ? 1 : 0
        s.chunks.insert(chunk, at: at)
        return s
    }

    /// A copy whose IDAT chunks are replaced by `idat`, split into chunks of at most `chunkSize` bytes.
    func replacingImageData(with idat: [UInt8], chunkSize: Int = 1 << 20) -> PNGChunkStream {
        var s = self
        guard let first = s.chunks.firstIndex(where: { $0.type == "IDAT" }) else { return s }
        s.chunks.removeAll { $0.type == "IDAT" }
        var pieces: [PNGChunk] = []
        var offset = 0
        repeat {
            let end = min(idat.count, offset + chunkSize)
            pieces.append(PNGChunk(type: "IDAT", data: Array(idat[offset..<end])))
            offset = end
        } while offset < idat.count
        s.chunks.insert(contentsOf: pieces, at: first)
        return s
    }

    /// The concatenated data of all IDAT chunks (one zlib stream).
    var imageData: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(compressedByteCount)
        for c in chunks where c.type == "IDAT" { out += c.data }
        return out
    }

    /// The stream as bytes.
    func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 + chunks.reduce(0) { $0 + 12 + $1.data.count } + trailing.count)
        if hasSignature { out += PNGChunkStream.signature }
        for c in chunks {
            out += PNGChunkStream.bigEndian(UInt32(c.data.count))
            out += Array(c.type.utf8)
            out += c.data
            out += PNGChunkStream.bigEndian(c.crc)
        }
        out += trailing
        return out
    }
}
