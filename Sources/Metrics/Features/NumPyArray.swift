import Foundation

/// An n-dimensional NumPy array held as its raw element bytes, in C order (last index
/// fastest) and little-endian byte order, whatever order the file it came from used.
///
/// Values are read out with `floats()` or `doubles()` (any supported dtype converts);
/// arrays to write are made from `[Float]` or `[Double]`.
public struct NumPyArray: Sendable, Equatable {
    /// Element type (always little-endian here).
    public let dtype: NumPyDType
    /// Extent per axis; `[]` for a 0-d (scalar) array.
    public let shape: [Int]
    /// `count * dtype.byteSize` bytes, C order, little-endian.
    public let bytes: [UInt8]

    /// Number of elements (the product of the shape; 1 for a 0-d array).
    public var count: Int { bytes.count / dtype.byteSize }

    /// An array from raw little-endian C-order bytes; throws when the byte count does not
    /// match the shape.
    public init(dtype: NumPyDType, shape: [Int], bytes: [UInt8]) throws {
        guard let n = NumPyArray.elementCount(shape), let size = n.multipliedReportingOverflowOrNil(by: dtype.byteSize) else {
            throw MetricsError.invalidInput("NumPy array shape \(shape) is invalid or too large")
        }
        guard bytes.count == size else {
            throw MetricsError.invalidInput("NumPy array of shape \(shape) and dtype \(dtype.littleEndian) needs \(size) bytes, got \(bytes.count)")
        }
        self.dtype = dtype.littleEndian
        self.shape = shape
        self.bytes = bytes
    }

    /// A float32 (`'<f4'`) array.
    public init(shape: [Int], floats: [Float]) throws {
        try self.init(dtype: .float32, shape: shape, bytes: floats.withUnsafeBytes { Array($0) })
    }

    /// A float64 (`'<f8'`) array.
    public init(shape: [Int], doubles: [Double]) throws {
        try self.init(dtype: .float64, shape: shape, bytes: doubles.withUnsafeBytes { Array($0) })
    }

    /// The product of a shape, or nil when a dimension is negative or the product overflows.
    static func elementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            guard let p = n.multipliedReportingOverflowOrNil(by: d) else { return nil }
            n = p
        }
        return n
    }

    /// The values converted to Double (exact for every supported dtype except 64-bit
    /// integers beyond 2^53).
    public func doubles() -> [Double] {
        if dtype == .float64 { return bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) } }
        var out = [Double](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { o in forEachValue { o[$0] = $1 } }
        return out
    }

    /// The values converted to Float (float64 and large integers are rounded to nearest,
    /// integers through Double).
    public func floats() -> [Float] {
        if dtype == .float32 { return bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) } }
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { o in forEachValue { o[$0] = Float($1) } }
        return out
    }

    /// Calls `body(index, value)` for every element in order.
    private func forEachValue(_ body: (Int, Double) -> Void) {
        let n = count
        bytes.withUnsafeBytes { raw in
            func each<S>(_: S.Type, _ f: (S) -> Double) {
                for i in 0..<n { body(i, f(raw.loadUnaligned(fromByteOffset: i * MemoryLayout<S>.size, as: S.self))) }
            }
            switch (dtype.kind, dtype.byteSize) {
            case (.float, 2): each(UInt16.self) { Double(NumPyArray.halfToFloat($0)) }
            case (.float, 4): each(Float.self) { Double($0) }
            case (.float, _): each(Double.self) { $0 }
            case (.signedInteger, 1): each(Int8.self) { Double($0) }
            case (.signedInteger, 2): each(Int16.self) { Double($0) }
            case (.signedInteger, 4): each(Int32.self) { Double($0) }
            case (.signedInteger, _): each(Int64.self) { Double($0) }
            case (.unsignedInteger, 1), (.bool, _): each(UInt8.self) { Double($0) }
            case (.unsignedInteger, 2): each(UInt16.self) { Double($0) }
            case (.unsignedInteger, 4): each(UInt32.self) { Double($0) }
            case (.unsignedInteger, _): each(UInt64.self) { Double($0) }
            }
        }
    }

    /// IEEE 754 half precision (binary16) to Float, including subnormals, infinities and NaN.
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | (UInt32(exponent + 112) << 23) | (mantissa << 13))
    }
}

extension Int {
    /// `self * other`, or nil on overflow.
    func multipliedReportingOverflowOrNil(by other: Int) -> Int? {
        let (p, o) = multipliedReportingOverflow(by: other)
        return o ? nil : p
    }
}
