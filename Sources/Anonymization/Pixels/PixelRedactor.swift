import DICOM
import Foundation
import Imaging

/// Blanks rectangles of burned-in text in a DICOM object's pixels.
///
/// `redact` returns a copy of the file's dataset whose Pixel Data is native (uncompressed)
/// little-endian samples, ready for `DicomWriter.write(_:to:transferSyntax: .explicitVRLittleEndian)`.
/// Every region, clipped to the image, is set on every frame and every sample to the value that
/// displays black:
///
/// | Photometric interpretation | value written |
/// |---|---|
/// | MONOCHROME2, unsigned | 0 |
/// | MONOCHROME2, signed | the smallest stored value, -2^(Bits Stored - 1) (0 would show mid-grey) |
/// | MONOCHROME1 | the largest stored value: 2^(Bits Stored) - 1, or 2^(Bits Stored - 1) - 1 when signed |
/// | RGB | 0 in every sample |
/// | YBR_FULL | Y = 0, Cb = Cr = 2^(Bits Stored - 1) (the neutral chroma; zeros would show dark green) |
/// | YBR_FULL_422 (native) | the same, on whole pairs of pixels: a pair shares its chroma, so a region is widened to even columns |
/// | PALETTE COLOR | the index of the darkest entry of the palette (the pixels stay indices) |
///
/// Values are placed at the Bits Stored / High Bit position of each sample; inside a region the
/// bits outside Bits Stored are cleared (or sign-extended for a negative value), so no overlay or
/// stray data survives there. Outside the regions the stored samples are kept byte for byte.
///
/// Compressed pixel data is decoded first: JPEG, JPEG-LS and RLE by DCMTK when the file is
/// read with `DicomFile.read(path, options: .full)` (`DicomFile.decodedPixels`; a file read
/// without decoding is read again from its path), JPEG 2000 and HTJ2K by `PixelDecoder`.
/// Decoding may change the Photometric Interpretation (YBR to RGB), the Planar Configuration and,
/// for JPEG 2000, the High Bit (samples come out right-aligned); the returned dataset says so.
/// Lossy Image Compression is kept as it is; Burned In Annotation (0028,0301) becomes `NO`.
/// Other header values (Smallest/Largest Image Pixel Value, windows) are left untouched.
public enum PixelRedactor {
    /// Returns a copy of `file.dataset` with native pixel data in which every region is blanked.
    /// Throws `AnonymizationError(.pixels)` naming the file when the object has no pixel data, its
    /// pixel data was not loaded (a header-only read), cannot be decoded, has a layout that cannot
    /// be redacted (1-bit samples, an unsupported photometric interpretation) or a length that
    /// disagrees with its header.
    public static func redact(_ file: DicomFile, regions: [PixelRegion]) throws -> Dataset {
        let ds = file.dataset
        let fail = { (reason: String) in AnonymizationError(.pixels, path: file.path, reason) }

        if file.pixelDataSkipped {
            throw fail("the pixel data was not loaded (the file was read header-only); read it with DicomFile.read(path, options: .full) to redact it")
        }
        guard let element = ds[Tags.pixelData] else {
            throw fail("no Pixel Data (7FE0,0010): there are no pixels to redact")
        }
        let layout = try Layout(ds, fail: fail)
        var source = try nativePixels(file, element: element, layout: layout, fail: fail)

        var photometric = source.photometric.trimmingCharacters(in: .whitespaces).uppercased()
        // DCMTK's decoders give three samples for every pixel: not the packed 4:2:2 layout that
        // YBR_FULL_422 means for native pixel data.
        if source.decoded && photometric == "YBR_FULL_422" { photometric = "YBR_FULL" }
        let highBit = source.highBit
        let packed422 = layout.samplesPerPixel == 3 && photometric == "YBR_FULL_422"
        if packed422 && (layout.bitsAllocated != 8 || layout.columns % 2 != 0) {
            throw fail("YBR_FULL_422 pixel data needs 8-bit samples and an even number of columns")
        }

        // The value that displays black, per sample, as stored bits.
        let sample = SampleCoding(layout: layout, highBit: highBit)
        let fill: [UInt32]
        switch (layout.samplesPerPixel, photometric) {
        case (1, "MONOCHROME2"):
            fill = [sample.encode(layout.signed ? -(Int64(1) << (layout.bitsStored - 1)) : 0)]
        case (1, "MONOCHROME1"):
            fill = [sample.encode(layout.signed ? (Int64(1) << (layout.bitsStored - 1)) - 1 : (Int64(1) << layout.bitsStored) - 1)]
        case (1, "PALETTE COLOR"):
            fill = [sample.encode(Int64(try paletteBlackIndex(ds, fail: fail)))]
        case (3, "RGB"):
            fill = [0, 0, 0]
        case (3, "YBR_FULL"), (3, "YBR_FULL_422"):
            let neutral = sample.encode(Int64(1) << (layout.bitsStored - 1))
            fill = [sample.encode(0), neutral, neutral]
        default:
            throw fail("photometric interpretation \(photometric) with \(layout.samplesPerPixel) sample(s) per pixel cannot be redacted (supported: MONOCHROME1, MONOCHROME2, PALETTE COLOR, RGB, YBR_FULL, YBR_FULL_422)")
        }

        // The stored length must agree with the header: otherwise the regions would land elsewhere.
        let samplesPerPixelStored = packed422 ? 2 : layout.samplesPerPixel
        let expected = layout.frames * layout.rows * layout.columns * samplesPerPixelStored * layout.bytesPerSample
        let padded = expected + (expected % 2)
        guard source.bytes.count == expected || source.bytes.count == padded else {
            throw fail("pixel data length mismatch: \(source.bytes.count) bytes, the header describes \(expected) (\(layout.columns)x\(layout.rows), \(layout.frames) frame(s), \(samplesPerPixelStored) sample(s) of \(layout.bitsAllocated) bits)")
        }

        let rectangles = regions.compactMap { $0.clipped(columns: layout.columns, rows: layout.rows) }
        let planar = layout.samplesPerPixel == 3 && source.planar == 1
        if packed422 {
            blankPacked422(&source.bytes, layout: layout, rectangles: rectangles, y: UInt8(truncatingIfNeeded: fill[0]),
                           chroma: UInt8(truncatingIfNeeded: fill[1]))
        } else {
            blank(&source.bytes, layout: layout, planar: planar, rectangles: rectangles, fill: fill)
        }

        var out = ds
        out.set(DataElement(tag: Tags.pixelData, vr: source.decoded ? (layout.bytesPerSample == 1 ? .OB : .OW) : element.vr,
                            value: .bytes(source.bytes)))
        if source.decoded {
            if photometric != layout.photometric {
                out.set(DataElement(tag: Tags.photometricInterpretation, vr: .CS, strings: [photometric]))
            }
            if layout.samplesPerPixel == 3 {
                out.set(DataElement(tag: Tags.planarConfiguration, vr: .US, integers: [UInt16(planar ? 1 : 0)]))
            }
            if highBit != layout.highBit {
                out.set(DataElement(tag: Tags.highBit, vr: .US, integers: [UInt16(highBit)]))
            }
        }
        out.set(DataElement(tag: Tags.burnedInAnnotation, vr: .CS, strings: ["NO"]))
        return out
    }

    // MARK: - Layout

    /// The Image Pixel module values that place samples in the byte stream.
    struct Layout {
        var rows: Int
        var columns: Int
        var frames: Int
        var samplesPerPixel: Int
        var bitsAllocated: Int
        var bitsStored: Int
        var highBit: Int
        var signed: Bool
        var photometric: String
        var planar: Int
        var bytesPerSample: Int { bitsAllocated / 8 }

        init(_ ds: Dataset, fail: (String) -> AnonymizationError) throws {
            guard let rows = ds.int(Tags.rows), let columns = ds.int(Tags.columns), rows > 0, columns > 0,
                  rows <= 65535, columns <= 65535 else {
                throw fail("Rows/Columns missing, zero or out of range: the pixels cannot be located")
            }
            self.rows = rows
            self.columns = columns
            frames = max(1, ds.int(Tags.numberOfFrames) ?? 1)
            guard frames <= 1_000_000 else { throw fail("implausible Number of Frames \(frames)") }
            samplesPerPixel = ds.int(Tags.samplesPerPixel) ?? 1
            guard samplesPerPixel == 1 || samplesPerPixel == 3 else {
                throw fail("Samples per Pixel \(samplesPerPixel) cannot be redacted (1 or 3)")
            }
            bitsAllocated = ds.int(Tags.bitsAllocated) ?? 0
            if bitsAllocated == 1 {
                throw fail("1-bit pixel data (Bits Allocated 1) cannot be redacted")
            }
            guard [8, 16, 32].contains(bitsAllocated) else {
                throw fail("Bits Allocated \(bitsAllocated) cannot be redacted (8, 16 or 32)")
            }
            bitsStored = ds.int(Tags.bitsStored) ?? bitsAllocated
            highBit = ds.int(Tags.highBit) ?? (bitsStored - 1)
            guard bitsStored >= 1, bitsStored <= bitsAllocated, highBit >= bitsStored - 1, highBit < bitsAllocated else {
                throw fail("inconsistent Bits Stored \(bitsStored) / High Bit \(highBit) / Bits Allocated \(bitsAllocated)")
            }
            signed = ds.int(Tags.pixelRepresentation) == 1
            photometric = (ds.string(Tags.photometricInterpretation) ?? (samplesPerPixel == 3 ? "RGB" : "MONOCHROME2"))
                .trimmingCharacters(in: .whitespaces).uppercased()
            planar = ds.int(Tags.planarConfiguration) ?? 0
        }
    }

    /// Turns a stored value into the bits of one sample: Bits Stored bits ending at High Bit.
    struct SampleCoding {
        let bitsAllocated: Int
        let bitsStored: Int
        let shift: Int

        init(layout: Layout, highBit: Int) {
            bitsAllocated = layout.bitsAllocated
            bitsStored = layout.bitsStored
            shift = highBit + 1 - layout.bitsStored
        }

        func encode(_ value: Int64) -> UInt32 {
            let allocatedMask: UInt32 = bitsAllocated >= 32 ? .max : (1 << UInt32(bitsAllocated)) - 1
            let storedMask: UInt32 = bitsStored >= 32 ? .max : (1 << UInt32(bitsStored)) - 1
            var raw = (UInt32(truncatingIfNeeded: value) & storedMask) << UInt32(shift)
            // A negative value right-aligned in its sample is written sign-extended, as encoders do.
            if value < 0 && shift == 0 { raw |= ~storedMask }
            return raw & allocatedMask
        }
    }

    // MARK: - Native pixels

    struct NativePixels {
        var bytes: [UInt8]
        var photometric: String
        var planar: Int
        var highBit: Int
        /// True when the bytes come from a decoder rather than from the dataset as stored.
        var decoded: Bool
    }

    static func nativePixels(_ file: DicomFile, element: DataElement, layout: Layout,
                             fail: (String) -> AnonymizationError) throws -> NativePixels {
        switch element.value {
        case .bytes(let b):
            return NativePixels(bytes: b, photometric: layout.photometric, planar: layout.planar,
                                highBit: layout.highBit, decoded: false)
        case .sequence:
            throw fail("Pixel Data (7FE0,0010) is a sequence, not pixels")
        case .encapsulated:
            let ts = file.transferSyntax
            if let d = file.decodedPixels {
                return NativePixels(bytes: d.bytes, photometric: d.photometricInterpretation ?? layout.photometric,
                                    planar: d.planarConfiguration ?? layout.planar, highBit: layout.highBit, decoded: true)
            }
            if ts.isJPEG2000 {
                return try jpeg2000Pixels(file, layout: layout, fail: fail)
            }
            guard ts.isEncapsulated, let path = file.path else {
                throw fail("the \(ts.name) pixel data was not decoded; read the file with DicomFile.read(path, options: .full)")
            }
            // Read without decoding: read it again, decoding, and use the pixels if they are the same.
            let again: DicomFile
            do { again = try DicomFile.read(path, options: .full) } catch {
                throw fail("cannot decode the \(ts.name) pixel data: \(error)")
            }
            guard again.dataset[Tags.pixelData] == element, let d = again.decodedPixels else {
                throw fail("the \(ts.name) pixel data was not decoded and the file on disk no longer holds the same pixel data; read it with DicomFile.read(path, options: .full)")
            }
            return NativePixels(bytes: d.bytes, photometric: d.photometricInterpretation ?? layout.photometric,
                                planar: d.planarConfiguration ?? layout.planar, highBit: layout.highBit, decoded: true)
        }
    }

    /// JPEG 2000 goes through `PixelDecoder`, which converts colour to interleaved RGB and
    /// right-aligns (and sign-extends) the stored bits.
    static func jpeg2000Pixels(_ file: DicomFile, layout: Layout, fail: (String) -> AnonymizationError) throws -> NativePixels {
        if layout.photometric == "PALETTE COLOR" {
            throw fail("JPEG 2000 palette colour pixel data cannot be redacted: its decoder expands the palette to RGB")
        }
        let frames: PixelFrames
        do { frames = try PixelDecoder.decode(file) } catch let e as DicomError {
            throw fail("cannot decode the \(file.transferSyntax.name) pixel data: \(e.reason)")
        }
        guard frames.rows == layout.rows, frames.columns == layout.columns, frames.frames == layout.frames else {
            throw fail("decoded \(file.transferSyntax.name) pixels are \(frames.columns)x\(frames.rows)x\(frames.frames), the header says \(layout.columns)x\(layout.rows)x\(layout.frames)")
        }
        return NativePixels(bytes: frames.data, photometric: frames.photometricInterpretation, planar: 0,
                            highBit: layout.bitsStored - 1, decoded: true)
    }

    // MARK: - Palette

    /// The index whose palette entry is darkest (smallest luma; the first of equals).
    static func paletteBlackIndex(_ ds: Dataset, fail: (String) -> AnonymizationError) throws -> Int {
        let descriptors = [Tags.redPaletteDescriptor, Tags.greenPaletteDescriptor, Tags.bluePaletteDescriptor]
        let data = [Tags.redPaletteData, Tags.greenPaletteData, Tags.bluePaletteData]
        var luts: [[Int]] = []
        var first = 0
        for c in 0..<3 {
            let d = ds.numbers(descriptors[c])
            guard d.count == 3, let declared = Int(exactly: d[0]), let f = Int(exactly: d[1]), let bits = Int(exactly: d[2]) else {
                throw fail("palette colour without a readable \(descriptors[c]) descriptor: cannot choose the black index")
            }
            let entries = declared == 0 ? 65536 : declared
            first = f
            guard let raw = ds[data[c]]?.bytes, !raw.isEmpty else {
                throw fail("palette colour without \(data[c]) lookup table data (segmented palettes are not supported): cannot choose the black index")
            }
            var lut: [Int]
            if bits == 8 && raw.count == entries {
                lut = raw.map { Int($0) }
            } else {
                lut = []
                lut.reserveCapacity(raw.count / 2)
                var i = 0
                while i + 1 < raw.count {
                    lut.append(Int(raw[i]) | Int(raw[i + 1]) << 8)
                    i += 2
                }
            }
            guard lut.count >= entries else {
                throw fail("palette lookup table \(data[c]) holds \(lut.count) entries, its descriptor says \(entries)")
            }
            luts.append(Array(lut.prefix(entries)))
        }
        let n = luts.map(\.count).min() ?? 0
        var best = 0
        var bestLuma = Int.max
        for k in 0..<n {
            let luma = 299 * luts[0][k] + 587 * luts[1][k] + 114 * luts[2][k]
            if luma < bestLuma { bestLuma = luma; best = k }
        }
        return first + best
    }

    // MARK: - Blanking

    /// Writes `fill` (one stored pattern per sample) into every pixel of every rectangle of every frame.
    static func blank(_ bytes: inout [UInt8], layout: Layout, planar: Bool,
                      rectangles: [(columns: Range<Int>, rows: Range<Int>)], fill: [UInt32]) {
        guard !rectangles.isEmpty else { return }
        let bps = layout.bytesPerSample
        let spp = layout.samplesPerPixel
        let cols = layout.columns
        let pixelsPerFrame = layout.rows * cols
        let frameBytes = pixelsPerFrame * spp * bps
        // The fill bytes, little endian, sample after sample.
        var pattern = [UInt8](repeating: 0, count: spp * bps)
        for s in 0..<spp {
            for k in 0..<bps { pattern[s * bps + k] = UInt8(truncatingIfNeeded: fill[s] >> UInt32(8 * k)) }
        }
        bytes.withUnsafeMutableBufferPointer { p in
            for f in 0..<layout.frames {
                let base = f * frameBytes
                for rect in rectangles {
                    for y in rect.rows {
                        for x in rect.columns {
                            let pixel = y * cols + x
                            for s in 0..<spp {
                                let offset = planar ? base + (s * pixelsPerFrame + pixel) * bps : base + (pixel * spp + s) * bps
                                for k in 0..<bps { p[offset + k] = pattern[s * bps + k] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Native YBR_FULL_422 stores Y0 Y1 Cb Cr for each pair of pixels on a row: a rectangle is
    /// widened to whole pairs, whose luma is set to `y` and chroma to `chroma`.
    static func blankPacked422(_ bytes: inout [UInt8], layout: Layout,
                               rectangles: [(columns: Range<Int>, rows: Range<Int>)], y: UInt8, chroma: UInt8) {
        guard !rectangles.isEmpty else { return }
        let cols = layout.columns
        let frameBytes = layout.rows * cols * 2
        bytes.withUnsafeMutableBufferPointer { p in
            for f in 0..<layout.frames {
                let base = f * frameBytes
                for rect in rectangles {
                    let start = rect.columns.lowerBound & ~1
                    let end = min(cols, (rect.columns.upperBound + 1) & ~1)
                    for row in rect.rows {
                        var x = start
                        while x < end {
                            let offset = base + (row * cols + x) * 2
                            p[offset] = y
                            p[offset + 1] = y
                            p[offset + 2] = chroma
                            p[offset + 3] = chroma
                            x += 2
                        }
                    }
                }
            }
        }
    }
}
