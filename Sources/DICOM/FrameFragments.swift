/// Splits encapsulated pixel data into one codestream per frame.
enum FrameFragments {
    static func split(_ enc: EncapsulatedPixelData, frames: Int, path: String?) throws -> [[UInt8]] {
        let frags = enc.fragments.filter { !$0.isEmpty }
        guard !frags.isEmpty else { throw DicomError(.pixelData, path: path, "encapsulated pixel data has no fragments") }
        if frames == 1 { return [frags.flatMap { $0 }] }
        if frags.count == frames { return frags }
        let offsets = enc.frameOffsets
        if offsets.count == frames {
            // Offsets count item bytes (8-byte item header + fragment) from the first fragment.
            var starts: [Int] = []
            var pos = 0
            for f in enc.fragments { starts.append(pos); pos += 8 + f.count }
            var out: [[UInt8]] = []
            for fi in 0..<frames {
                let lo = Int(offsets[fi]), hi = fi + 1 < frames ? Int(offsets[fi + 1]) : pos
                let parts = enc.fragments.indices.filter { starts[$0] >= lo && starts[$0] < hi }.flatMap { enc.fragments[$0] }
                out.append(parts)
            }
            if out.allSatisfy({ !$0.isEmpty }) { return out }
        }
        // Fall back to codestream start markers (JPEG 2000 SOC = FF 4F).
        var out: [[UInt8]] = []
        for f in frags {
            if f.count >= 2 && f[0] == 0xFF && f[1] == 0x4F || out.isEmpty { out.append(f) } else { out[out.count - 1] += f }
        }
        guard out.count == frames else {
            throw DicomError(.pixelData, path: path, "cannot map \(frags.count) fragments onto \(frames) frames")
        }
        return out
    }

    /// Whether a JPEG 2000 codestream's COD marker enables the multiple-component transform.
    static func usesColorTransform(_ cs: [UInt8]) -> Bool {
        var i = 0
        // Skip a JP2 wrapper: find the codestream start.
        while i + 1 < cs.count && !(cs[i] == 0xFF && cs[i + 1] == 0x4F) { i += 1 }
        while i + 9 < cs.count {
            if cs[i] == 0xFF && cs[i + 1] == 0x52 { return cs[i + 8] != 0 }
            if cs[i] == 0xFF && cs[i + 1] == 0x90 { return false }  // first tile-part: no COD found
            i += 1
        }
        return false
    }
}
