/// A tiny fixed-width 5x7 dot-matrix raster font.
///
/// Used to burn text (patient name, ID, dates) into the pixels of simulated
/// screenshot images and to label rows of preview grids. The glyph shapes are
/// medsynth's own, drawn in the classic 5x7 dot-matrix style; no font files
/// are read.
///
/// Each character occupies one cell: a glyph of `glyphWidth` x `glyphHeight`
/// dots followed by one empty column (`advance` = 6). Text is a single line;
/// every `Character` (including a newline) takes one cell. Letters are drawn as
/// their uppercase form; a character without a glyph is drawn as a hollow box
/// so nothing disappears silently.
///
/// ```swift
/// var pixels = [UInt8](repeating: 0, count: 64 * 16)
/// BitmapFont.standard.draw("ID 42", into: &pixels, width: 64, height: 16, x: 2, y: 2)
/// ```
public struct BitmapFont: Sendable {
    /// The font, with the built-in glyph table.
    public static let standard = BitmapFont()

    /// Width of a glyph in dots (5).
    public let glyphWidth: Int = 5
    /// Height of a glyph in dots (7).
    public let glyphHeight: Int = 7
    /// Horizontal distance between the left edges of two neighbouring characters (6).
    public let advance: Int = 6
    /// Suggested vertical distance between the tops of two lines of text (9).
    public let lineHeight: Int = 9

    private init() {}

    /// The seven row bitmaps of a character, top row first.
    ///
    /// Bit 4 of each row is the leftmost column, bit 0 the rightmost. A
    /// character is uppercased first; one without a glyph of its own gives the
    /// hollow box.
    public func rows(for c: Character) -> [UInt8] {
        Self.glyphs[Self.lookupKey(c)] ?? Self.box
    }

    /// Whether the character has a glyph of its own (after uppercasing), rather than the box.
    public func hasGlyph(_ c: Character) -> Bool {
        Self.glyphs[Self.lookupKey(c)] != nil
    }

    /// Pixel size of `text` drawn as one line at an integer scale.
    ///
    /// The width runs from the left edge of the first glyph to the right edge
    /// of the last one (no trailing gap): `count * advance * scale -
    /// (advance - glyphWidth) * scale`; the height is `glyphHeight * scale`.
    /// The empty string measures 0 x 0. A `scale` below 1 is treated as 1.
    public func size(of text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let s = max(1, scale)
        let count = text.count
        guard count > 0 else { return (0, 0) }
        return (count * advance * s - (advance - glyphWidth) * s, glyphHeight * s)
    }

    /// Draws `text` with its top-left corner at (`x`, `y`), calling `plot(px, py)`
    /// once for every lit pixel.
    ///
    /// Each dot of a glyph becomes a `scale` x `scale` square of pixels; a
    /// `scale` below 1 is treated as 1. Nothing is clipped: coordinates may be
    /// negative or beyond any image.
    ///
    /// - Returns: The text's bounding box: the origin and `size(of:scale:)`.
    ///   Every plotted pixel lies inside it.
    @discardableResult
    public func draw(_ text: String, x: Int, y: Int, scale: Int = 1, plot: (Int, Int) -> Void) -> PixelRegion {
        let s = max(1, scale)
        forEachDot(of: text, x: x, y: y, scale: s) { left, top in
            for py in top..<(top + s) {
                for px in left..<(left + s) { plot(px, py) }
            }
        }
        return boundingBox(of: text, x: x, y: y, scale: s)
    }

    /// Draws `text` into a row-major 8-bit image, setting lit pixels to `value`.
    ///
    /// `pixels` holds `width` x `height` samples, row by row. Pixels falling
    /// outside the image are skipped, so text may hang over any border; rows
    /// beyond the end of a buffer shorter than `width * height` are skipped too.
    /// Nothing is ever written out of bounds.
    ///
    /// - Returns: The unclipped bounding box of the text, as `draw(_:x:y:scale:plot:)`.
    @discardableResult
    public func draw(
        _ text: String, into pixels: inout [UInt8], width: Int, height: Int,
        x: Int, y: Int, scale: Int = 1, value: UInt8 = 255
    ) -> PixelRegion {
        let s = max(1, scale)
        let box = boundingBox(of: text, x: x, y: y, scale: s)
        guard width > 0, height > 0 else { return box }
        let rowsInBuffer = min(height, pixels.count / width)
        guard rowsInBuffer > 0 else { return box }
        pixels.withUnsafeMutableBufferPointer { buffer in
            forEachDot(of: text, x: x, y: y, scale: s) { left, top in
                // Clip the dot's square to the image before touching memory.
                let x0 = max(left, 0), x1 = min(left + s, width)
                let y0 = max(top, 0), y1 = min(top + s, rowsInBuffer)
                guard x0 < x1, y0 < y1 else { return }
                for py in y0..<y1 {
                    let row = py * width
                    for px in x0..<x1 { buffer[row + px] = value }
                }
            }
        }
        return box
    }

    // MARK: - Layout

    /// Calls `body(left, top)` with the top-left pixel of every lit dot of `text`, at scale `s` (>= 1).
    private func forEachDot(of text: String, x: Int, y: Int, scale s: Int, _ body: (Int, Int) -> Void) {
        var cellLeft = x
        for c in text {
            let bitmap = rows(for: c)
            for (r, bits) in bitmap.enumerated() where bits != 0 {
                for column in 0..<glyphWidth where bits & (1 << (glyphWidth - 1 - column)) != 0 {
                    body(cellLeft + column * s, y + r * s)
                }
            }
            cellLeft += advance * s
        }
    }

    /// The bounding box of `text` at (`x`, `y`) and scale `s`.
    private func boundingBox(of text: String, x: Int, y: Int, scale s: Int) -> PixelRegion {
        let size = size(of: text, scale: s)
        return PixelRegion(x: x, y: y, width: size.width, height: size.height)
    }

    /// The key a character is looked up under: its uppercase form when that is a single character.
    private static func lookupKey(_ c: Character) -> Character {
        let upper = c.uppercased()
        return upper.count == 1 ? Character(upper) : c
    }

    // MARK: - Glyphs

    /// The hollow box drawn for characters without a glyph.
    private static let box: [UInt8] = [
        0b11111, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11111,
    ]

    /// The glyph table: seven rows per character, top first, bit 4 = leftmost column.
    private static let glyphs: [Character: [UInt8]] = [
        // Letters.
        "A": [0b01110, 0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001],  // A: pointed-top arch with crossbar
        "B": [0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110],  // B: two stacked bowls
        "C": [0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110],  // C: open on the right
        "D": [0b11100, 0b10010, 0b10001, 0b10001, 0b10001, 0b10010, 0b11100],  // D: stem and rounded bowl
        "E": [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111],  // E: three arms
        "F": [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000],  // F: two arms
        "G": [0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111],  // G: C with inner bar
        "H": [0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],  // H: two stems, crossbar
        "I": [0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],  // I: serifed stem
        "J": [0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100],  // J: stem with hook
        "K": [0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001],  // K: stem and two diagonals
        "L": [0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111],  // L: stem and foot
        "M": [0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001],  // M: two stems, middle V
        "N": [0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001],  // N: two stems, diagonal
        "O": [0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],  // O: plain oval
        "P": [0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000],  // P: stem and upper bowl
        "Q": [0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101],  // Q: oval with tail
        "R": [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001],  // R: P with leg
        "S": [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110],  // S: two opposite curves
        "T": [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100],  // T: bar and centre stem
        "U": [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],  // U: two stems, round base
        "V": [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100],  // V: converging to a point
        "W": [0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010],  // W: two stems, middle stem
        "X": [0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001],  // X: crossing diagonals
        "Y": [0b10001, 0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100],  // Y: V on a stem
        "Z": [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111],  // Z: bars joined by diagonal
        // Digits.
        "0": [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],  // 0: oval with slash (unlike O)
        "1": [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],  // 1: flagged stem, foot
        "2": [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],  // 2: arch, diagonal, base
        "3": [0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110],  // 3: flat top, round bottom
        "4": [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],  // 4: diagonal, bar, stem
        "5": [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],  // 5: flag top, round bottom
        "6": [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],  // 6: curl into lower loop
        "7": [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],  // 7: bar and slanted stem
        "8": [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],  // 8: two stacked loops
        "9": [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],  // 9: upper loop, curled tail
        // Space and punctuation.
        " ": [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000],  // space: blank cell
        ":": [0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000],  // colon: two square dots
        "/": [0b00000, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b00000],  // slash: rising diagonal
        "-": [0b00000, 0b00000, 0b00000, 0b11111, 0b00000, 0b00000, 0b00000],  // hyphen: middle bar
        ".": [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100],  // period: square dot on base
        ",": [0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b00100, 0b01000],  // comma: dot with tail
        "^": [0b00100, 0b01010, 0b10001, 0b00000, 0b00000, 0b00000, 0b00000],  // caret: chevron at top
        "(": [0b00010, 0b00100, 0b01000, 0b01000, 0b01000, 0b00100, 0b00010],  // left parenthesis
        ")": [0b01000, 0b00100, 0b00010, 0b00010, 0b00010, 0b00100, 0b01000],  // right parenthesis
        "#": [0b01010, 0b01010, 0b11111, 0b01010, 0b11111, 0b01010, 0b01010],  // number sign: hash grid
        "@": [0b01110, 0b10001, 0b00001, 0b01101, 0b10101, 0b10101, 0b01110],  // at sign: spiral a
        "'": [0b01100, 0b00100, 0b01000, 0b00000, 0b00000, 0b00000, 0b00000],  // apostrophe: raised comma
        "_": [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b11111],  // underscore: base bar
        "+": [0b00000, 0b00100, 0b00100, 0b11111, 0b00100, 0b00100, 0b00000],  // plus: centred cross
        "=": [0b00000, 0b00000, 0b11111, 0b00000, 0b11111, 0b00000, 0b00000],  // equals: two bars
        "*": [0b00000, 0b00100, 0b10101, 0b01110, 0b10101, 0b00100, 0b00000],  // asterisk: six-point star
        "&": [0b01100, 0b10010, 0b10100, 0b01000, 0b10101, 0b10010, 0b01101],  // ampersand
        "?": [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b00000, 0b00100],  // question mark: hook and dot
        "!": [0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00000, 0b00100],  // exclamation: stem and dot
    ]
}
