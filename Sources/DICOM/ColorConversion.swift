import Imaging

/// Colour conversions of DICOM pixel data (PS3.3 C.7.6.3.1.2 and C.7.6.3.1.5).
enum ColorConversion {
    /// Planar (RRR...GGG...BBB) to interleaved (RGBRGB...), per frame.
    static func interleavePlanar(_ data: [UInt8], pixelsPerFrame n: Int, frames: Int, bytesPerSample b: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: data.count)
        let frameBytes = n * 3 * b
        for f in 0..<frames {
            let base = f * frameBytes
            for i in 0..<n {
                for c in 0..<3 {
                    for k in 0..<b { out[base + (i * 3 + c) * b + k] = data[base + (c * n + i) * b + k] }
                }
            }
        }
        return out
    }

    /// YBR_FULL (full-range ITU-R BT.601) to RGB, 8-bit interleaved, in place.
    static func ybrFullToRGB(_ data: inout [UInt8]) {
        func clamp(_ v: Double) -> UInt8 { UInt8(max(0, min(255, v.rounded()))) }
        var i = 0
        while i + 2 < data.count {
            let y = Double(data[i]), cb = Double(data[i + 1]) - 128, cr = Double(data[i + 2]) - 128
            data[i] = clamp(y + 1.402 * cr)
            data[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr)
            data[i + 2] = clamp(y + 1.772 * cb)
            i += 3
        }
    }

    /// YBR_FULL_422 as stored uncompressed (Y0 Y1 Cb Cr per pair of pixels) to
    /// YBR_FULL with three samples per pixel (each pair shares its chroma).
    static func expand422(_ packed: [UInt8], pairs: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: pairs * 6)
        for p in 0..<pairs {
            let y0 = packed[4 * p], y1 = packed[4 * p + 1], cb = packed[4 * p + 2], cr = packed[4 * p + 3]
            out[6 * p] = y0; out[6 * p + 1] = cb; out[6 * p + 2] = cr
            out[6 * p + 3] = y1; out[6 * p + 4] = cb; out[6 * p + 5] = cr
        }
        return out
    }

    /// PALETTE COLOR: maps indices through the red/green/blue lookup tables.
    static func applyPalette(_ indices: [UInt8], voxelType: VoxelType, dataset ds: Dataset, path: String?) throws -> ([UInt8], VoxelType) {
        func fail(_ r: String) -> DicomError { DicomError(.pixelData, path: path, r) }
        if ds.contains(Tags.segmentedRedPaletteData) { throw fail("segmented palette colour lookup tables are not supported") }
        let descTags = [Tags.redPaletteDescriptor, Tags.greenPaletteDescriptor, Tags.bluePaletteDescriptor]
        let dataTags = [Tags.redPaletteData, Tags.greenPaletteData, Tags.bluePaletteData]
        var luts: [[UInt16]] = []
        var first = 0
        var bits = 16
        for c in 0..<3 {
            let d = ds.numbers(descTags[c])
            guard d.count == 3 else { throw fail("palette descriptor \(descTags[c]) missing or malformed") }
            var entries = Int(d[0]); if entries == 0 { entries = 65536 }
            first = Int(d[1])
            bits = Int(d[2])
            guard let e = ds[dataTags[c]], let raw = e.bytes else { throw fail("palette data \(dataTags[c]) missing") }
            var lut: [UInt16]
            if bits == 8 && raw.count == entries {
                lut = raw.map { UInt16($0) }
            } else {
                let n = raw.count / 2
                lut = (0..<n).map { UInt16(raw[2 * $0]) | UInt16(raw[2 * $0 + 1]) << 8 }
                if bits == 8 { lut = lut.map { $0 & 0xFF } }
            }
            guard lut.count >= entries else { throw fail("palette data holds \(lut.count) entries, descriptor says \(entries)") }
            luts.append(lut)
        }
        let idx: [Int]
        switch voxelType {
        case .uint8: idx = indices.map { Int($0) }
        case .uint16: idx = stride(from: 0, to: indices.count - 1, by: 2).map { Int(indices[$0]) | Int(indices[$0 + 1]) << 8 }
        case .int16: idx = stride(from: 0, to: indices.count - 1, by: 2).map { Int(Int16(bitPattern: UInt16(indices[$0]) | UInt16(indices[$0 + 1]) << 8)) }
        default: throw fail("palette colour indices of type \(voxelType) are not supported")
        }
        let eight = bits == 8
        var out = [UInt8]()
        out.reserveCapacity(idx.count * (eight ? 3 : 6))
        for v in idx {
            let k = v - first
            for c in 0..<3 {
                let lut = luts[c]
                let value = lut[max(0, min(lut.count - 1, k))]
                if eight { out.append(UInt8(truncatingIfNeeded: value)) } else { out.append(UInt8(value & 0xFF)); out.append(UInt8(value >> 8)) }
            }
        }
        return (out, eight ? .rgb24 : .rgb48)
    }
}
