import DICOM
import Foundation
import Imaging

/// One frame of a DICOM image as 8-bit grey, for OCR: stored values are scaled linearly from
/// the frame's own minimum..maximum to 0...255 (so burned-in text, usually drawn at the extreme
/// value, keeps full contrast); MONOCHROME1 is inverted so that high means bright as displayed;
/// colour becomes luma (RGB: 0.299 R + 0.587 G + 0.114 B; YBR: Y); palette colour uses its indices.
struct GreyFrame {
    var frame: Int
    var width: Int
    var height: Int
    var pixels: [UInt8]

    /// Renders frames `indices` of a dataset whose Pixel Data is native (as `PixelRedactor`
    /// returns it). A frame of one value gives all zeros.
    static func render(_ ds: Dataset, frames indices: [Int], path: String?) throws(AnonymizationError) -> [GreyFrame] {
        let fail = { (reason: String) in AnonymizationError(.ocr, path: path, reason) }
        let layout: PixelRedactor.Layout
        do { layout = try PixelRedactor.Layout(ds, fail: fail) } catch let e as AnonymizationError { throw e } catch { throw fail("\(error)") }
        guard case .bytes(let bytes)? = ds[Tags.pixelData]?.value else {
            throw fail("the pixel data is not native: decode it first")
        }
        let photometric = layout.photometric
        let packed422 = layout.samplesPerPixel == 3 && photometric == "YBR_FULL_422"
        let samplesStored = packed422 ? 2 : layout.samplesPerPixel
        let bps = layout.bytesPerSample
        let pixelsPerFrame = layout.rows * layout.columns
        let frameBytes = pixelsPerFrame * samplesStored * bps
        guard bytes.count >= frameBytes * layout.frames else {
            throw fail("pixel data of \(bytes.count) bytes, the header describes \(frameBytes * layout.frames)")
        }
        let shift = layout.highBit + 1 - layout.bitsStored
        let storedMask: UInt64 = layout.bitsStored >= 64 ? .max : (1 << UInt64(layout.bitsStored)) - 1
        let signBit: UInt64 = 1 << UInt64(layout.bitsStored - 1)
        let planar = layout.samplesPerPixel == 3 && layout.planar == 1 && !packed422
        var out: [GreyFrame] = []
        bytes.withUnsafeBufferPointer { p in
            func sample(_ offset: Int) -> Double {
                var raw: UInt64 = 0
                for k in 0..<bps { raw |= UInt64(p[offset + k]) << UInt64(8 * k) }
                raw = (raw >> UInt64(shift)) & storedMask
                if layout.signed && raw & signBit != 0 { return Double(Int64(bitPattern: raw | ~storedMask)) }
                return Double(raw)
            }
            for f in indices where f >= 0 && f < layout.frames {
                let base = f * frameBytes
                var values = [Double](repeating: 0, count: pixelsPerFrame)
                for i in 0..<pixelsPerFrame {
                    if layout.samplesPerPixel == 1 {
                        values[i] = sample(base + i * bps)
                    } else if packed422 {
                        // Y0 Y1 Cb Cr per pair of pixels.
                        let pair = i / 2
                        values[i] = sample(base + (pair * 4 + i % 2) * bps)
                    } else {
                        let offset = { (s: Int) in planar ? base + (s * pixelsPerFrame + i) * bps : base + (i * 3 + s) * bps }
                        if photometric.hasPrefix("YBR") {
                            values[i] = sample(offset(0))
                        } else {
                            values[i] = 0.299 * sample(offset(0)) + 0.587 * sample(offset(1)) + 0.114 * sample(offset(2))
                        }
                    }
                }
                var lo = Double.infinity, hi = -Double.infinity
                for v in values {
                    lo = min(lo, v)
                    hi = max(hi, v)
                }
                var grey = [UInt8](repeating: 0, count: pixelsPerFrame)
                if hi > lo {
                    let scale = 255 / (hi - lo)
                    let invert = photometric == "MONOCHROME1"
                    for i in 0..<pixelsPerFrame {
                        let g = ((values[i] - lo) * scale).rounded()
                        grey[i] = UInt8(invert ? 255 - g : g)
                    }
                }
                out.append(GreyFrame(frame: f, width: layout.columns, height: layout.rows, pixels: grey))
            }
        }
        return out
    }

    /// Sets the pixels of the regions to 0 (black).
    mutating func blank(_ regions: [PixelRegion]) {
        for r in regions {
            guard let clip = r.clipped(columns: width, rows: height) else { continue }
            for y in clip.rows { for x in clip.columns { pixels[y * width + x] = 0 } }
        }
    }

    /// Up to `count` frame numbers spread evenly over `total` (first and last included).
    static func sampleIndices(total: Int, count: Int) -> [Int] {
        guard total > 0, count > 0 else { return [] }
        if total <= count { return Array(0..<total) }
        if count == 1 { return [0] }
        var picked: [Int] = []
        for k in 0..<count {
            let f = Int((Double(k) * Double(total - 1) / Double(count - 1)).rounded())
            if picked.last != f { picked.append(f) }
        }
        return picked
    }
}
