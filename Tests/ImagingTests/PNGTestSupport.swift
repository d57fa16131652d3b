import Foundation
@testable import Imaging

/// Seeded test data (SplitMix64): the same seed gives the same values.
struct SeededValues {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
}

/// Decodes the samples of a non-interlaced PNG written by medsynth without libpng
/// (zlib inflate + PNG unfiltering), as big-endian samples exactly as stored in the file.
enum IndependentPNGDecoder {
    struct Decoded { var header: PNGHeader; var chunkTypes: [String]; var rows: [[UInt8]] }

    static func decode(_ bytes: [UInt8]) -> Decoded? {
        let stream = PNGChunkStream(bytes)
        guard stream.hasSignature, stream.trailing.isEmpty, let h = stream.header, !h.interlaced,
              let rawCount = h.filteredByteCount,
              stream.chunks.allSatisfy({ PNGChunk.crc(type: $0.type, data: $0.data) == $0.crc }),
              let raw = PNGRecompression.inflate(stream.imageData, count: rawCount) else { return nil }
        let stride = (h.width * h.channels * h.bitDepth + 7) / 8
        let bpp = max(1, h.channels * h.bitDepth / 8)
        var rows: [[UInt8]] = []
        var prev = [UInt8](repeating: 0, count: stride)
        for y in 0..<h.height {
            let start = y * (stride + 1)
            let filter = raw[start]
            var line = Array(raw[(start + 1)..<(start + 1 + stride)])
            for i in 0..<stride {
                let a = i >= bpp ? Int(line[i - bpp]) : 0, b = Int(prev[i]), c = i >= bpp ? Int(prev[i - bpp]) : 0
                let pred: Int
                switch filter {
                case 0: pred = 0
                case 1: pred = a
                case 2: pred = b
                case 3: pred = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    pred = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: return nil
                }
                line[i] = UInt8(truncatingIfNeeded: Int(line[i]) + pred)
            }
            rows.append(line)
            prev = line
        }
        return Decoded(header: h, chunkTypes: stream.chunks.map(\.type), rows: rows)
    }

    /// The file's samples as host-order bytes, to compare with `Volume.data`.
    static func hostOrderData(_ d: Decoded) -> [UInt8] {
        let flat = d.rows.flatMap { $0 }
        guard d.header.bitDepth == 16 else { return flat }
        var out = flat
        for i in stride(from: 0, to: out.count, by: 2) {
            let v = UInt16(flat[i]) << 8 | UInt16(flat[i + 1])
            withUnsafeBytes(of: v) { out[i] = $0[0]; out[i + 1] = $0[1] }
        }
        return out
    }
}
