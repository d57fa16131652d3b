/// A minimal zip container, enough for NumPy `.npz` files: members stored (method 0, as
/// `numpy.savez`) or deflated (method 8, as `numpy.savez_compressed`), found through the
/// central directory, with zip64 sizes and offsets understood when reading. Writing makes
/// plain (non-zip64) archives with a fixed timestamp (1980-01-01), so the same arrays give
/// the same bytes; members and archives above 4 GiB are refused.
enum ZipArchive {
    struct Entry: Equatable {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    /// The members listed in the central directory.
    static func entries(_ bytes: [UInt8], path: String) throws -> [Entry] {
        func fail(_ reason: String) -> MetricsError { .file(path: path, reason: reason) }
        let r = Reader(bytes: bytes)
        // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the end.
        guard bytes.count >= 22 else { throw fail("too short to be a zip (.npz) archive (\(bytes.count) bytes)") }
        var eocd = -1
        var p = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while p >= lowest {
            if r.u32(p) == 0x0605_4B50 { eocd = p; break }
            p -= 1
        }
        guard eocd >= 0 else { throw fail("not a zip (.npz) archive: no end-of-central-directory record") }
        var count = Int(r.u16(eocd + 10))
        var directorySize = Int(r.u32(eocd + 12))
        var directoryOffset = Int(r.u32(eocd + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: a locator just before the end record points at the zip64 end record.
            let locator = eocd - 20
            guard locator >= 0, r.u32(locator) == 0x0706_4B50, let record = r.int64(locator + 8),
                  record >= 0, record + 56 <= bytes.count, r.u32(record) == 0x0606_4B50,
                  let c = r.int64(record + 32), let s = r.int64(record + 40), let o = r.int64(record + 48) else {
                throw fail("zip64 end-of-central-directory record is missing or corrupt")
            }
            count = c; directorySize = s; directoryOffset = o
        }
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset <= bytes.count,
              directorySize <= bytes.count - directoryOffset else {
            throw fail("central directory (offset \(directoryOffset), \(directorySize) bytes) lies outside the file: truncated or corrupt")
        }
        var entries: [Entry] = []
        var q = directoryOffset
        for index in 0..<count {
            guard q + 46 <= directoryOffset + directorySize, r.u32(q) == 0x0201_4B50 else {
                throw fail("central directory entry \(index) is corrupt")
            }
            let nameLength = Int(r.u16(q + 28)), extraLength = Int(r.u16(q + 30)), commentLength = Int(r.u16(q + 32))
            let end = q + 46 + nameLength + extraLength + commentLength
            guard end <= directoryOffset + directorySize else { throw fail("central directory entry \(index) runs past the directory") }
            let name = String(decoding: bytes[(q + 46)..<(q + 46 + nameLength)], as: UTF8.self)
            var entry = Entry(name: name, method: r.u16(q + 10), flags: r.u16(q + 8), crc32: r.u32(q + 16),
                              compressedSize: Int(r.u32(q + 20)), size: Int(r.u32(q + 24)),
                              localHeaderOffset: Int(r.u32(q + 42)))
            // Zip64 extra field (id 1): the 64-bit values of the fields set to 0xFFFFFFFF, in order.
            var e = q + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = r.u16(e), length = Int(r.u16(e + 2))
                guard e + 4 + length <= extraEnd else { break }
                if id == 1 {
                    var f = e + 4
                    func next() throws -> Int {
                        guard f + 8 <= e + 4 + length, let v = r.int64(f) else { throw fail("zip64 field of member '\(name)' is corrupt") }
                        f += 8
                        return v
                    }
                    if entry.size == 0xFFFF_FFFF { entry.size = try next() }
                    if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = try next() }
                    if entry.localHeaderOffset == 0xFFFF_FFFF { entry.localHeaderOffset = try next() }
                }
                e += 4 + length
            }
            entries.append(entry)
            q = end
        }
        return entries
    }

    /// The uncompressed bytes of one member, CRC-checked.
    static func extract(_ entry: Entry, from bytes: [UInt8], path: String) throws -> [UInt8] {
        func fail(_ reason: String) -> MetricsError { .file(path: path, reason: "member '\(entry.name)': \(reason)") }
        let r = Reader(bytes: bytes)
        guard entry.flags & 1 == 0 else { throw fail("is encrypted") }
        let h = entry.localHeaderOffset
        guard h >= 0, h + 30 <= bytes.count, r.u32(h) == 0x0403_4B50 else { throw fail("local header is missing or corrupt") }
        let start = h + 30 + Int(r.u16(h + 26)) + Int(r.u16(h + 28))
        guard entry.compressedSize >= 0, entry.size >= 0, start <= bytes.count,
              entry.compressedSize <= bytes.count - start else {
            throw fail("data (\(entry.compressedSize) bytes) runs past the end of the archive: truncated")
        }
        let stored = bytes[start..<(start + entry.compressedSize)]
        let data: [UInt8]
        switch entry.method {
        case 0:
            guard entry.size == entry.compressedSize else { throw fail("stored member has inconsistent sizes") }
            data = Array(stored)
        case 8:
            // Deflate cannot expand data more than about 1032 times: larger claims are corrupt.
            guard entry.size <= entry.compressedSize.multipliedReportingOverflowOrNil(by: 1032) ?? Int.max else {
                throw fail("claims \(entry.size) bytes from \(entry.compressedSize) compressed: corrupt")
            }
            guard let d = RawDeflate.inflate(stored, expectedSize: entry.size) else { throw fail("deflate data is corrupt") }
            data = d
        default:
            throw fail("compression method \(entry.method) is not supported (only stored and deflate, as NumPy writes)")
        }
        guard RawDeflate.crc32(data[...]) == entry.crc32 else { throw fail("CRC-32 mismatch: the archive is corrupt") }
        return data
    }

    /// A zip archive holding `members` in order, stored or deflated.
    static func build(_ members: [(name: String, data: [UInt8])], deflated: Bool, path: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        let limit = Int(UInt32.max) - 1
        for m in members {
            let name = Array(m.name.utf8)
            guard name.count <= 65535 else { throw MetricsError.file(path: path, reason: "member name is too long") }
            let crc = RawDeflate.crc32(m.data[...])
            var payload = m.data
            if deflated {
                guard let d = RawDeflate.deflate(m.data) else {
                    throw MetricsError.file(path: path, reason: "cannot deflate member '\(m.name)'")
                }
                payload = d
            }
            guard m.data.count <= limit, payload.count <= limit, out.count <= limit else {
                throw MetricsError.file(path: path, reason: "member '\(m.name)' or the archive exceeds 4 GiB (zip64 is not written)")
            }
            let offset = out.count
            let method: UInt16 = deflated ? 8 : 0
            let utf8Flag: UInt16 = name.allSatisfy { $0 < 0x80 } ? 0 : 0x800
            // Local header.
            put32(&out, 0x0403_4B50); put16(&out, 20); put16(&out, utf8Flag); put16(&out, method)
            put16(&out, 0); put16(&out, 0x21)  // time 00:00, date 1980-01-01
            put32(&out, crc); put32(&out, UInt32(payload.count)); put32(&out, UInt32(m.data.count))
            put16(&out, UInt16(name.count)); put16(&out, 0)
            out += name
            out += payload
            // Central directory entry.
            put32(&directory, 0x0201_4B50); put16(&directory, 0x0314); put16(&directory, 20); put16(&directory, utf8Flag)
            put16(&directory, method); put16(&directory, 0); put16(&directory, 0x21)
            put32(&directory, crc); put32(&directory, UInt32(payload.count)); put32(&directory, UInt32(m.data.count))
            put16(&directory, UInt16(name.count)); put16(&directory, 0); put16(&directory, 0)
            put16(&directory, 0); put16(&directory, 0); put32(&directory, 0o100644 << 16)
            put32(&directory, UInt32(offset))
            directory += name
        }
        guard members.count < 0xFFFF, out.count + directory.count <= limit else {
            throw MetricsError.file(path: path, reason: "archive exceeds the plain zip limits (zip64 is not written)")
        }
        let directoryOffset = out.count
        out += directory
        put32(&out, 0x0605_4B50); put16(&out, 0); put16(&out, 0)
        put16(&out, UInt16(members.count)); put16(&out, UInt16(members.count))
        put32(&out, UInt32(directory.count)); put32(&out, UInt32(directoryOffset)); put16(&out, 0)
        return out
    }

    private static func put16(_ b: inout [UInt8], _ v: UInt16) { b += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func put32(_ b: inout [UInt8], _ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { b.append(UInt8((v >> UInt32(s)) & 0xFF)) } }

    /// Little-endian reads that return 0 past the end (callers check bounds first).
    private struct Reader {
        let bytes: [UInt8]
        func u16(_ p: Int) -> UInt16 {
            guard p >= 0, p + 2 <= bytes.count else { return 0 }
            return UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8
        }
        func u32(_ p: Int) -> UInt32 {
            guard p >= 0, p + 4 <= bytes.count else { return 0 }
            return (0..<4).reduce(0) { $0 | UInt32(bytes[p + $1]) << (8 * UInt32($1)) }
        }
        /// A 64-bit little-endian value that fits in Int, else nil.
        func int64(_ p: Int) -> Int? {
            guard p >= 0, p + 8 <= bytes.count else { return nil }
            let v = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[p + $1]) << (8 * UInt64($1)) }
            return v <= UInt64(Int.max) ? Int(v) : nil
        }
    }
}
