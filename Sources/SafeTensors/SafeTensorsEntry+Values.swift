import Foundation

/// Typed values of an entry, decoded from little-endian bytes.
extension SafeTensorsEntry {
    /// The values as Float, from F32, F16, BF16 (exact) or F64 (rounded to nearest);
    /// nil for other dtypes.
    public func floats() -> [Float]? {
        let n = byteCount / max(1, dtype.byteSize ?? 1)
        switch dtype {
        case .f32:
            return decode(n) { raw, i in Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .f16:
            return decode(n) { raw, i in HalfPrecision.float(fromF16: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .bf16:
            return decode(n) { raw, i in HalfPrecision.float(fromBF16: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .f64:
            return decode(n) { raw, i in Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
        default:
            return nil
        }
    }

    /// The values as Double, from F64, F32, F16 or BF16 (all exact); nil for other dtypes.
    public func doubles() -> [Double]? {
        if dtype == .f64 {
            return decode(byteCount / 8) { raw, i in Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
        }
        return floats().map { $0.map(Double.init) }
    }

    /// The values as Int64, from any integer dtype or BOOL (0/1); nil for other dtypes
    /// and when a U64 value exceeds Int64.max (`SafeTensorsFile.int64s` says which).
    public func int64s() -> [Int64]? {
        switch int64Values() {
        case .success(let values): return values
        case .failure: return nil
        }
    }

    enum Int64Problem: Error {
        case notInteger
        case outOfRange(index: Int)
    }

    func int64Values() -> Result<[Int64], Int64Problem> {
        let n = byteCount / max(1, dtype.byteSize ?? 1)
        let values: [Int64]
        switch dtype {
        case .bool: values = decode(n) { raw, i in raw.load(fromByteOffset: i, as: UInt8.self) == 0 ? 0 : 1 }
        case .u8: values = decode(n) { raw, i in Int64(raw.load(fromByteOffset: i, as: UInt8.self)) }
        case .i8: values = decode(n) { raw, i in Int64(raw.load(fromByteOffset: i, as: Int8.self)) }
        case .u16: values = decode(n) { raw, i in Int64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .i16: values = decode(n) { raw, i in Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
        case .u32: values = decode(n) { raw, i in Int64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .i32: values = decode(n) { raw, i in Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
        case .i64: values = decode(n) { raw, i in Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)) }
        case .u64:
            var firstBad: Int?
            values = decode(n) { raw, i in
                let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                if v > UInt64(Int64.max) {
                    if firstBad == nil { firstBad = i }
                    return 0
                }
                return Int64(v)
            }
            if let bad = firstBad { return .failure(.outOfRange(index: bad)) }
        default:
            return .failure(.notInteger)
        }
        return .success(values)
    }

    /// Decodes `count` elements with `element(raw, index)` straight into the result.
    private func decode<T>(_ count: Int, _ element: (UnsafeRawBufferPointer, Int) -> T) -> [T] {
        storage.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count { out.initializeElement(at: i, to: element(raw, i)) }
                initialized = count
            }
        }
    }
}
