import SafeTensors

extension SafeTensorsFile {
    /// The entries whose names start with `prefix`, as a state for `Layer.loadState` (names
    /// without the prefix), without losing precision: F32, F16 and BF16 entries become Float32
    /// tensors, F64 entries Float64 tensors; one-value integer entries (batch norm's
    /// `num_batches_tracked`) become counters. Anything else is refused, naming the entry.
    public func state(prefix: String = "") throws -> [String: StateValue] {
        var state: [String: StateValue] = [:]
        for entry in entries where entry.name.hasPrefix(prefix) {
            guard let value = try entry.exactStateValue() else {
                throw SafeTensorsError(path: path, reason: .notConvertible(
                    name: entry.name, dtype: entry.dtype, to: "a model state value (a floating-point tensor or a one-value integer counter)"))
            }
            state[String(entry.name.dropFirst(prefix.count))] = value
        }
        return state
    }
}

extension SafeTensorsWriter {
    /// Adds a layer's state dict under `prefix`: tensors as F32 (or F64 for Float64 tensors),
    /// counters as one-value I64 scalars, like PyTorch's `state_dict()`.
    public mutating func add(state: [(String, StateValue)], prefix: String = "") throws {
        for (name, value) in state {
            switch value {
            case let .tensor(t):
                switch t.dtype {
                case .float32: try add(prefix + name, floats: t.floats, shape: t.shape)
                case .float64: try add(prefix + name, doubles: t.doubles, shape: t.shape)
                }
            case let .integer(v):
                try add(prefix + name, int64s: [v], shape: [])
            }
        }
    }
}
