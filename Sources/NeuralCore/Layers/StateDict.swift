/// One entry of a model's state: a tensor (parameter or running statistic) or a counter.
public enum StateValue: Sendable {
    case tensor(Tensor)
    case integer(Int64)

    var shape: [Int] {
        switch self {
        case let .tensor(t): return t.shape
        case .integer: return []
        }
    }
}

/// A state that does not fit a model: every missing, unexpected and mis-shaped name is listed.
public struct StateMismatchError: Error, CustomStringConvertible, Equatable {
    public var source: String
    public var missing: [String]
    public var unexpected: [String]
    /// name, the model's shape, the state's shape
    public var misshaped: [String]

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
        if !unexpected.isEmpty { parts.append("unexpected \(unexpected.joined(separator: ", "))") }
        if !misshaped.isEmpty { parts.append("wrong shape \(misshaped.joined(separator: "; "))") }
        return "\(source): the state does not fit the model: " + parts.joined(separator: "; ")
    }
}

extension Layer {
    /// Parameters and buffers under their state_dict names (parameters first).
    public func stateDict() -> [(String, StateValue)] {
        namedParameters().map { ($0.0, StateValue.tensor($0.1)) } + namedBuffers().map { name, buffer in
            switch buffer {
            case let .tensor(t): return (name, StateValue.tensor(t))
            case let .counter(c): return (name, StateValue.integer(c.value))
            }
        }
    }

    /// Copies `state` into the model's parameters and buffers (in place: optimizers keep
    /// their references). Strict: a missing, unexpected or mis-shaped name refuses the whole
    /// state before anything is written. Values are converted to each tensor's type.
    public func loadState(_ state: [String: StateValue], source: String = "state") throws {
        let own = stateDict()
        let ownNames = Set(own.map(\.0))
        var error = StateMismatchError(source: source, missing: [], unexpected: [], misshaped: [])
        for (name, value) in own {
            guard let given = state[name] else { error.missing.append(name); continue }
            switch (value, given) {
            case let (.tensor(t), .tensor(g)) where t.shape != g.shape:
                error.misshaped.append("\(name): model \(t.shape), state \(g.shape)")
            case (.tensor, .integer), (.integer, .tensor):
                error.misshaped.append("\(name): model \(value.shape), state \(given.shape) (tensor vs counter)")
            default: break
            }
        }
        error.unexpected = state.keys.filter { !ownNames.contains($0) }.sorted()
        guard error.missing.isEmpty, error.unexpected.isEmpty, error.misshaped.isEmpty else { throw error }
        let buffers = Dictionary(namedBuffers(), uniquingKeysWith: { a, _ in a })
        for (name, value) in own {
            guard let given = state[name] else { continue }
            switch (value, given) {
            case let (.tensor(t), .tensor(g)):
                try t.assign(try g.detached().converted(to: t.dtype))
            case let (.integer, .integer(v)):
                if case let .counter(c)? = buffers[name] { c.value = v }
            default: break
            }
        }
    }
}
