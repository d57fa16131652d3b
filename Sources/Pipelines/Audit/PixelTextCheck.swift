import Anonymization
import DICOM

/// OCR of one release file at risk of burned-in text: any text box found is a `pixel_text`
/// finding (one per file, listing the boxes; never the text read).
enum PixelTextCheck {
    struct Result: Sendable {
        var boxes: Int
        var findings: [PHIFinding]
    }

    static func check(path: String, file: String, reader: BurnedInTextReader) -> Result {
        do {
            let found = try reader.read(try DicomFile.read(path, options: .full))
            guard !found.isEmpty else { return Result(boxes: 0, findings: []) }
            let listed = found.prefix(8).map { "\($0.region) on frame \($0.frame) (\($0.characters) characters, confidence \(Int($0.confidence.rounded())))" }
            let more = found.count > 8 ? " and \(found.count - 8) more" : ""
            return Result(boxes: found.count, findings: [PHIFinding(
                kind: .pixelText, file: file, attribute: "PixelData",
                hint: "OCR read text in the pixels: \(found.count) box(es) [x, y, width, height]: \(listed.joined(separator: "; "))\(more)")])
        } catch {
            return Result(boxes: 0, findings: [PHIFinding(kind: .unreadable, file: file, attribute: "PixelData",
                                                          hint: "the pixels of a file at risk of burned-in text cannot be read by OCR: \(PixelBoxCheck.reason(error))")])
        }
    }
}
