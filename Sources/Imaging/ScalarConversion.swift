/// Conversion of raw voxel bytes (host order) to Double samples.
enum ScalarConversion {
    static func toDoubles(_ data: [UInt8], _ type: VoxelType) -> [Double] {
        data.withUnsafeBytes { raw -> [Double] in
            func map<T>(_ t: T.Type, _ f: (T) -> Double) -> [Double] {
                let p = raw.bindMemory(to: T.self)
                return p.map(f)
            }
            switch type {
            case .bool1, .uint8, .rgb24, .rgba32: return map(UInt8.self) { Double($0) }
            case .int8: return map(Int8.self) { Double($0) }
            case .int16: return map(Int16.self) { Double($0) }
            case .uint16, .rgb48: return map(UInt16.self) { Double($0) }
            case .int32: return map(Int32.self) { Double($0) }
            case .uint32: return map(UInt32.self) { Double($0) }
            case .int64: return map(Int64.self) { Double($0) }
            case .uint64: return map(UInt64.self) { Double($0) }
            case .float32, .complex64: return map(Float.self) { Double($0) }
            case .float64, .complex128: return map(Double.self) { $0 }
            case .float128, .complex256:
                // 16-byte IEEE quad little endian: convert via the top 64 bits.
                let n = raw.count / 16
                var out = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    var hi: UInt64 = 0
                    for b in 0..<8 { hi |= UInt64(raw[i * 16 + 8 + b]) << (8 * UInt64(b)) }
                    out[i] = quadHighToDouble(hi)
                }
                return out
            }
        }
    }

    /// Converts the high 64 bits of an IEEE binary128 to the nearest Double (truncating the low mantissa).
    static func quadHighToDouble(_ hi: UInt64) -> Double {
        let sign = hi >> 63
        let exp = Int((hi >> 48) & 0x7FFF)
        let mant = hi & 0xFFFF_FFFF_FFFF
        if exp == 0 && mant == 0 { return sign == 1 ? -0.0 : 0.0 }
        if exp == 0x7FFF { return mant == 0 ? (sign == 1 ? -.infinity : .infinity) : .nan }
        let e = exp - 16383
        let value = (1.0 + Double(mant) / Double(1 << 48)) * pow2(e)
        return sign == 1 ? -value : value
    }

    private static func pow2(_ e: Int) -> Double {
        if e > 1023 { return .infinity }
        if e < -1074 { return 0 }
        return Double(sign: .plus, exponent: e, significand: 1.0)
    }
}
