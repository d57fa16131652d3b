import DICOM
import Foundation
import Imaging
import Testing
@testable import Anonymization

/// OCR of burned-in text (Tesseract through `TextRecognizer`) on crafted screenshots: text drawn
/// with the project's 5x7 dot-matrix font over a smooth "anatomy" disc, as the simulated archive
/// and many consoles do.
@Suite struct BurnedInTextDetectorTests {
    /// An 8-bit MONOCHROME2 screenshot with lines of text at known boxes.
    struct Screen {
        var width = 320
        var height = 240
        var lines: [(text: String, x: Int, y: Int)] = [
            ("RIVERA, MARIA", 6, 6), ("ID P7734021", 6, 24), ("DOB 1961-03-14", 6, 42), ("ACME GENERAL", 170, 216),
        ]
        var scale = 2

        /// The pixels and the box of each line.
        func render() -> (pixels: [UInt8], boxes: [PixelRegion]) {
            var pixels = [UInt8](repeating: 0, count: width * height)
            // A bright smooth disc (at most 180): anatomy, dimmer than the overlay.
            let cx = Double(width) / 2, cy = Double(height) / 2 + 20, r = Double(height) * 0.42
            for y in 0..<height {
                for x in 0..<width {
                    let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                    if d < r { pixels[y * width + x] = UInt8(100 + 80 * cos(d / r * 1.4) * (0.6 + 0.4 * sin(Double(x) / 9))) }
                }
            }
            var boxes: [PixelRegion] = []
            for line in lines {
                boxes.append(BitmapFont.standard.draw(line.text, into: &pixels, width: width, height: height,
                                                      x: line.x, y: line.y, scale: scale, value: 255))
            }
            return (pixels, boxes)
        }

        func dataset(_ pixels: [UInt8], photometric: String = "MONOCHROME2") -> Dataset {
            var ds = Dataset()
            func us(_ tag: Tag, _ v: Int) { ds.set(DataElement(tag: tag, vr: .US, integers: [UInt16(v)])) }
            ds.set(DataElement(tag: Tags.sopClassUID, vr: .UI, strings: ["1.2.840.10008.5.1.4.1.1.7"]))
            ds.set(DataElement(tag: Tags.modality, vr: .CS, strings: ["OT"]))
            ds.set(DataElement(tag: Tags.photometricInterpretation, vr: .CS, strings: [photometric]))
            us(Tags.samplesPerPixel, 1)
            us(Tags.rows, height)
            us(Tags.columns, width)
            us(Tags.bitsAllocated, 8)
            us(Tags.bitsStored, 8)
            us(Tags.highBit, 7)
            us(Tags.pixelRepresentation, 0)
            ds.set(DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes(pixels)))
            return ds
        }
    }

    static func contains(_ outer: PixelRegion, _ inner: PixelRegion) -> Bool {
        outer.x <= inner.x && outer.y <= inner.y && outer.x + outer.width >= inner.x + inner.width
            && outer.y + outer.height >= inner.y + inner.height
    }

    @Test func everyLineOfTextIsInsideADetectedBoxAndBlankedByTheRedactor() throws {
        let screen = Screen()
        let (pixels, boxes) = screen.render()
        let ds = screen.dataset(pixels)
        let found = try BurnedInTextDetector().detect(ds, path: "screen.dcm", recognizer: TextRecognizer())
        for box in boxes {
            #expect(found.contains { Self.contains($0.region, box) }, "text at \(box) is not covered by \(found.map(\.region))")
        }
        // Boxes stay near the text: the blanked area is at most twice the text's.
        let textArea = boxes.reduce(0) { $0 + $1.width * $1.height }
        let blankArea = found.reduce(0) { $0 + $1.region.width * $1.region.height }
        #expect(blankArea <= 2 * textArea, "blanked \(blankArea) px for \(textArea) px of text")
        #expect(found.allSatisfy { $0.frame == 0 && $0.characters > 0 })

        let redacted = try PixelRedactor.redact(DicomFile(dataset: ds), regions: found.map(\.region))
        let out = try #require(redacted[Tags.pixelData]?.bytes)
        for box in boxes {
            for y in box.y..<(box.y + box.height) {
                for x in box.x..<(box.x + box.width) { #expect(out[y * screen.width + x] == 0) }
            }
        }
        // The anatomy far from the text is kept.
        #expect(out[(screen.height / 2 + 20) * screen.width + screen.width / 2] == pixels[(screen.height / 2 + 20) * screen.width + screen.width / 2])
    }

    @Test func aCleanImageHasNoText() throws {
        var screen = Screen()
        screen.lines = []
        let (pixels, _) = screen.render()
        #expect(try BurnedInTextDetector().detect(screen.dataset(pixels), path: nil, recognizer: TextRecognizer()).isEmpty)
    }

    @Test func monochrome1IsReadAsDisplayed() throws {
        // The same screen stored inverted (MONOCHROME1: high values display dark).
        let screen = Screen()
        let (pixels, boxes) = screen.render()
        let ds = screen.dataset(pixels.map { 255 - $0 }, photometric: "MONOCHROME1")
        let found = try BurnedInTextDetector().detect(ds, path: nil, recognizer: TextRecognizer())
        for box in boxes { #expect(found.contains { Self.contains($0.region, box) }) }
    }

    @Test func tesseractReadsLargeDotMatrixWords() throws {
        var screen = Screen()
        screen.lines = [("KWAME MANSOUR", 10, 20)]
        screen.scale = 3
        let (pixels, _) = screen.render()
        let words = try TextRecognizer().recognize(gray: pixels, width: screen.width, height: screen.height)
        let read = Set(words.map { $0.text.uppercased().filter { $0.isLetter } })
        #expect(read.contains("KWAME") || read.contains("MANSOUR"), "read \(words.map(\.text))")
    }

    @Test func growingExtendsTruncatedBoxesAndRejectsAnatomy() throws {
        let screen = Screen()
        let (pixels, boxes) = screen.render()
        let image = GreyFrame(frame: 0, width: screen.width, height: screen.height, pixels: pixels)
        let detector = BurnedInTextDetector()
        // A box over the first three characters of "ID P7734021" grows over the whole line.
        let line = boxes[1]
        let partial = PixelRegion(x: line.x, y: line.y, width: 3 * 12, height: line.height)
        let grown = try #require(detector.grow(partial, in: image, threshold: 239))
        // Every dot of the line (a glyph's box may end in empty columns) is inside.
        var outside = 0
        for y in line.y..<(line.y + line.height) {
            for x in line.x..<(line.x + line.width) where pixels[y * screen.width + x] == 255 {
                if x < grown.x || x >= grown.x + grown.width || y < grown.y || y >= grown.y + grown.height { outside += 1 }
            }
        }
        #expect(outside == 0, "\(grown) leaves \(outside) dots of \(line) out")
        #expect(grown.width < line.width + 12)
        // A box in the disc only (no overlay-bright pixel) is not text.
        #expect(detector.grow(PixelRegion(x: 150, y: 120, width: 30, height: 14), in: image, threshold: 239) == nil)
    }

    @Test func overlappingBoxesMerge() {
        let a = DetectedText(frame: 0, region: PixelRegion(x: 0, y: 0, width: 10, height: 10), confidence: 80, characters: 3)
        let b = DetectedText(frame: 0, region: PixelRegion(x: 8, y: 2, width: 10, height: 10), confidence: 40, characters: 2)
        let c = DetectedText(frame: 1, region: PixelRegion(x: 8, y: 2, width: 10, height: 10), confidence: 90, characters: 1)
        let merged = BurnedInTextDetector.merged([a, b, c])
        #expect(merged.count == 2)
        #expect(merged[0] == DetectedText(frame: 0, region: PixelRegion(x: 0, y: 0, width: 18, height: 12), confidence: 40, characters: 5))
        #expect(merged[1] == c)
    }

    @Test func greyFramesScaleSignedSixteenBitAndColour() throws {
        var ds = Dataset()
        func us(_ tag: Tag, _ v: Int) { ds.set(DataElement(tag: tag, vr: .US, integers: [UInt16(v)])) }
        us(Tags.rows, 1); us(Tags.columns, 3); us(Tags.samplesPerPixel, 1)
        us(Tags.bitsAllocated, 16); us(Tags.bitsStored, 12); us(Tags.highBit, 11); us(Tags.pixelRepresentation, 1)
        ds.set(DataElement(tag: Tags.photometricInterpretation, vr: .CS, strings: ["MONOCHROME2"]))
        // -2048, 0, 2047 in 12 bits (the top 4 bits hold garbage that must be ignored).
        ds.set(DataElement(tag: Tags.pixelData, vr: .OW, value: .bytes([0x00, 0xF8, 0x00, 0x50, 0xFF, 0xA7])))
        #expect(try GreyFrame.render(ds, frames: [0], path: nil).first?.pixels == [0, 128, 255])

        var rgb = Dataset()
        func set(_ tag: Tag, _ v: Int) { rgb.set(DataElement(tag: tag, vr: .US, integers: [UInt16(v)])) }
        set(Tags.rows, 1); set(Tags.columns, 2); set(Tags.samplesPerPixel, 3)
        set(Tags.bitsAllocated, 8); set(Tags.bitsStored, 8); set(Tags.highBit, 7); set(Tags.planarConfiguration, 1)
        rgb.set(DataElement(tag: Tags.photometricInterpretation, vr: .CS, strings: ["RGB"]))
        // Planar: R R G G B B; pixel 0 black, pixel 1 pure green (luma 0.587 * 255 = the maximum).
        rgb.set(DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes([0, 0, 0, 255, 0, 0])))
        #expect(try GreyFrame.render(rgb, frames: [0], path: nil).first?.pixels == [0, 255])

        #expect(GreyFrame.sampleIndices(total: 100, count: 4) == [0, 33, 66, 99])
        #expect(GreyFrame.sampleIndices(total: 2, count: 4) == [0, 1])
    }

    @Test func aMissingModelIsAClearError() {
        #expect {
            _ = try TextRecognizer(language: "eng", dataPath: "/nonexistent/tessdata")
        } throws: { error in
            guard let e = error as? AnonymizationError else { return false }
            return e.kind == .ocr && e.description.contains("/nonexistent/tessdata/eng.traineddata")
        }
    }
}
