/// Bit-exact conversions between Float and the two 16-bit float formats of the format:
/// IEEE 754 binary16 (F16) and bfloat16 (BF16). Done on bit patterns so that they behave the
/// same on every platform (Swift's `Float16` is missing on Intel Macs).
///
/// Widening is exact. Narrowing rounds to nearest, ties to even (as PyTorch does), overflows
/// to infinity, keeps the sign of zero, and turns NaN into a quiet NaN with the same sign and
/// the top payload bits (for F16 this matches x86's F16C instructions, which PyTorch uses).
public enum HalfPrecision {
    /// The Float with the value of the F16 bit pattern `bits` (exact; subnormals included).
    @inlinable
    public static func float(fromF16 bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x03FF)
        if exponent == 0x1F {
            // Infinity or NaN: the payload moves to the top of the Float mantissa.
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24, exact in Float.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// The F16 bit pattern nearest to `value` (ties to even).
    @inlinable
    public static func f16(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let magnitude = bits & 0x7FFF_FFFF
        if magnitude > 0x7F80_0000 {
            // NaN: quiet, same sign, top payload bits.
            return sign | 0x7E00 | UInt16((magnitude >> 13) & 0x03FF)
        }
        if magnitude >= 0x4780_0000 {
            // 2^16 and above is infinity; [65520, 2^16) gets there through the rounding below.
            return sign | 0x7C00
        }
        if magnitude < 0x3880_0000 {
            // Below 2^-14: an F16 subnormal or zero. Scale so that one F16 subnormal step is one
            // unit and round the integer part to nearest even, exactly.
            let exponent = Int(magnitude >> 23)
            if exponent < 102 { return sign }  // below 2^-25: rounds to zero
            let mantissa = (magnitude & 0x007F_FFFF) | 0x0080_0000  // 24 significant bits
            let shift = UInt32(126 - exponent)  // 14...24
            var result = mantissa >> shift
            let remainder = mantissa & ((1 << shift) - 1)
            let half = UInt32(1) << (shift - 1)
            if remainder > half || (remainder == half && result & 1 == 1) { result += 1 }
            return sign | UInt16(result)
        }
        // Normal: rebias the exponent (127 -> 15) and round 23 mantissa bits to 10.
        let rebased = magnitude - (112 << 23)
        let lsb = (rebased >> 13) & 1
        let rounded = (rebased + 0x0FFF + lsb) >> 13  // a carry into the exponent is correct
        return sign | UInt16(rounded)
    }

    /// The Float with the value of the BF16 bit pattern `bits` (exact).
    @inlinable
    public static func float(fromBF16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// The BF16 bit pattern nearest to `value` (ties to even; huge values round to infinity).
    @inlinable
    public static func bf16(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if bits & 0x7FFF_FFFF > 0x7F80_0000 {
            return UInt16(bits >> 16) | 0x0040  // NaN: quiet, same sign, top payload bits
        }
        let lsb = (bits >> 16) & 1
        return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ lsb) >> 16)
    }
}
