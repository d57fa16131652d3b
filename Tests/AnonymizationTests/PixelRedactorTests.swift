import DICOM
import Foundation
import Imaging
import Testing
@testable import Anonymization

/// Redaction of crafted images written with `DicomWriter` and read back, of the same images
/// compressed by DCMTK's command-line tools (when installed), and of the compressed samples in
/// ../shared/data (when present).
@Suite struct PixelRedactorTests {
    // MARK: fixtures

    /// A crafted image: its Image Pixel module and deterministic pseudo-random samples.
    struct Image {
        var rows = 11
        var columns = 13
        var frames = 1
        var samples = 1
        var bitsAllocated = 8
        var bitsStored: Int?
        var highBit: Int?
        var signed = false
        var photometric = "MONOCHROME2"
        var planar: Int?
        var seed: UInt64 = 1
        /// Keep only the Bits Stored bits of each random sample (compressors need valid samples).
        var validSamples = true
        var extra: [DataElement] = []

        var stored: Int { bitsStored ?? bitsAllocated }
        var bytesPerSample: Int { bitsAllocated / 8 }
        var storedSamplesPerPixel: Int { photometric == "YBR_FULL_422" ? 2 : samples }
        var byteCount: Int { rows * columns * frames * storedSamplesPerPixel * bytesPerSample }

        func pixelBytes() -> [UInt8] {
            var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
            var out = [UInt8]()
            out.reserveCapacity(byteCount)
            let shift = (highBit ?? (stored - 1)) + 1 - stored
            let mask: UInt64 = ((1 << UInt64(stored)) - 1) << UInt64(shift)
            for _ in 0..<(byteCount / bytesPerSample) {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                let v = validSamples ? state & mask : state
                for k in 0..<bytesPerSample { out.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * k))) }
            }
            return out
        }

        func dataset(pixels: [UInt8]? = nil) -> Dataset {
            var ds = Dataset()
            func text(_ tag: Tag, _ vr: VR, _ s: String) { ds.set(DataElement(tag: tag, vr: vr, strings: [s])) }
            func us(_ tag: Tag, _ v: Int) { ds.set(DataElement(tag: tag, vr: .US, integers: [UInt16(v)])) }
            text(Tags.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
            text(Tags.sopInstanceUID, .UI, "2.25.\(seed)\(rows)\(columns)\(frames)")
            text(Tags.studyInstanceUID, .UI, "2.25.1")
            text(Tags.seriesInstanceUID, .UI, "2.25.2")
            text(Tags.modality, .CS, "OT")
            text(Tags.patientName, .PN, "Doe^Jane")
            text(Tags.burnedInAnnotation, .CS, "YES")
            text(Tag(0x0028, 0x2110), .CS, "00")
            us(Tags.samplesPerPixel, samples)
            text(Tags.photometricInterpretation, .CS, photometric)
            if let planar { us(Tags.planarConfiguration, planar) }
            if frames > 1 { text(Tags.numberOfFrames, .IS, String(frames)) }
            us(Tags.rows, rows)
            us(Tags.columns, columns)
            us(Tags.bitsAllocated, bitsAllocated)
            us(Tags.bitsStored, stored)
            us(Tags.highBit, highBit ?? (stored - 1))
            us(Tags.pixelRepresentation, signed ? 1 : 0)
            for e in extra { ds.set(e) }
            ds.set(DataElement(tag: Tags.pixelData, vr: bitsAllocated == 8 ? .OB : .OW, value: .bytes(pixels ?? pixelBytes())))
            return ds
        }
    }

    /// A temporary folder for one test.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-redact-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }

        /// Writes a dataset (explicit VR little endian) and reads it back, decoding.
        func roundTrip(_ ds: Dataset, _ name: String) throws -> DicomFile {
            let p = path(name)
            try DicomWriter.write(ds, to: p, transferSyntax: .explicitVRLittleEndian)
            return try DicomFile.read(p, options: .full)
        }
    }

    static func pixelBytes(_ ds: Dataset) -> [UInt8]? { ds[Tags.pixelData]?.bytes }

    /// Checks that `redacted` equals `original` outside the regions and holds `fill` (bytes of
    /// each sample) inside them, on every frame and sample; computed pixel by pixel, independently
    /// of the redactor's own clipping.
    static func expectBlanked(original: [UInt8], redacted: [UInt8], image: Image, planar: Bool, regions: [PixelRegion],
                              fill: [[UInt8]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(redacted.count == original.count, sourceLocation: sourceLocation)
        guard redacted.count == original.count else { return }
        let bps = image.bytesPerSample, spp = image.samples
        let pixels = image.rows * image.columns
        var inside = [Bool](repeating: false, count: pixels)
        for y in 0..<image.rows {
            for x in 0..<image.columns {
                inside[y * image.columns + x] = regions.contains { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }
            }
        }
        var mismatches = 0
        var first = ""
        for f in 0..<image.frames {
            for pixel in 0..<pixels {
                for s in 0..<spp {
                    let offset = f * pixels * spp * bps + (planar ? (s * pixels + pixel) : (pixel * spp + s)) * bps
                    let got = Array(redacted[offset..<(offset + bps)])
                    let want = inside[pixel] ? fill[s] : Array(original[offset..<(offset + bps)])
                    if got != want {
                        if mismatches == 0 {
                            first = "frame \(f) x \(pixel % image.columns) y \(pixel / image.columns) sample \(s): \(got) != \(want)"
                        }
                        mismatches += 1
                    }
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) samples differ; first: \(first)", sourceLocation: sourceLocation)
    }

    /// Regions that cover a corner, the right and bottom edges (clipped), one pixel, an overlap,
    /// a region starting left of the image, and one entirely outside.
    static let regions = [
        PixelRegion(x: 0, y: 0, width: 4, height: 2),
        PixelRegion(x: 10, y: 8, width: 50, height: 50),
        PixelRegion(x: 6, y: 5, width: 1, height: 1),
        PixelRegion(x: 2, y: 1, width: 3, height: 3),
        PixelRegion(x: -3, y: 6, width: 5, height: 2),
        PixelRegion(x: 100, y: 100, width: 5, height: 5),
    ]

    /// Redacts a crafted image after a write and read, checks every sample, writes the result
    /// and reads it back.
    @discardableResult
    static func check(_ image: Image, fill: [[UInt8]], regions: [PixelRegion] = regions,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> Dataset {
        let scratch = try Scratch()
        let file = try scratch.roundTrip(image.dataset(), "in.dcm")
        let original = try #require(pixelBytes(file.dataset), sourceLocation: sourceLocation)
        let out = try PixelRedactor.redact(file, regions: regions)
        let redacted = try #require(pixelBytes(out), sourceLocation: sourceLocation)
        expectBlanked(original: original, redacted: redacted, image: image, planar: image.planar == 1, regions: regions,
                      fill: fill, sourceLocation: sourceLocation)
        #expect(out.string(Tags.burnedInAnnotation) == "NO", sourceLocation: sourceLocation)
        #expect(out.string(Tag(0x0028, 0x2110)) == "00", sourceLocation: sourceLocation)
        #expect(out[Tags.pixelData]?.vr == file.dataset[Tags.pixelData]?.vr, sourceLocation: sourceLocation)
        // Nothing but the pixels and Burned In Annotation changed.
        var a = out, b = file.dataset
        for t in [Tags.pixelData, Tags.burnedInAnnotation] { a.remove(t); b.remove(t) }
        #expect(a == b, sourceLocation: sourceLocation)
        // The result is writable and reads back the same.
        let back = try scratch.roundTrip(out, "out.dcm")
        #expect(pixelBytes(back.dataset) == redacted, sourceLocation: sourceLocation)
        #expect(back.dataset.string(Tags.burnedInAnnotation) == "NO", sourceLocation: sourceLocation)
        return out
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }

    // MARK: crafted native images

    @Test func eightBitMonochrome2IsBlankedToZero() throws {
        try Self.check(Image(), fill: [[0]])
    }

    @Test func sixteenBitMonochrome2IsBlankedToZero() throws {
        try Self.check(Image(bitsAllocated: 16, bitsStored: 12, seed: 2), fill: [[0, 0]])
        try Self.check(Image(bitsAllocated: 16, seed: 3), fill: [[0, 0]])
    }

    @Test func signedMonochrome2IsBlankedToTheSmallestValue() throws {
        // 16 of 16 bits: -32768.
        try Self.check(Image(bitsAllocated: 16, signed: true, seed: 4), fill: [Self.le16(0x8000)])
        // 12 of 16 bits: -2048, sign-extended.
        try Self.check(Image(bitsAllocated: 16, bitsStored: 12, signed: true, seed: 5), fill: [Self.le16(0xF800)])
        // 8 bits: -128.
        try Self.check(Image(signed: true, seed: 6), fill: [[0x80]])
    }

    @Test func monochrome1IsBlankedToTheLargestValue() throws {
        try Self.check(Image(photometric: "MONOCHROME1", seed: 7), fill: [[0xFF]])
        try Self.check(Image(bitsAllocated: 16, bitsStored: 12, photometric: "MONOCHROME1", seed: 8), fill: [Self.le16(0x0FFF)])
        try Self.check(Image(bitsAllocated: 16, signed: true, photometric: "MONOCHROME1", seed: 9), fill: [Self.le16(0x7FFF)])
    }

    @Test func bitsOutsideBitsStoredAreClearedInsideRegions() throws {
        // 12 bits stored at the top of 16 (High Bit 15), with noise in the low bits.
        try Self.check(Image(bitsAllocated: 16, bitsStored: 12, highBit: 15, photometric: "MONOCHROME1", seed: 10, validSamples: false),
                       fill: [Self.le16(0xFFF0)])
        // 12 bits stored at the bottom, noise (an old overlay) in the top bits.
        try Self.check(Image(bitsAllocated: 16, bitsStored: 12, seed: 11, validSamples: false), fill: [[0, 0]])
    }

    @Test func rgbIsBlankedInBothPlanarConfigurations() throws {
        try Self.check(Image(samples: 3, photometric: "RGB", planar: 0, seed: 12), fill: [[0], [0], [0]])
        try Self.check(Image(samples: 3, photometric: "RGB", planar: 1, seed: 13), fill: [[0], [0], [0]])
        try Self.check(Image(samples: 3, bitsAllocated: 16, photometric: "RGB", planar: 1, seed: 14), fill: [[0, 0], [0, 0], [0, 0]])
        try Self.check(Image(samples: 3, bitsAllocated: 16, photometric: "RGB", planar: 0, seed: 15), fill: [[0, 0], [0, 0], [0, 0]])
    }

    @Test func everyFrameIsBlanked() throws {
        try Self.check(Image(frames: 3, seed: 16), fill: [[0]])
        try Self.check(Image(frames: 2, samples: 3, photometric: "RGB", planar: 1, seed: 17), fill: [[0], [0], [0]])
        try Self.check(Image(frames: 4, bitsAllocated: 16, bitsStored: 10, signed: true, seed: 18), fill: [Self.le16(0xFE00)])
    }

    @Test func ybrFullGetsNeutralChroma() throws {
        try Self.check(Image(samples: 3, photometric: "YBR_FULL", planar: 0, seed: 19), fill: [[0], [128], [128]])
        try Self.check(Image(samples: 3, photometric: "YBR_FULL", planar: 1, seed: 20), fill: [[0], [128], [128]])
    }

    @Test func packedYbr422IsBlankedOnWholePairs() throws {
        let image = Image(rows: 6, columns: 8, frames: 2, samples: 3, photometric: "YBR_FULL_422", planar: 0, seed: 21)
        let scratch = try Scratch()
        let file = try scratch.roundTrip(image.dataset(), "in.dcm")
        let original = try #require(Self.pixelBytes(file.dataset))
        // Columns 3..4 on rows 1..2: pairs (2,3) and (4,5) are blanked whole.
        let out = try PixelRedactor.redact(file, regions: [PixelRegion(x: 3, y: 1, width: 2, height: 2)])
        let redacted = try #require(Self.pixelBytes(out))
        #expect(out.string(Tags.photometricInterpretation) == "YBR_FULL_422")
        var expected = original
        for f in 0..<2 {
            for y in 1...2 {
                for pair in [2, 4] {
                    let o = f * 6 * 8 * 2 + (y * 8 + pair) * 2
                    expected[o] = 0; expected[o + 1] = 0; expected[o + 2] = 128; expected[o + 3] = 128
                }
            }
        }
        #expect(redacted == expected)
    }

    @Test func paletteColourKeepsIndicesAndUsesTheDarkestEntry() throws {
        // Sixteen 16-bit entries, first mapped value 2; entry 5 is black.
        var red = [UInt16](repeating: 0xFFFF, count: 16), green = red, blue = red
        red[5] = 0; green[5] = 0; blue[5] = 0
        red[9] = 0; green[9] = 0x1000; blue[9] = 0
        let descriptor: [UInt16] = [16, 2, 16]
        let image = Image(photometric: "PALETTE COLOR", seed: 22, extra: [
            DataElement(tag: Tags.redPaletteDescriptor, vr: .US, integers: descriptor),
            DataElement(tag: Tags.greenPaletteDescriptor, vr: .US, integers: descriptor),
            DataElement(tag: Tags.bluePaletteDescriptor, vr: .US, integers: descriptor),
            DataElement(tag: Tags.redPaletteData, vr: .OW, integers: red),
            DataElement(tag: Tags.greenPaletteData, vr: .OW, integers: green),
            DataElement(tag: Tags.bluePaletteData, vr: .OW, integers: blue),
        ])
        let out = try Self.check(image, fill: [[7]])
        #expect(out.string(Tags.photometricInterpretation) == "PALETTE COLOR")
    }

    @Test func noRegionsLeavesThePixelsAsTheyAre() throws {
        let scratch = try Scratch()
        let file = try scratch.roundTrip(Image(samples: 3, photometric: "RGB", planar: 0, seed: 23).dataset(), "in.dcm")
        let out = try PixelRedactor.redact(file, regions: [])
        #expect(Self.pixelBytes(out) == Self.pixelBytes(file.dataset))
        #expect(out.string(Tags.burnedInAnnotation) == "NO")
        let outside = try PixelRedactor.redact(file, regions: [PixelRegion(x: 13, y: 0, width: 5, height: 5),
                                                                  PixelRegion(x: 0, y: -4, width: 5, height: 4)])
        #expect(Self.pixelBytes(outside) == Self.pixelBytes(file.dataset))
    }

    @Test func anOddLengthPaddedToEvenIsAccepted() throws {
        // 11 x 13 x 8 bits = 143 bytes, stored padded to 144.
        try Self.check(Image(seed: 24), fill: [[0]], regions: [PixelRegion(x: 12, y: 10, width: 1, height: 1)])
    }

    // MARK: errors

    static func expectError(_ file: DicomFile, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let e = #expect(throws: AnonymizationError.self, sourceLocation: sourceLocation) {
            try PixelRedactor.redact(file, regions: [PixelRegion(x: 0, y: 0, width: 1, height: 1)])
        }
        #expect(e?.kind == .pixels, sourceLocation: sourceLocation)
        #expect(e?.path == file.path, sourceLocation: sourceLocation)
        #expect(e?.reason.contains(text) == true, "\(e?.reason ?? "no error") -- expected '\(text)'", sourceLocation: sourceLocation)
    }

    static func inMemory(_ ds: Dataset, path: String? = "mem.dcm", transferSyntax: TransferSyntax = .explicitVRLittleEndian) -> DicomFile {
        var f = DicomFile(dataset: ds, transferSyntax: transferSyntax)
        f.path = path
        return f
    }

    @Test func unusableInputsGiveClearErrors() throws {
        let scratch = try Scratch()
        var noPixels = Image().dataset()
        noPixels.remove(Tags.pixelData)
        Self.expectError(Self.inMemory(noPixels), "no Pixel Data")

        let p = scratch.path("header.dcm")
        try DicomWriter.write(Image().dataset(), to: p, transferSyntax: .explicitVRLittleEndian)
        let headerOnly = try DicomFile.read(p, options: .header)
        Self.expectError(headerOnly, "header-only")

        var short = Image(bitsAllocated: 16).dataset()
        short.set(DataElement(tag: Tags.pixelData, vr: .OW, value: .bytes([UInt8](repeating: 0, count: 11 * 13 * 2 - 2))))
        Self.expectError(Self.inMemory(short), "length mismatch: 284 bytes, the header describes 286")
        var long = Image().dataset()
        long.set(DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes([UInt8](repeating: 0, count: 11 * 13 * 2))))
        Self.expectError(Self.inMemory(long), "length mismatch")

        var oneBit = Image().dataset()
        oneBit.set(DataElement(tag: Tags.bitsAllocated, vr: .US, integers: [UInt16(1)]))
        oneBit.set(DataElement(tag: Tags.bitsStored, vr: .US, integers: [UInt16(1)]))
        oneBit.set(DataElement(tag: Tags.highBit, vr: .US, integers: [UInt16(0)]))
        Self.expectError(Self.inMemory(oneBit), "1-bit pixel data")

        Self.expectError(Self.inMemory(Image(bitsAllocated: 16, bitsStored: 17).dataset()), "inconsistent Bits Stored")
        Self.expectError(Self.inMemory(Image(samples: 3, photometric: "HSV").dataset()), "photometric interpretation HSV")
        Self.expectError(Self.inMemory(Image(photometric: "RGB").dataset()), "photometric interpretation RGB with 1 sample")
        Self.expectError(Self.inMemory(Image(samples: 4, photometric: "CMYK").dataset()), "Samples per Pixel 4")
        Self.expectError(Self.inMemory(Image(photometric: "PALETTE COLOR").dataset()), "cannot choose the black index")
        var noRows = Image().dataset()
        noRows.remove(Tags.rows)
        Self.expectError(Self.inMemory(noRows), "Rows/Columns")

        // Compressed pixel data held in memory, with no file to decode it from.
        var compressed = Image().dataset()
        compressed.set(DataElement(tag: Tags.pixelData, vr: .OB, value: .encapsulated(EncapsulatedPixelData(offsetTable: [], fragments: [[1, 2, 3, 4]]))))
        Self.expectError(Self.inMemory(compressed, path: nil, transferSyntax: .rleLossless), "was not decoded")
    }

    // MARK: compressed input (DCMTK's command-line tools)

    /// The path of a command-line tool on PATH (or the usual places), or nil.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map(String.init) ?? []
        return (path + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]).map { $0 + "/" + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw AnonymizationError(.pixels, "\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }

    /// Compresses a crafted image with a DCMTK tool, redacts the compressed file (read decoding,
    /// and read without decoding), and checks the result decodes to the redacted uncompressed image.
    static func checkCompressed(_ image: Image, tool name: String, options: [String], syntax: TransferSyntax,
                                black: [UInt8]? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tool = try #require(Self.tool(name), sourceLocation: sourceLocation)
        let scratch = try Scratch()
        let plainPath = scratch.path("plain.dcm"), packedPath = scratch.path("packed.dcm")
        try DicomWriter.write(image.dataset(), to: plainPath, transferSyntax: .explicitVRLittleEndian)
        try run(tool, options + [plainPath, packedPath])
        let packed = try DicomFile.read(packedPath, options: .full)
        #expect(packed.transferSyntax == syntax, sourceLocation: sourceLocation)
        #expect(packed.decodedPixels != nil, sourceLocation: sourceLocation)

        let fromPacked = try PixelRedactor.redact(packed, regions: regions)
        let fromPlain = try PixelRedactor.redact(try DicomFile.read(plainPath), regions: regions)
        let a = try PixelDecoder.decode(try scratch.roundTrip(fromPacked, "a.dcm"))
        let b = try PixelDecoder.decode(try scratch.roundTrip(fromPlain, "b.dcm"))
        #expect(a.data == b.data, sourceLocation: sourceLocation)
        #expect(a.photometricInterpretation == b.photometricInterpretation, sourceLocation: sourceLocation)
        try expectDecodedBlanked(original: packed, redacted: fromPacked, regions: regions, scratch: scratch, black: black,
                                 sourceLocation: sourceLocation)
        #expect(fromPacked.string(Tags.burnedInAnnotation) == "NO", sourceLocation: sourceLocation)
        if case .bytes? = fromPacked[Tags.pixelData]?.value {} else {
            Issue.record("redacted pixel data is not native", sourceLocation: sourceLocation)
        }
        // A file read without decoding is decoded from its path.
        let lazy = try DicomFile.read(packedPath, options: .init(decodePixels: false))
        #expect(try PixelRedactor.redact(lazy, regions: regions) == fromPacked, sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: tool("dcmcrle") != nil, "dcmcrle (DCMTK) is not installed"))
    func rleInputIsDecodedAndRedacted() throws {
        try Self.checkCompressed(Image(frames: 2, bitsAllocated: 16, bitsStored: 12, seed: 30), tool: "dcmcrle", options: [], syntax: .rleLossless)
        try Self.checkCompressed(Image(bitsAllocated: 16, signed: true, seed: 31), tool: "dcmcrle", options: [], syntax: .rleLossless,
                                 black: [0x00, 0x80])
        try Self.checkCompressed(Image(frames: 2, samples: 3, photometric: "RGB", planar: 0, seed: 32), tool: "dcmcrle", options: [], syntax: .rleLossless)
        try Self.checkCompressed(Image(samples: 3, photometric: "RGB", planar: 1, seed: 33), tool: "dcmcrle", options: [], syntax: .rleLossless)
    }

    @Test(.enabled(if: tool("dcmcjpeg") != nil, "dcmcjpeg (DCMTK) is not installed"))
    func losslessJPEGInputIsDecodedAndRedacted() throws {
        try Self.checkCompressed(Image(frames: 2, bitsAllocated: 16, bitsStored: 12, seed: 34), tool: "dcmcjpeg", options: ["+e1"], syntax: .jpegLosslessSV1)
        try Self.checkCompressed(Image(samples: 3, photometric: "RGB", planar: 0, seed: 35), tool: "dcmcjpeg", options: ["+e1"], syntax: .jpegLosslessSV1)
    }

    @Test(.enabled(if: tool("dcmcjpls") != nil, "dcmcjpls (DCMTK) is not installed"))
    func jpegLSInputIsDecodedAndRedacted() throws {
        try Self.checkCompressed(Image(frames: 3, bitsAllocated: 16, bitsStored: 14, seed: 36), tool: "dcmcjpls", options: [], syntax: .jpegLSLossless)
    }

    @Test(.enabled(if: tool("dcmcjpeg") != nil, "dcmcjpeg (DCMTK) is not installed"))
    func lossyJPEGInputIsRedactedInTheDecodedColours() throws {
        // Baseline JPEG of a colour image: DCMTK decodes YBR to RGB; the result says RGB and stays marked lossy.
        let tool = try #require(Self.tool("dcmcjpeg"))
        let scratch = try Scratch()
        let plain = scratch.path("plain.dcm"), packed = scratch.path("packed.dcm")
        try DicomWriter.write(Image(rows: 32, columns: 48, samples: 3, photometric: "RGB", planar: 0, seed: 37).dataset(),
                              to: plain, transferSyntax: .explicitVRLittleEndian)
        try Self.run(tool, ["+eb", plain, packed])
        let file = try DicomFile.read(packed, options: .full)
        #expect(file.transferSyntax == .jpegBaseline)
        let out = try PixelRedactor.redact(file, regions: Self.regions)
        try Self.expectDecodedBlanked(original: file, redacted: out, regions: Self.regions, scratch: scratch)
        #expect(out.string(Tags.photometricInterpretation) == "RGB")
        #expect(out.string(Tag(0x0028, 0x2110)) == file.dataset.string(Tag(0x0028, 0x2110)))
    }

    /// Decodes the original and the redacted object and checks that they agree outside the
    /// regions and show black (decoded value bytes `black`, default zeros) inside.
    static func expectDecodedBlanked(original: DicomFile, redacted: Dataset, regions: [PixelRegion], scratch: Scratch,
                                     black: [UInt8]? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try PixelDecoder.decode(original)
        let after = try PixelDecoder.decode(try scratch.roundTrip(redacted, "decoded-\(UUID().uuidString).dcm"))
        #expect(after.rows == before.rows && after.columns == before.columns && after.frames == before.frames,
                sourceLocation: sourceLocation)
        let voxel = before.data.count / (before.rows * before.columns * before.frames)
        let image = Image(rows: before.rows, columns: before.columns, frames: before.frames, samples: 1, bitsAllocated: voxel * 8)
        expectBlanked(original: before.data, redacted: after.data, image: image, planar: false, regions: regions,
                      fill: [black ?? [UInt8](repeating: 0, count: voxel)], sourceLocation: sourceLocation)
    }

    // MARK: compressed samples (../shared/data)

    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/dicom/samples")
    static var samplesAvailable: Bool { FileManager.default.fileExists(atPath: samples.path) }
    static func sample(_ name: String) -> String { samples.appendingPathComponent(name).path }

    static let sampleRegions = [PixelRegion(x: 0, y: 0, width: 30, height: 6), PixelRegion(x: 40, y: 50, width: 1000, height: 1000),
                                PixelRegion(x: 5, y: 20, width: 7, height: 3)]

    /// Compressed samples whose uncompressed twin holds the same pixels, and the black value in
    /// decoded form (MR_small is signed 16-bit: -32768).
    @Test(.enabled(if: samplesAvailable, "../shared/data is not beside the repository"),
          arguments: [("MR_small_jp2klossless.dcm", "MR_small.dcm", [UInt8]([0x00, 0x80])),
                      ("MR_small_RLE.dcm", "MR_small.dcm", [0x00, 0x80]),
                      ("MR_small_jpeg_ls_lossless.dcm", "MR_small.dcm", [0x00, 0x80]),
                      ("emri_small_RLE.dcm", "emri_small.dcm", [0, 0]),
                      ("emri_small_jpeg_ls_lossless.dcm", "emri_small.dcm", [0, 0]),
                      ("US1_J2KR.dcm", "US1_UNCR.dcm", [0, 0, 0])])
    func compressedSamplesRedactLikeTheirUncompressedTwins(compressed: String, plain: String, black: [UInt8]) throws {
        let scratch = try Scratch()
        let c = try DicomFile.read(Self.sample(compressed), options: .full)
        let p = try DicomFile.read(Self.sample(plain), options: .full)
        let fromC = try PixelRedactor.redact(c, regions: Self.sampleRegions)
        let fromP = try PixelRedactor.redact(p, regions: Self.sampleRegions)
        let a = try PixelDecoder.decode(try scratch.roundTrip(fromC, "c.dcm"))
        let b = try PixelDecoder.decode(try scratch.roundTrip(fromP, "p.dcm"))
        #expect(a.data == b.data, "\(compressed)")
        try Self.expectDecodedBlanked(original: c, redacted: fromC, regions: Self.sampleRegions, scratch: scratch, black: black)
        #expect(fromC.string(Tags.burnedInAnnotation) == "NO")
    }

    @Test(.enabled(if: samplesAvailable, "../shared/data is not beside the repository"),
          arguments: ["SC_rgb_rle_2frame.dcm", "SC_rgb_jpeg_dcmtk.dcm", "JPEG2000.dcm", "JPEG-lossy.dcm"])
    func compressedSamplesAreBlankedInTheirDecodedPixels(name: String) throws {
        let scratch = try Scratch()
        let file = try DicomFile.read(Self.sample(name), options: .full)
        let out = try PixelRedactor.redact(file, regions: Self.sampleRegions)
        let signed = file.dataset.int(Tags.pixelRepresentation) == 1
        // JPEG2000.dcm is signed 16-bit MONOCHROME2: black is -32768.
        try Self.expectDecodedBlanked(original: file, redacted: out, regions: Self.sampleRegions, scratch: scratch,
                                      black: signed ? [0x00, 0x80] : nil)
        #expect(out.string(Tag(0x0028, 0x2110)) == file.dataset.string(Tag(0x0028, 0x2110)))
    }
}
