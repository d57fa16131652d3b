import Foundation
import Imaging

/// A PNG contact sheet of a 2D dataset: one row per class (its name drawn on the left), a few
/// pictures per row, for READMEs and quick looks.
public enum PreviewGrid {
    /// Composes `rows` (label, 8-bit pictures of `size` x `size`) into one 8-bit PNG at `path`.
    public static func write(rows: [(label: String, pictures: [Volume])], size: Int, columns: Int, to path: String) throws {
        let font = BitmapFont.standard
        let scale = size >= 96 ? 2 : 1
        let labelWidth = (rows.map { font.size(of: $0.label, scale: scale).width }.max() ?? 0) + 12
        let gap = 4
        let width = labelWidth + columns * (size + gap) + gap
        let height = rows.count * (size + gap) + gap
        var pixels = [UInt8](repeating: 0, count: width * height)
        for (r, row) in rows.enumerated() {
            let top = gap + r * (size + gap)
            font.draw(row.label, into: &pixels, width: width, height: height, x: 6,
                      y: top + (size - font.glyphHeight * scale) / 2, scale: scale, value: 255)
            for (c, picture) in row.pictures.prefix(columns).enumerated() {
                guard let values = picture.values(as: UInt8.self), picture.width == size, picture.height == size else { continue }
                let left = labelWidth + gap + c * (size + gap)
                for y in 0..<size {
                    for x in 0..<size { pixels[(top + y) * width + left + x] = values[y * size + x] }
                }
            }
        }
        let image = try Volume(values: pixels, shape: [width, height, 1])
        try PNGCodec.write(image, to: path, compressionLevel: 9)
    }
}
