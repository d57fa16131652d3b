import Foundation
import Imaging

/// Turns a DICOM object's pixel data into `PixelFrames`: native, DCMTK-decoded
/// (JPEG, JPEG-LS, RLE, deflate) or OpenJPEG-decoded (JPEG 2000); 1 to 32 bits,
/// signed or unsigned, BitsStored < BitsAllocated, monochrome, RGB, YBR and palette colour.
public enum PixelDecoder {
    /// Largest frame set decoded at once (4 GiB).
    public static let maxBytes = 1 << 32

    public static func decode(_ file: DicomFile) throws -> PixelFrames {
        let ds = file.dataset
        let path = file.path
        func fail(_ r: String) -> DicomError { DicomError(.pixelData, path: path, r) }

        if file.pixelDataSkipped { throw fail("pixel data was not loaded (file read header-only)") }
        guard let pixelElement = ds[Tags.pixelData] else { throw fail("no Pixel Data (7FE0,0010) in this object") }
        guard let rows = ds.int(Tags.rows), let cols = ds.int(Tags.columns), rows > 0, cols > 0 else {
            throw fail("Rows/Columns missing or zero")
        }
        let spp = ds.int(Tags.samplesPerPixel) ?? 1
        let bitsAllocated = ds.int(Tags.bitsAllocated) ?? 0
        let bitsStored = ds.int(Tags.bitsStored) ?? bitsAllocated
        let highBit = ds.int(Tags.highBit) ?? (bitsStored - 1)
        let signed = (ds.int(Tags.pixelRepresentation) ?? 0) == 1
        let frames = max(1, ds.int(Tags.numberOfFrames) ?? 1)
        var photometric = ds.string(Tags.photometricInterpretation) ?? (spp == 3 ? "RGB" : "MONOCHROME2")
        var planar = ds.int(Tags.planarConfiguration) ?? 0

        guard [1, 8, 16, 32].contains(bitsAllocated) else { throw fail("Bits Allocated \(bitsAllocated) is not supported (1, 8, 16 or 32)") }
        guard spp == 1 || spp == 3 else { throw fail("Samples per Pixel \(spp) is not supported (1 or 3)") }
        guard bitsStored >= 1, bitsStored <= bitsAllocated, highBit >= bitsStored - 1, highBit < bitsAllocated else {
            throw fail("inconsistent Bits Stored \(bitsStored) / High Bit \(highBit) / Bits Allocated \(bitsAllocated)")
        }
        guard rows <= 65535, cols <= 65535, frames <= 1_000_000 else { throw fail("implausible size \(cols)x\(rows)x\(frames)") }
        let pixelsPerFrame = rows * cols
        let samples = pixelsPerFrame * spp * frames
        let expectedBytes = bitsAllocated == 1 ? (samples + 7) / 8 : samples * (bitsAllocated / 8)
        guard expectedBytes <= maxBytes else { throw fail("pixel data of \(expectedBytes) bytes exceeds the \(maxBytes)-byte limit") }

        // 1. Native bytes.
        var native: [UInt8]
        var nativeBits = bitsAllocated
        var nativeSigned = signed
        if let decoded = file.decodedPixels {
            native = decoded.bytes
            photometric = decoded.photometricInterpretation ?? photometric
            planar = decoded.planarConfiguration ?? planar
        } else {
            switch pixelElement.value {
            case .bytes(let b):
                native = b
            case .encapsulated(let enc):
                guard file.transferSyntax.isJPEG2000 else {
                    throw fail("\(file.transferSyntax.name) pixel data was not decoded (read the file with decodePixels)")
                }
                let parts = try FrameFragments.split(enc, frames: frames, path: path)
                native = []
                native.reserveCapacity(expectedBytes)
                for (f, stream) in parts.enumerated() {
                    let img: JPEG2000Decoder.Image
                    do { img = try JPEG2000Decoder.decode(stream) } catch { throw fail("frame \(f): \(error)") }
                    guard img.width == cols, img.height == rows, img.components.count == spp else {
                        throw fail("frame \(f): JPEG 2000 image is \(img.width)x\(img.height)x\(img.components.count), header says \(cols)x\(rows)x\(spp)")
                    }
                    nativeSigned = img.signed
                    nativeBits = bitsAllocated
                    Self.appendInterleaved(img.components, bits: bitsAllocated, into: &native)
                    if spp == 3 && FrameFragments.usesColorTransform(stream) { photometric = "RGB" }
                }
                planar = 0
                if spp == 3 && (photometric == "YBR_ICT" || photometric == "YBR_RCT") { photometric = "RGB" }
            case .sequence:
                throw fail("Pixel Data is a sequence")
            }
        }
        // Uncompressed YBR_FULL_422 stores two samples per pixel (Y0 Y1 Cb Cr for each pair):
        // expand to three samples per pixel first.
        if spp == 3 && photometric == "YBR_FULL_422" && file.decodedPixels == nil && !isEncapsulated(pixelElement) {
            guard bitsAllocated == 8, cols % 2 == 0 else { throw fail("YBR_FULL_422 needs 8-bit samples and an even number of columns") }
            let packed = pixelsPerFrame * 2 * frames
            guard native.count >= packed else {
                throw DicomError(.truncated, path: path, "pixel data is truncated: \(native.count) bytes, expected \(packed) (YBR_FULL_422 \(cols)x\(rows)x\(frames))")
            }
            native = ColorConversion.expand422(native, pairs: packed / 4)
            photometric = "YBR_FULL"
            planar = 0
        }
        guard native.count >= expectedBytes else {
            throw DicomError(.truncated, path: path, "pixel data is truncated: \(native.count) bytes, expected \(expectedBytes) (\(cols)x\(rows)x\(frames), \(bitsAllocated) bits, \(spp) samples)")
        }

        // 2. Samples -> voxel values.
        var voxelType: VoxelType
        var data: [UInt8]
        if nativeBits == 1 {
            voxelType = .uint8
            data = [UInt8](repeating: 0, count: samples)
            native.withUnsafeBufferPointer { src in
                for i in 0..<samples { data[i] = (src[i >> 3] >> UInt8(i & 7)) & 1 }
            }
        } else {
            data = native.count == expectedBytes ? native : Array(native[0..<expectedBytes])
            try BitMasking.apply(&data, bitsAllocated: nativeBits, bitsStored: bitsStored, highBit: highBit, signed: nativeSigned)
            guard let t = VoxelType.integer(bits: nativeBits, signed: nativeSigned && spp == 1) else {
                throw fail("no voxel type for \(nativeBits)-bit samples")
            }
            voxelType = t
        }

        // 3. Colour.
        if spp == 3 {
            if planar == 1 { data = ColorConversion.interleavePlanar(data, pixelsPerFrame: pixelsPerFrame, frames: frames, bytesPerSample: nativeBits / 8) }
            switch photometric {
            case "RGB": break
            case "YBR_FULL", "YBR_FULL_422":
                guard nativeBits == 8 else { throw fail("\(photometric) with \(nativeBits)-bit samples is not supported") }
                ColorConversion.ybrFullToRGB(&data)
                photometric = "RGB"
            case "YBR_ICT", "YBR_RCT":
                throw fail("\(photometric) requires JPEG 2000 decoding")
            default:
                throw fail("photometric interpretation \(photometric) with 3 samples is not supported")
            }
            voxelType = nativeBits == 8 ? .rgb24 : (nativeBits == 16 ? .rgb48 : voxelType)
            guard nativeBits == 8 || nativeBits == 16 else { throw fail("\(nativeBits)-bit colour is not supported") }
        } else if photometric == "PALETTE COLOR" {
            let (rgb, type) = try ColorConversion.applyPalette(data, voxelType: voxelType, dataset: ds, path: path)
            data = rgb
            voxelType = type
            photometric = "RGB"
        }

        let rescale = (0..<frames).map { RescaleLookup.rescale(ds, frame: $0) }
        return PixelFrames(columns: cols, rows: rows, frames: frames, voxelType: voxelType,
                           photometricInterpretation: photometric, data: data, rescale: rescale)
    }

    private static func isEncapsulated(_ e: DataElement) -> Bool {
        if case .encapsulated = e.value { return true }
        return false
    }

    /// Interleaves decoded J2K components into native little-endian samples.
    private static func appendInterleaved(_ comps: [[Int32]], bits: Int, into out: inout [UInt8]) {
        let n = comps[0].count
        let c = comps.count
        switch bits {
        case 8:
            for i in 0..<n { for k in 0..<c { out.append(UInt8(truncatingIfNeeded: comps[k][i])) } }
        case 16:
            for i in 0..<n {
                for k in 0..<c {
                    let v = UInt16(truncatingIfNeeded: comps[k][i])
                    out.append(UInt8(v & 0xFF)); out.append(UInt8(v >> 8))
                }
            }
        default:
            for i in 0..<n {
                for k in 0..<c {
                    let v = UInt32(bitPattern: comps[k][i])
                    out.append(UInt8(v & 0xFF)); out.append(UInt8((v >> 8) & 0xFF))
                    out.append(UInt8((v >> 16) & 0xFF)); out.append(UInt8(v >> 24))
                }
            }
        }
    }
}
