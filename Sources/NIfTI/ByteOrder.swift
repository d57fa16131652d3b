/// Byte order of a NIfTI file. Readers accept both; the writer uses the host order
/// (little endian on every platform medsynth runs on), which the standard allows.
public enum NIfTIByteOrder: String, Sendable, Equatable {
    case little, big

    /// The byte order of this machine.
    public static var host: NIfTIByteOrder {
        UInt16(1).littleEndian == 1 ? .little : .big
    }
}

/// Reads fixed-width fields from a header block in a given byte order.
struct HeaderFieldReader {
    let bytes: [UInt8]
    let order: NIfTIByteOrder

    private func load<T: FixedWidthInteger>(_: T.Type, _ offset: Int) -> T {
        var v: T = 0
        for i in 0..<MemoryLayout<T>.size {
            let b = T(truncatingIfNeeded: bytes[offset + i])
            let shift = order == .little ? i * 8 : (MemoryLayout<T>.size - 1 - i) * 8
            v |= b << shift
        }
        return v
    }

    func int8(_ o: Int) -> Int { Int(Int8(bitPattern: bytes[o])) }
    func uint8(_ o: Int) -> UInt8 { bytes[o] }
    func int16(_ o: Int) -> Int { Int(Int16(bitPattern: load(UInt16.self, o))) }
    func int32(_ o: Int) -> Int { Int(Int32(bitPattern: load(UInt32.self, o))) }
    func int64(_ o: Int) -> Int { Int(Int64(bitPattern: load(UInt64.self, o))) }
    func float32(_ o: Int) -> Double { Double(Float(bitPattern: load(UInt32.self, o))) }
    func float64(_ o: Int) -> Double { Double(bitPattern: load(UInt64.self, o)) }

    /// A NUL-terminated text field of `length` bytes (UTF-8, or Latin-1 when not valid UTF-8).
    func string(_ o: Int, _ length: Int) -> String {
        let field = bytes[o..<(o + length)]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        let raw = Array(field[o..<end])
        if let s = String(validating: raw, as: UTF8.self) { return s }
        return String(raw.map { Character(Unicode.Scalar($0)) })
    }
}

/// Writes fixed-width fields into a zeroed header block in host byte order.
struct HeaderFieldWriter {
    private(set) var bytes: [UInt8]

    init(size: Int) { bytes = [UInt8](repeating: 0, count: size) }

    private mutating func store<T: FixedWidthInteger>(_ value: T, _ offset: Int) {
        withUnsafeBytes(of: value) { raw in
            for i in 0..<raw.count { bytes[offset + i] = raw[i] }
        }
    }

    mutating func uint8(_ v: UInt8, _ o: Int) { bytes[o] = v }
    /// Stores an integer, clamped to the field's range (callers validate ranges beforehand).
    mutating func int16(_ v: Int, _ o: Int) { store(Int16(clamping: v), o) }
    mutating func int32(_ v: Int, _ o: Int) { store(Int32(clamping: v), o) }
    mutating func int64(_ v: Int, _ o: Int) { store(Int64(v), o) }
    mutating func float32(_ v: Double, _ o: Int) { store(Float(v).bitPattern, o) }
    mutating func float64(_ v: Double, _ o: Int) { store(v.bitPattern, o) }
    mutating func raw(_ v: [UInt8], _ o: Int) { for (i, b) in v.enumerated() { bytes[o + i] = b } }

    /// A text field, UTF-8, cut on a character boundary so that at least one NUL terminator remains.
    mutating func string(_ v: String, _ o: Int, _ length: Int) {
        var out: [UInt8] = []
        for ch in v {
            let utf8 = Array(String(ch).utf8)
            if out.count + utf8.count > length - 1 { break }
            out += utf8
        }
        raw(out, o)
    }
}

/// Byte swapping of voxel data read from a file of the other byte order.
enum ByteSwap {
    /// Reverses the bytes of every `componentSize`-byte scalar in place
    /// (componentSize 1 is a no-op; complex and RGB types swap per component).
    static func swap(_ buffer: UnsafeMutableRawBufferPointer, componentSize: Int) {
        guard componentSize > 1, let p = buffer.baseAddress else { return }
        let n = buffer.count / componentSize
        switch componentSize {
        case 2: swapWords(p, n, UInt16.self)
        case 4: swapWords(p, n, UInt32.self)
        case 8: swapWords(p, n, UInt64.self)
        case 16:
            for i in 0..<n {
                let lo = p.loadUnaligned(fromByteOffset: 16 * i, as: UInt64.self)
                let hi = p.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self)
                p.storeBytes(of: hi.byteSwapped, toByteOffset: 16 * i, as: UInt64.self)
                p.storeBytes(of: lo.byteSwapped, toByteOffset: 16 * i + 8, as: UInt64.self)
            }
        default:
            for i in 0..<n {
                var a = i * componentSize, b = a + componentSize - 1
                while a < b {
                    let t = p.load(fromByteOffset: a, as: UInt8.self)
                    p.storeBytes(of: p.load(fromByteOffset: b, as: UInt8.self), toByteOffset: a, as: UInt8.self)
                    p.storeBytes(of: t, toByteOffset: b, as: UInt8.self)
                    a += 1; b -= 1
                }
            }
        }
    }

    @inline(__always)
    private static func swapWords<T: FixedWidthInteger>(_ p: UnsafeMutableRawPointer, _ n: Int, _: T.Type) {
        let size = MemoryLayout<T>.size
        for i in 0..<n {
            let v = p.loadUnaligned(fromByteOffset: i * size, as: T.self)
            p.storeBytes(of: v.byteSwapped, toByteOffset: i * size, as: T.self)
        }
    }
}
