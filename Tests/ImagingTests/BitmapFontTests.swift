import Foundation
import Testing
@testable import Imaging

@Suite struct BitmapFontTests {
    let font = BitmapFont.standard

    /// Every character the font promises a glyph for.
    static let charset: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :/-.,^()#@'_+=*&?!")

    static let box: [UInt8] = [0b11111, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11111]

    /// The set of lit pixels of `text`, as drawn through the plot callback.
    func litPixels(_ text: String, x: Int = 0, y: Int = 0, scale: Int = 1) -> (pixels: [Pair], count: Int, box: PixelRegion) {
        var pixels: [Pair] = []
        let box = font.draw(text, x: x, y: y, scale: scale) { pixels.append(Pair(x: $0, y: $1)) }
        return (pixels, pixels.count, box)
    }

    struct Pair: Hashable { var x: Int; var y: Int }

    @Test func metrics() {
        #expect(font.glyphWidth == 5)
        #expect(font.glyphHeight == 7)
        #expect(font.advance == 6)
        #expect(font.lineHeight == 9)
    }

    @Test func everyListedCharacterHasItsOwnDistinctGlyph() {
        var seen: [[UInt8]: Character] = [:]
        for c in Self.charset {
            #expect(font.hasGlyph(c), "\(c) has no glyph")
            let rows = font.rows(for: c)
            #expect(rows.count == 7, "\(c) has \(rows.count) rows")
            #expect(rows.allSatisfy { $0 < 32 }, "\(c) uses bits beyond the 5 columns")
            #expect(rows != Self.box, "\(c) is drawn as the unknown-character box")
            if let other = seen[rows] {
                Issue.record("\(c) and \(other) have identical glyphs")
            }
            seen[rows] = c
        }
        #expect(seen.count == Self.charset.count)
    }

    @Test func everyGlyphButSpaceLightsSomething() {
        for c in Self.charset where c != " " {
            #expect(litPixels(String(c)).count > 0, "\(c) draws nothing")
        }
        #expect(litPixels(" ").count == 0)
    }

    @Test func lowercaseIsDrawnAsUppercase() {
        for c in "abcdefghijklmnopqrstuvwxyz" {
            let upper = Character(c.uppercased())
            #expect(font.hasGlyph(c))
            #expect(font.rows(for: c) == font.rows(for: upper))
        }
        #expect(litPixels("doe, jane").pixels == litPixels("DOE, JANE").pixels)
    }

    @Test func unknownCharactersDrawTheBox() {
        for c: Character in ["~", "é", "ß", "\n", "\u{00B0}", "😀", "[", "%"] {
            #expect(!font.hasGlyph(c), "\(c) unexpectedly has a glyph")
            #expect(font.rows(for: c) == Self.box)
        }
        // The box outline has 5 + 5 + 2 * 5 = 20 dots.
        #expect(litPixels("~").count == 20)
        // Nothing is dropped: an unknown character still takes a cell.
        #expect(font.size(of: "A~B").width == font.size(of: "ABC").width)
    }

    @Test func sizeArithmetic() {
        #expect(font.size(of: "") == (0, 0))
        #expect(font.size(of: "", scale: 3) == (0, 0))
        #expect(font.size(of: "A") == (5, 7))
        #expect(font.size(of: "AB") == (11, 7))
        #expect(font.size(of: "ID 12345") == (8 * 6 - 1, 7))
        #expect(font.size(of: "AB", scale: 2) == (22, 14))
        #expect(font.size(of: "HELLO", scale: 3) == (5 * 6 * 3 - 3, 21))
        // A scale below 1 is treated as 1.
        #expect(font.size(of: "AB", scale: 0) == (11, 7))
        #expect(font.size(of: "AB", scale: -4) == (11, 7))
    }

    @Test func scaleTwoLightsFourTimesThePixels() {
        let text = "DOE^JOHN 1970-01-01 #42"
        let one = litPixels(text)
        let two = litPixels(text, scale: 2)
        #expect(one.count > 0)
        #expect(two.count == 4 * one.count)
        // Each scale-1 dot becomes the 2 x 2 square at twice its coordinates.
        let twoSet = Set(two.pixels)
        #expect(twoSet.count == two.count)
        for p in one.pixels {
            for dy in 0..<2 {
                for dx in 0..<2 { #expect(twoSet.contains(Pair(x: 2 * p.x + dx, y: 2 * p.y + dy))) }
            }
        }
        // A scale below 1 draws as scale 1.
        #expect(litPixels(text, scale: 0).pixels == one.pixels)
    }

    @Test func zeroAndLetterODiffer() {
        #expect(font.rows(for: "0") != font.rows(for: "O"))
        #expect(Set(litPixels("0").pixels) != Set(litPixels("O").pixels))
        var zero = [UInt8](repeating: 0, count: 8 * 9)
        var letterO = zero
        font.draw("0", into: &zero, width: 8, height: 9, x: 1, y: 1)
        font.draw("O", into: &letterO, width: 8, height: 9, x: 1, y: 1)
        #expect(zero != letterO)
    }

    @Test func boundingBoxContainsEveryPlottedPixel() {
        for (text, x, y, scale) in [("PATIENT: DOE^JANE", 3, 4, 1), ("ID 0042 (M)", -7, 11, 2), ("_|~!", 0, 0, 3), ("Q", 5, -2, 4)] {
            let drawn = litPixels(text, x: x, y: y, scale: scale)
            let size = font.size(of: text, scale: scale)
            #expect(drawn.box == PixelRegion(x: x, y: y, width: size.width, height: size.height))
            for p in drawn.pixels {
                #expect(p.x >= drawn.box.x && p.x < drawn.box.x + drawn.box.width, "\(text): x \(p.x) outside")
                #expect(p.y >= drawn.box.y && p.y < drawn.box.y + drawn.box.height, "\(text): y \(p.y) outside")
            }
        }
        // The box is tight: "_" reaches the bottom row, "#" the left and right columns, "T" the top row.
        let drawn = litPixels("T#_", x: 10, y: 20)
        #expect(drawn.pixels.map(\.x).min() == 10)
        #expect(drawn.pixels.map(\.x).max() == 10 + drawn.box.width - 1)
        #expect(drawn.pixels.map(\.y).min() == 20)
        #expect(drawn.pixels.map(\.y).max() == 20 + drawn.box.height - 1)
    }

    @Test func drawIntoImageMatchesPlot() {
        let width = 90, height = 20  // "MRN 123" at scale 2 is 82 x 14
        var pixels = [UInt8](repeating: 0, count: width * height)
        let box = font.draw("MRN 123", into: &pixels, width: width, height: height, x: 2, y: 3, scale: 2, value: 200)
        let expected = litPixels("MRN 123", x: 2, y: 3, scale: 2)
        #expect(box == expected.box)
        var reference = [UInt8](repeating: 0, count: width * height)
        for p in expected.pixels { reference[p.y * width + p.x] = 200 }
        #expect(pixels == reference)
    }

    @Test func clippingAtTheBorderWritesOnlyInside() {
        let width = 13, height = 10
        let text = "CLIP#@&*"
        // Positions that hang over each border and corner, and ones entirely outside.
        let origins = [(-4, -3), (8, 5), (-20, 4), (5, -6), (9, -2), (-3, 7), (100, 100), (-100, -100), (0, 0)]
        for (x, y) in origins {
            for scale in [1, 2, 3] {
                var pixels = [UInt8](repeating: 0, count: width * height)
                font.draw(text, into: &pixels, width: width, height: height, x: x, y: y, scale: scale, value: 255)
                #expect(pixels.count == width * height)
                var reference = [UInt8](repeating: 0, count: width * height)
                for p in litPixels(text, x: x, y: y, scale: scale).pixels
                where p.x >= 0 && p.x < width && p.y >= 0 && p.y < height {
                    reference[p.y * width + p.x] = 255
                }
                #expect(pixels == reference, "origin (\(x), \(y)) scale \(scale)")
            }
        }
    }

    @Test func mismatchedBuffersAreNeverOverrun() {
        // A buffer shorter than width * height: only its complete rows are drawn into.
        var short = [UInt8](repeating: 0, count: 20 * 3 + 7)
        font.draw("WWW", into: &short, width: 20, height: 10, x: 0, y: 0)
        #expect(short.count == 20 * 3 + 7)
        #expect(short[(20 * 3)...].allSatisfy { $0 == 0 })
        #expect(short[..<(20 * 3)].contains(255))
        // Degenerate sizes write nothing.
        var empty: [UInt8] = []
        let box = font.draw("A", into: &empty, width: 0, height: 0, x: 0, y: 0)
        #expect(empty.isEmpty)
        #expect(box == PixelRegion(x: 0, y: 0, width: 5, height: 7))
        var tiny = [UInt8](repeating: 0, count: 4)
        font.draw("A", into: &tiny, width: -2, height: 2, x: 0, y: 0)
        #expect(tiny == [0, 0, 0, 0])
    }

    @Test func textBoxIsCodable() throws {
        let box = PixelRegion(x: -1, y: 2, width: 30, height: 14)
        let data = try JSONEncoder().encode(box)
        #expect(try JSONDecoder().decode(PixelRegion.self, from: data) == box)
    }
}
