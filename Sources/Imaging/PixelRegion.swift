/// A rectangle of an image's pixels, in pixel units: `x` is the column counted from the left
/// edge, `y` the row counted from the top, both from 0. The rectangle covers columns
/// `x ..< x + width` and rows `y ..< y + height` of every frame. Used for the boxes of text
/// `BitmapFont` draws, the regions redaction rules blank and the text boxes OCR finds.
public struct PixelRegion: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The part of this region inside an image of `columns` x `rows` pixels, as half-open
    /// column and row ranges; nil when nothing of it lies inside (or it is empty).
    public func clipped(columns: Int, rows: Int) -> (columns: Range<Int>, rows: Range<Int>)? {
        guard width > 0, height > 0 else { return nil }
        // Saturating arithmetic: a region read from a file may hold huge values.
        let (xEnd, xOverflow) = x.addingReportingOverflow(width)
        let (yEnd, yOverflow) = y.addingReportingOverflow(height)
        let x0 = max(0, x), x1 = min(columns, xOverflow ? Int.max : xEnd)
        let y0 = max(0, y), y1 = min(rows, yOverflow ? Int.max : yEnd)
        guard x0 < x1, y0 < y1 else { return nil }
        return (x0..<x1, y0..<y1)
    }

    /// "[x, y, width, height]", the form used in redaction rule files.
    public var description: String { "[\(x), \(y), \(width), \(height)]" }
}
