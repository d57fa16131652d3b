import SafeTensors

extension SafeTensorsEntry {
    /// The entry as a state value without losing precision: F32 becomes a Float32 tensor, F64
    /// a Float64 tensor (bit for bit), F16 and BF16 Float32 tensors (exact); a one-value
    /// integer entry becomes a counter. Nil for anything else (an integer tensor of several
    /// values, complex or 8-bit float dtypes).
    func exactStateValue() throws -> StateValue? {
        switch dtype {
        case .f64:
            guard let values = doubles() else { return nil }
            return .tensor(try Tensor(shape: shape, doubles: values, dtype: .float64))
        case .f32, .f16, .bf16:
            guard let values = floats() else { return nil }
            return .tensor(try Tensor(shape: shape, values: values))
        default:
            guard dtype.isConvertibleToInt64, elementCount == 1, let value = int64s()?.first else { return nil }
            return .integer(value)
        }
    }

    /// What kind of state value the entry holds, from its header (and, for a counter, its
    /// one value, which must fit Int64); nil when `exactStateValue()` would give nil.
    var stateKind: StateKind? {
        if dtype.isConvertibleToFloat { return .tensor }
        if dtype.isConvertibleToInt64, elementCount == 1, int64s() != nil { return .counter }
        return nil
    }

    enum StateKind { case tensor, counter }
}
