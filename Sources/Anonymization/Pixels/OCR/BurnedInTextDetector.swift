import DICOM
import Foundation
import Imaging

/// A box of text found in an image's pixels by OCR: where (frame, pixels), how sure Tesseract
/// was (0...100) and how many characters it read. Never the text itself: it is what a report
/// or log may show.
public struct DetectedText: Sendable, Codable, Equatable {
    public var frame: Int
    public var region: PixelRegion
    /// The lowest word confidence among the words merged into this box.
    public var confidence: Double
    public var characters: Int
}

/// Finds burned-in text with OCR and turns Tesseract's word boxes into boxes safe to blank.
///
/// Steps, for each of up to `maxFrames` frames spread over the object (first and last included):
/// 1. the frame as 8-bit grey (`GreyFrame`), read by Tesseract (sparse-text mode);
/// 2. words with a letter or digit and at least `minimumConfidence` are kept if they look
///    burned in: overlays are drawn at (or near) the brightest displayed value, so a word box
///    must hold pixels within `textTolerance` of the frame's maximum, and those pixels must fill
///    between 3% and 75% of the box (strokes, not a solid bright patch). Tesseract also "reads"
///    letters in anatomy (a "W" in a sulcus); those are not as bright as the overlay and drop out;
/// 3. each word box is **grown** over the text's own pixels: Tesseract's boxes often stop short
///    of characters it could not read (on dot-matrix overlays the last two or three glyphs), so
///    the box extends column by column (and row by row) while the next columns, within a gap of
///    one box height, hold text-bright pixels, up to `maximumGrowth` box heights each side;
/// 4. a margin of `margin` x the box height (at least 2 pixels) is added;
/// 5. the frame is read again with the boxes found so far blanked (up to `passes` readings: a
///    line Tesseract skipped beside another is often read once that one is gone);
/// 6. banners stack lines: the band one line high just above and below each box is searched for
///    text-bright strokes, which are grown into boxes too (repeated from each new box);
/// 7. boxes that overlap are merged.
/// Boxes found on any frame are blanked on every frame by `PixelRedactor` (overlays rarely move).
public struct BurnedInTextDetector: Sendable {
    public var minimumConfidence: Double
    public var maxFrames: Int
    public var margin: Double
    public var maximumGrowth: Double
    /// Word boxes taller than this fraction of the image are not text (an organ read as a letter).
    public var maximumHeightFraction: Double
    /// How far below the frame's brightest grey (0...255 after scaling) burned-in text may be.
    public var textTolerance: Int
    /// OCR passes per frame (each on the frame with the boxes found so far blanked).
    public var passes: Int

    public init(minimumConfidence: Double = 0, maxFrames: Int = 4, margin: Double = 0.25,
                maximumGrowth: Double = 8, maximumHeightFraction: Double = 0.2, textTolerance: Int = 16,
                passes: Int = 3) {
        self.minimumConfidence = minimumConfidence
        self.maxFrames = maxFrames
        self.margin = margin
        self.maximumGrowth = maximumGrowth
        self.maximumHeightFraction = maximumHeightFraction
        self.textTolerance = textTolerance
        self.passes = passes
    }

    /// The text boxes in a dataset whose Pixel Data is native (decode with `PixelRedactor.native`).
    public func detect(_ ds: Dataset, path: String?, recognizer: TextRecognizer) throws(AnonymizationError) -> [DetectedText] {
        let frames = max(1, ds.int(Tags.numberOfFrames) ?? 1)
        let images = try GreyFrame.render(ds, frames: GreyFrame.sampleIndices(total: frames, count: maxFrames), path: path)
        var found: [DetectedText] = []
        for image in images {
            found += try detect(in: image, recognizer: recognizer)
        }
        return found
    }

    /// OCR passes over one frame, each on the frame with the boxes found so far blanked (a word
    /// Tesseract misses beside a bright line is often read once that line is gone), then the
    /// lines just above and below each box.
    func detect(in image: GreyFrame, recognizer: TextRecognizer) throws(AnonymizationError) -> [DetectedText] {
        var frameMax: UInt8 = 0
        for v in image.pixels { frameMax = max(frameMax, v) }
        guard frameMax > 0 else { return [] }
        // The overlay's brightness, fixed from the untouched frame for every pass.
        let threshold = Int(frameMax) - textTolerance
        var working = image
        var found: [DetectedText] = []
        for _ in 0..<max(1, passes) {
            let words = try recognizer.recognize(gray: working.pixels, width: working.width, height: working.height)
            let new = boxes(words: words, in: working, threshold: threshold)
            guard !new.isEmpty else { break }
            found += new
            working.blank(new.map(\.region))
        }
        var queue = found
        var budget = 64
        while let box = queue.popLast(), budget > 0 {
            budget -= 1
            for neighbour in neighbouringLines(of: box, in: working, threshold: threshold) {
                found.append(neighbour)
                working.blank([neighbour.region])
                queue.append(neighbour)
            }
        }
        return Self.merged(found)
    }

    /// Grown, padded and merged boxes of the words found in one frame.
    func boxes(words: [RecognizedWord], in image: GreyFrame, threshold: Int) -> [DetectedText] {
        var boxes: [DetectedText] = []
        for word in words where word.confidence >= minimumConfidence {
            guard Double(word.region.height) <= maximumHeightFraction * Double(image.height),
                  let grown = grow(word.region, in: image, threshold: threshold) else { continue }
            boxes.append(DetectedText(frame: image.frame, region: padded(grown, height: word.region.height, in: image),
                                      confidence: word.confidence, characters: word.text.filter { !$0.isWhitespace }.count))
        }
        return Self.merged(boxes)
    }

    /// A box with the margin added, clipped to the image.
    func padded(_ box: PixelRegion, height: Int, in image: GreyFrame) -> PixelRegion {
        let pad = max(2, Int((margin * Double(height)).rounded()))
        let wide = PixelRegion(x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad)
        guard let clip = wide.clipped(columns: image.width, rows: image.height) else { return box }
        return PixelRegion(x: clip.columns.lowerBound, y: clip.rows.lowerBound, width: clip.columns.count, height: clip.rows.count)
    }

    /// Text-bright strokes in the band of one line height just above or below a box (banners
    /// stack lines; OCR sometimes skips one of them), grown into boxes. Confidence 0, characters 0:
    /// found by pixels, not read.
    func neighbouringLines(of box: DetectedText, in image: GreyFrame, threshold: Int) -> [DetectedText] {
        let r = box.region
        // The text height inside the padded box (the margin is a quarter of it each side).
        let lineHeight = max(4, Int((Double(r.height) / (1 + 2 * margin)).rounded()))
        var out: [DetectedText] = []
        for band in [PixelRegion(x: r.x - lineHeight, y: r.y + r.height, width: r.width + 2 * lineHeight, height: lineHeight),
                     PixelRegion(x: r.x - lineHeight, y: r.y - lineHeight, width: r.width + 2 * lineHeight, height: lineHeight)] {
            guard let clip = band.clipped(columns: image.width, rows: image.height) else { continue }
            var x0 = Int.max, x1 = Int.min, y0 = Int.max, y1 = Int.min, columns = Set<Int>()
            for y in clip.rows {
                for x in clip.columns where Int(image.pixels[y * image.width + x]) >= threshold {
                    x0 = min(x0, x); x1 = max(x1, x + 1); y0 = min(y0, y); y1 = max(y1, y + 1)
                    columns.insert(x)
                }
            }
            // A few glyph columns at least: a stray bright pixel is not a line of text.
            guard columns.count >= max(3, lineHeight / 2) else { continue }
            // Seed a line-high box on the strokes (it may start mid-glyph) and grow it.
            let top = y0 < r.y ? max(0, y1 - lineHeight) : y0
            let seed = PixelRegion(x: x0, y: top, width: x1 - x0, height: lineHeight)
            guard let grown = grow(seed, in: image, threshold: threshold) else { continue }
            out.append(DetectedText(frame: box.frame, region: padded(grown, height: lineHeight, in: image), confidence: 0, characters: 0))
        }
        return out
    }

    /// Extends a word box over neighbouring columns and rows that hold text-bright pixels
    /// (at least `threshold`); nil when the box does not look like burned-in text (see the
    /// type's notes).
    func grow(_ box: PixelRegion, in image: GreyFrame, threshold: Int) -> PixelRegion? {
        guard let clip = box.clipped(columns: image.width, rows: image.height) else { return nil }
        let w = image.width
        let isText: (UInt8) -> Bool = { Int($0) >= threshold }
        var bright = 0
        for y in clip.rows { for x in clip.columns where isText(image.pixels[y * w + x]) { bright += 1 } }
        let fraction = Double(bright) / Double(clip.rows.count * clip.columns.count)
        guard fraction >= 0.03, fraction <= 0.75 else { return nil }

        var x0 = clip.columns.lowerBound, x1 = clip.columns.upperBound
        var y0 = clip.rows.lowerBound, y1 = clip.rows.upperBound
        let height = y1 - y0
        let reach = Int(maximumGrowth * Double(height))
        func columnHasText(_ x: Int) -> Bool { (y0..<y1).contains { isText(image.pixels[$0 * w + x]) } }
        func rowHasText(_ y: Int) -> Bool { (x0..<x1).contains { isText(image.pixels[y * w + $0]) } }
        // Right, then left: a run of empty columns longer than the box height ends the word.
        var x = x1, gap = 0
        while x < min(w, clip.columns.upperBound + reach), gap <= height {
            if columnHasText(x) { x1 = x + 1; gap = 0 } else { gap += 1 }
            x += 1
        }
        x = x0 - 1; gap = 0
        while x >= max(0, clip.columns.lowerBound - reach), gap <= height {
            if columnHasText(x) { x0 = x; gap = 0 } else { gap += 1 }
            x -= 1
        }
        // Up and down by at most half a height (accents, descenders, a cut-off top row).
        let vertical = max(1, height / 2)
        var y = y1
        while y < min(image.height, clip.rows.upperBound + vertical), rowHasText(y) { y1 = y + 1; y += 1 }
        y = y0 - 1
        while y >= max(0, clip.rows.lowerBound - vertical), rowHasText(y) { y0 = y; y -= 1 }
        return PixelRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Merges overlapping boxes (of the same frame) until none overlap.
    static func merged(_ input: [DetectedText]) -> [DetectedText] {
        var boxes = input
        var changed = true
        while changed {
            changed = false
            outer: for i in boxes.indices {
                for j in boxes.indices where j > i && boxes[i].frame == boxes[j].frame && overlaps(boxes[i].region, boxes[j].region) {
                    let a = boxes[i].region, b = boxes[j].region
                    let x0 = min(a.x, b.x), y0 = min(a.y, b.y)
                    let x1 = max(a.x + a.width, b.x + b.width), y1 = max(a.y + a.height, b.y + b.height)
                    boxes[i] = DetectedText(frame: boxes[i].frame, region: PixelRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0),
                                            confidence: min(boxes[i].confidence, boxes[j].confidence),
                                            characters: boxes[i].characters + boxes[j].characters)
                    boxes.remove(at: j)
                    changed = true
                    break outer
                }
            }
        }
        return boxes.sorted { ($0.frame, $0.region.y, $0.region.x) < ($1.frame, $1.region.y, $1.region.x) }
    }

    static func overlaps(_ a: PixelRegion, _ b: PixelRegion) -> Bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }
}
