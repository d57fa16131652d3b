/// The on-disk layout of NIfTI-1 (348 bytes) and NIfTI-2 (540 bytes) headers
/// and of the extension list that follows them.
enum NIfTIHeaderCodec {
    static let nifti2MagicTail: [UInt8] = [0x0D, 0x0A, 0x1A, 0x0A]

    /// Version and byte order from `sizeof_hdr` (the first 4 bytes).
    static func detect(_ bytes: [UInt8], path: String) throws -> (NIfTIHeader.Version, NIfTIByteOrder) {
        guard !bytes.isEmpty else { throw NIfTIError(path: path, reason: .emptyFile) }
        guard bytes.count >= 4 else {
            throw NIfTIError(path: path, reason: .truncatedHeader(got: bytes.count, needed: 348))
        }
        let le = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        let be = le.byteSwapped
        switch (le, be) {
        case (348, _): return (.nifti1, .little)
        case (_, 348): return (.nifti1, .big)
        case (540, _): return (.nifti2, .little)
        case (_, 540): return (.nifti2, .big)
        default: throw NIfTIError(path: path, reason: .notNIfTI(sizeofHdr: Int32(bitPattern: le)))
        }
    }

    /// Decodes the fixed part of a header (no extensions). `bytes` holds at least the header size.
    static func decode(_ bytes: [UInt8], path: String) throws -> NIfTIHeader {
        let (version, order) = try detect(bytes, path: path)
        guard bytes.count >= version.headerSize else {
            throw NIfTIError(path: path, reason: .truncatedHeader(got: bytes.count, needed: version.headerSize))
        }
        let r = HeaderFieldReader(bytes: bytes, order: order)
        var h = NIfTIHeader()
        h.version = version
        h.byteOrder = order
        switch version {
        case .nifti1:
            let magic = Array(bytes[344..<348])
            guard magic[3] == 0, magic[0...2] == [0x6E, 0x2B, 0x31][...] || magic[0...2] == [0x6E, 0x69, 0x31][...] else {
                throw NIfTIError(path: path, reason: .badMagic(printable(magic)))
            }
            h.magic = r.string(344, 4)
            h.dimInfo = r.uint8(39)
            h.dim = (0..<8).map { r.int16(40 + 2 * $0) }
            h.intentP1 = r.float32(56)
            h.intentP2 = r.float32(60)
            h.intentP3 = r.float32(64)
            h.intentCode = r.int16(68)
            h.datatype = r.int16(70)
            h.bitpix = r.int16(72)
            h.sliceStart = r.int16(74)
            h.pixdim = (0..<8).map { r.float32(76 + 4 * $0) }
            let vox = r.float32(108)
            guard vox.isFinite, vox >= 0, vox < 9.0e18 else {
                throw NIfTIError(path: path, reason: .invalidVoxOffset(vox))
            }
            h.voxOffset = Int(vox)
            h.sclSlope = r.float32(112)
            h.sclInter = r.float32(116)
            h.sliceEnd = r.int16(120)
            h.sliceCode = Int(r.uint8(122))
            h.xyztUnits = Int(r.uint8(123))
            h.calMax = r.float32(124)
            h.calMin = r.float32(128)
            h.sliceDuration = r.float32(132)
            h.toffset = r.float32(136)
            h.descrip = r.string(148, 80)
            h.auxFile = r.string(228, 24)
            h.qformCode = r.int16(252)
            h.sformCode = r.int16(254)
            h.quaternB = r.float32(256)
            h.quaternC = r.float32(260)
            h.quaternD = r.float32(264)
            h.qoffsetX = r.float32(268)
            h.qoffsetY = r.float32(272)
            h.qoffsetZ = r.float32(276)
            h.srowX = (0..<4).map { r.float32(280 + 4 * $0) }
            h.srowY = (0..<4).map { r.float32(296 + 4 * $0) }
            h.srowZ = (0..<4).map { r.float32(312 + 4 * $0) }
            h.intentName = r.string(328, 16)
        case .nifti2:
            let magic = Array(bytes[4..<12])
            guard magic[3] == 0, Array(magic[4...7]) == nifti2MagicTail,
                  magic[0...2] == [0x6E, 0x2B, 0x32][...] || magic[0...2] == [0x6E, 0x69, 0x32][...] else {
                throw NIfTIError(path: path, reason: .badMagic(printable(magic)))
            }
            h.magic = r.string(4, 8)
            h.datatype = r.int16(12)
            h.bitpix = r.int16(14)
            h.dim = (0..<8).map { r.int64(16 + 8 * $0) }
            h.intentP1 = r.float64(80)
            h.intentP2 = r.float64(88)
            h.intentP3 = r.float64(96)
            h.pixdim = (0..<8).map { r.float64(104 + 8 * $0) }
            h.voxOffset = r.int64(168)
            guard h.voxOffset >= 0 else {
                throw NIfTIError(path: path, reason: .invalidVoxOffset(Double(h.voxOffset)))
            }
            h.sclSlope = r.float64(176)
            h.sclInter = r.float64(184)
            h.calMax = r.float64(192)
            h.calMin = r.float64(200)
            h.sliceDuration = r.float64(208)
            h.toffset = r.float64(216)
            h.sliceStart = r.int64(224)
            h.sliceEnd = r.int64(232)
            h.descrip = r.string(240, 80)
            h.auxFile = r.string(320, 24)
            h.qformCode = r.int32(344)
            h.sformCode = r.int32(348)
            h.quaternB = r.float64(352)
            h.quaternC = r.float64(360)
            h.quaternD = r.float64(368)
            h.qoffsetX = r.float64(376)
            h.qoffsetY = r.float64(384)
            h.qoffsetZ = r.float64(392)
            h.srowX = (0..<4).map { r.float64(400 + 8 * $0) }
            h.srowY = (0..<4).map { r.float64(432 + 8 * $0) }
            h.srowZ = (0..<4).map { r.float64(464 + 8 * $0) }
            h.sliceCode = r.int32(496)
            h.xyztUnits = r.int32(500)
            h.intentCode = r.int32(504)
            h.intentName = r.string(508, 16)
            h.dimInfo = r.uint8(524)
        }
        return h
    }

    /// Parses the extension list. `bytes` starts at the 4-byte extender that follows
    /// the header and ends where the extensions must end (vox_offset for single files,
    /// end of file for .hdr files). Trailing NULs of each content are stripped (as nibabel).
    static func decodeExtensions(_ bytes: ArraySlice<UInt8>, order: NIfTIByteOrder, path: String) throws -> [NIfTIExtension] {
        guard bytes.count >= 4, bytes[bytes.startIndex] != 0 else { return [] }
        let all = Array(bytes)
        let r = HeaderFieldReader(bytes: all, order: order)
        var out: [NIfTIExtension] = []
        var pos = 4
        while all.count - pos >= 16 {
            let esize = r.int32(pos), ecode = r.int32(pos + 4)
            guard esize >= 8, esize <= all.count - pos else {
                throw NIfTIError(path: path, reason: .badExtension(
                    "extension \(out.count + 1) at byte \(pos) claims \(esize) bytes but \(all.count - pos) remain before the voxel data"))
            }
            var content = Array(all[(pos + 8)..<(pos + esize)])
            while content.last == 0 { content.removeLast() }
            out.append(NIfTIExtension(code: Int32(truncatingIfNeeded: ecode), data: content))
            pos += esize
        }
        return out
    }

    /// The fixed header in host byte order (`headerSize` bytes). Integer fields out of
    /// range for NIfTI-1 are clamped; the writer checks dimensions beforehand.
    static func encode(_ h: NIfTIHeader) -> [UInt8] {
        var w = HeaderFieldWriter(size: h.version.headerSize)
        let dim = (0..<8).map { $0 < h.dim.count ? h.dim[$0] : 1 }
        let pixdim = (0..<8).map { $0 < h.pixdim.count ? h.pixdim[$0] : 1 }
        let srow = [h.srowX, h.srowY, h.srowZ].map { r in (0..<4).map { $0 < r.count ? r[$0] : 0 } }
        let magic3 = Array(h.magic.utf8.prefix(3))
        switch h.version {
        case .nifti1:
            w.int32(348, 0)
            w.uint8(h.dimInfo, 39)
            for i in 0..<8 { w.int16(dim[i], 40 + 2 * i) }
            w.float32(h.intentP1, 56)
            w.float32(h.intentP2, 60)
            w.float32(h.intentP3, 64)
            w.int16(h.intentCode, 68)
            w.int16(h.datatype, 70)
            w.int16(h.bitpix, 72)
            w.int16(h.sliceStart, 74)
            for i in 0..<8 { w.float32(pixdim[i], 76 + 4 * i) }
            w.float32(Double(h.voxOffset), 108)
            w.float32(h.sclSlope, 112)
            w.float32(h.sclInter, 116)
            w.int16(h.sliceEnd, 120)
            w.uint8(UInt8(clamping: h.sliceCode), 122)
            w.uint8(UInt8(clamping: h.xyztUnits), 123)
            w.float32(h.calMax, 124)
            w.float32(h.calMin, 128)
            w.float32(h.sliceDuration, 132)
            w.float32(h.toffset, 136)
            w.string(h.descrip, 148, 80)
            w.string(h.auxFile, 228, 24)
            w.int16(h.qformCode, 252)
            w.int16(h.sformCode, 254)
            w.float32(h.quaternB, 256)
            w.float32(h.quaternC, 260)
            w.float32(h.quaternD, 264)
            w.float32(h.qoffsetX, 268)
            w.float32(h.qoffsetY, 272)
            w.float32(h.qoffsetZ, 276)
            for i in 0..<4 {
                w.float32(srow[0][i], 280 + 4 * i)
                w.float32(srow[1][i], 296 + 4 * i)
                w.float32(srow[2][i], 312 + 4 * i)
            }
            w.string(h.intentName, 328, 16)
            w.raw(magic3, 344)
        case .nifti2:
            w.int32(540, 0)
            w.raw(magic3, 4)
            w.raw(nifti2MagicTail, 8)
            w.int16(h.datatype, 12)
            w.int16(h.bitpix, 14)
            for i in 0..<8 { w.int64(dim[i], 16 + 8 * i) }
            w.float64(h.intentP1, 80)
            w.float64(h.intentP2, 88)
            w.float64(h.intentP3, 96)
            for i in 0..<8 { w.float64(pixdim[i], 104 + 8 * i) }
            w.int64(h.voxOffset, 168)
            w.float64(h.sclSlope, 176)
            w.float64(h.sclInter, 184)
            w.float64(h.calMax, 192)
            w.float64(h.calMin, 200)
            w.float64(h.sliceDuration, 208)
            w.float64(h.toffset, 216)
            w.int64(h.sliceStart, 224)
            w.int64(h.sliceEnd, 232)
            w.string(h.descrip, 240, 80)
            w.string(h.auxFile, 320, 24)
            w.int32(h.qformCode, 344)
            w.int32(h.sformCode, 348)
            w.float64(h.quaternB, 352)
            w.float64(h.quaternC, 360)
            w.float64(h.quaternD, 368)
            w.float64(h.qoffsetX, 376)
            w.float64(h.qoffsetY, 384)
            w.float64(h.qoffsetZ, 392)
            for i in 0..<4 {
                w.float64(srow[0][i], 400 + 8 * i)
                w.float64(srow[1][i], 432 + 8 * i)
                w.float64(srow[2][i], 464 + 8 * i)
            }
            w.int32(h.sliceCode, 496)
            w.int32(h.xyztUnits, 500)
            w.int32(h.intentCode, 504)
            w.string(h.intentName, 508, 16)
            w.uint8(h.dimInfo, 524)
        }
        return w.bytes
    }

    /// The 4-byte extender (1 when extensions follow) and the extensions, in host byte order.
    static func encodeExtensions(_ extensions: [NIfTIExtension]) -> [UInt8] {
        var out: [UInt8] = [extensions.isEmpty ? 0 : 1, 0, 0, 0]
        for e in extensions {
            var w = HeaderFieldWriter(size: e.sizeOnDisk)
            w.int32(e.sizeOnDisk, 0)
            w.int32(Int(e.code), 4)
            w.raw(e.data, 8)
            out += w.bytes
        }
        return out
    }

    private static func printable(_ bytes: [UInt8]) -> String {
        String(bytes.prefix { $0 != 0 }.map { (32...126).contains($0) ? Character(Unicode.Scalar($0)) : "?" })
    }
}
