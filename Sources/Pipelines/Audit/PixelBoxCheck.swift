import Anonymization
import DICOM
import Imaging
import Phantoms

/// Checks that the burned-in text boxes of a file are blank: every pixel of a box equal (on
/// every frame), as a redaction leaves it.
enum PixelBoxCheck {
    /// Findings for the boxes of `planted` that still show something in the file at `path`.
    static func findings(path: String, file: String, planted: [PlantedPHI]) -> [PHIFinding] {
        let frames: PixelFrames
        do {
            frames = try PixelDecoder.decode(try DicomFile.read(path, options: .full))
        } catch {
            return [PHIFinding(kind: .unreadable, file: file, attribute: "PixelData",
                               hint: "the pixels of a file with planted burned-in text cannot be decoded to check it: \(PixelBoxCheck.reason(error))")]
        }
        var out: [PHIFinding] = []
        for p in planted {
            guard let box = p.pixelBox else { continue }
            if !isBlank(frames, box: box) {
                out.append(PHIFinding(kind: .plantedPHI, file: file, attribute: "PixelData", identifierKind: p.kind,
                                      hint: "the burned-in text box at x \(box.x), y \(box.y), \(box.width)x\(box.height) pixels is not blank (a planted \(p.kind), \(PHIFinding.length(p.value.count)))"))
            }
        }
        return out
    }

    /// Whether every pixel of the box (clipped to the image) is the same on each frame.
    static func isBlank(_ frames: PixelFrames, box: PixelRegion) -> Bool {
        guard let clip = box.clipped(columns: frames.columns, rows: frames.rows) else { return true }
        let size = frames.voxelType.byteSize
        let rowBytes = frames.columns * size
        let frameBytes = rowBytes * frames.rows
        for f in 0..<frames.frames {
            let base = f * frameBytes
            guard base + frameBytes <= frames.data.count else { return false }
            let first = base + clip.rows.lowerBound * rowBytes + clip.columns.lowerBound * size
            for y in clip.rows {
                for x in clip.columns {
                    let o = base + y * rowBytes + x * size
                    for b in 0..<size where frames.data[o + b] != frames.data[first + b] { return false }
                }
            }
        }
        return true
    }

    static func reason(_ error: any Error) -> String {
        if let e = error as? DicomError { return e.reason }
        return "\(error)"
    }
}
