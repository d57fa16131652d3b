/// Parses the value of an element read as UN (typically a private sequence in an
/// implicit VR file that no dictionary describes) as an implicit VR little endian
/// sequence, when it is one. Returns nil when the bytes are not a well-formed sequence.
enum UnknownSequenceParser {
    static let itemTag: UInt32 = 0xFFFE_E000
    static let itemDelimiter: UInt32 = 0xFFFE_E00D
    static let sequenceDelimiter: UInt32 = 0xFFFE_E0DD

    static func looksLikeSequence(_ b: [UInt8]) -> Bool {
        b.count >= 8 && b[0] == 0xFE && b[1] == 0xFF && b[2] == 0x00 && b[3] == 0xE0
    }

    static func parse(_ b: [UInt8]) -> [Dataset]? {
        var pos = 0
        return items(b, &pos, end: b.count, depth: 0)
    }

    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    private static func tagAt(_ b: [UInt8], _ i: Int) -> UInt32 {
        (UInt32(b[i]) | UInt32(b[i + 1]) << 8) << 16 | (UInt32(b[i + 2]) | UInt32(b[i + 3]) << 8)
    }

    /// Reads items until `end` or a sequence delimiter.
    private static func items(_ b: [UInt8], _ pos: inout Int, end: Int, depth: Int) -> [Dataset]? {
        guard depth < 32 else { return nil }
        var out: [Dataset] = []
        while pos + 8 <= end {
            let tag = tagAt(b, pos)
            let len = u32(b, pos + 4)
            pos += 8
            if tag == sequenceDelimiter { return out }
            guard tag == itemTag else { return nil }
            let itemEnd = len == 0xFFFF_FFFF ? end : pos + Int(len)
            guard itemEnd <= end, let ds = dataset(b, &pos, end: itemEnd, depth: depth) else { return nil }
            out.append(ds)
        }
        return pos == end ? out : nil
    }

    private static func dataset(_ b: [UInt8], _ pos: inout Int, end: Int, depth: Int) -> Dataset? {
        var ds = Dataset()
        while pos + 8 <= end {
            let tag = tagAt(b, pos)
            let len = u32(b, pos + 4)
            pos += 8
            if tag == itemDelimiter { return ds }
            let t = Tag(UInt16(tag >> 16), UInt16(tag & 0xFFFF))
            let creator = ds.privateCreator(of: t)
            let vr = t.isPrivateCreator ? VR.LO : (DataDictionary.vr(for: t, privateCreator: creator) ?? .UN)
            if len == 0xFFFF_FFFF {
                guard let seq = items(b, &pos, end: end, depth: depth + 1) else { return nil }
                ds.set(DataElement(tag: t, items: seq))
                continue
            }
            guard pos + Int(len) <= end else { return nil }
            let value = Array(b[pos..<(pos + Int(len))])
            pos += Int(len)
            if vr == .SQ || (vr == .UN && looksLikeSequence(value)), let seq = parse(value) {
                ds.set(DataElement(tag: t, items: seq))
            } else {
                ds.set(DataElement(tag: t, vr: vr == .SQ ? .UN : vr, value: .bytes(value)))
            }
        }
        return pos == end ? ds : nil
    }
}
