/// Keeps only the Bits Stored bits of each sample (ending at High Bit) and sign-extends signed values.
enum BitMasking {
    static func apply(_ data: inout [UInt8], bitsAllocated: Int, bitsStored: Int, highBit: Int, signed: Bool) throws {
        let shift = highBit + 1 - bitsStored
        if bitsStored == bitsAllocated && shift == 0 { return }
        switch bitsAllocated {
        case 8:
            data.withUnsafeMutableBufferPointer { p in
                for i in p.indices { p[i] = UInt8(truncatingIfNeeded: extend(UInt32(p[i]), shift, bitsStored, signed)) }
            }
        case 16:
            data.withUnsafeMutableBytes { raw in
                let p = raw.bindMemory(to: UInt16.self)
                for i in p.indices { p[i] = UInt16(truncatingIfNeeded: extend(UInt32(p[i]), shift, bitsStored, signed)) }
            }
        case 32:
            data.withUnsafeMutableBytes { raw in
                let p = raw.bindMemory(to: UInt32.self)
                for i in p.indices { p[i] = extend(p[i], shift, bitsStored, signed) }
            }
        default:
            break
        }
    }

    @inline(__always)
    private static func extend(_ v: UInt32, _ shift: Int, _ bits: Int, _ signed: Bool) -> UInt32 {
        let mask: UInt32 = bits >= 32 ? .max : (1 << UInt32(bits)) - 1
        var x = (v >> UInt32(shift)) & mask
        if signed && bits < 32 && (x >> UInt32(bits - 1)) & 1 == 1 { x |= ~mask }
        return x
    }
}
