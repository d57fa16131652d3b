import Imaging

/// The parameters of one pipeline step as read from YAML (or built in code), with typed
/// access that names the transform and parameter in every error, and a final check that
/// no unknown parameter was given (a typo must not be ignored silently).
public struct TransformParameters: Sendable {
    public let transform: String
    public private(set) var values: [String: JSONValue]
    private var used: Set<String> = []

    public init(transform: String, values: [String: JSONValue] = [:]) {
        self.transform = transform
        self.values = values
    }

    /// Throws for any parameter that no getter asked for.
    public func finish() throws(PreprocessError) {
        let unknown = Set(values.keys).subtracting(used)
        if let name = unknown.sorted().first {
            throw .unknownParameter(transform: transform, name: name, known: Array(used))
        }
    }

    /// Declares a parameter as known without reading it (for error messages).
    public mutating func declare(_ keys: String...) { for k in keys { used.insert(k) } }

    private mutating func take(_ key: String) -> JSONValue? {
        used.insert(key)
        if let v = values[key], v != .null { return v }
        return nil
    }

    private func invalid(_ key: String, _ v: JSONValue, _ reason: String) -> PreprocessError {
        .invalidParameter(name: "\(transform).\(key)", value: TransformParameters.show(v), reason: reason)
    }

    static func show(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return "'\(s)'"
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): return String(b)
        case .array(let a): return "[" + a.map(show).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\($0): \(show(o[$0]!))" }.joined(separator: ", ") + "}"
        case .null: return "null"
        }
    }

    public mutating func double(_ key: String, default def: Double? = nil) throws(PreprocessError) -> Double {
        guard let v = take(key) else {
            if let def { return def }
            throw .missingParameter(transform: transform, name: key)
        }
        guard case .number(let d) = v, d.isFinite else { throw invalid(key, v, "expected a finite number") }
        return d
    }

    public mutating func optionalDouble(_ key: String) throws(PreprocessError) -> Double? {
        guard values[key] != nil, values[key] != .null else { used.insert(key); return nil }
        return try double(key)
    }

    public mutating func int(_ key: String, default def: Int? = nil) throws(PreprocessError) -> Int {
        let raw = values[key]
        let d = try double(key, default: def.map(Double.init))
        guard d == d.rounded(), abs(d) < 1e15 else { throw invalid(key, raw ?? .number(d), "expected an integer") }
        return Int(d)
    }

    public mutating func bool(_ key: String, default def: Bool? = nil) throws(PreprocessError) -> Bool {
        guard let v = take(key) else {
            if let def { return def }
            throw .missingParameter(transform: transform, name: key)
        }
        guard case .bool(let b) = v else { throw invalid(key, v, "expected true or false") }
        return b
    }

    public mutating func string(_ key: String, default def: String? = nil) throws(PreprocessError) -> String {
        guard let v = take(key) else {
            if let def { return def }
            throw .missingParameter(transform: transform, name: key)
        }
        switch v {
        case .string(let s): return s
        case .number: return TransformParameters.show(v)
        default: throw invalid(key, v, "expected a string")
        }
    }

    public mutating func optionalString(_ key: String) throws(PreprocessError) -> String? {
        guard values[key] != nil, values[key] != .null else { used.insert(key); return nil }
        return try string(key)
    }

    /// A list of numbers; a single number is repeated `count` times when `count` is given.
    public mutating func doubles(_ key: String, count: Int? = nil, default def: [Double]? = nil) throws(PreprocessError) -> [Double] {
        guard let v = take(key) else {
            if let def { return def }
            throw .missingParameter(transform: transform, name: key)
        }
        var out: [Double] = []
        switch v {
        case .number(let d): out = Array(repeating: d, count: count ?? 1)
        case .array(let a):
            for e in a {
                guard case .number(let d) = e, d.isFinite else { throw invalid(key, v, "expected numbers") }
                out.append(d)
            }
        default: throw invalid(key, v, "expected a number or a list of numbers")
        }
        if let count, out.count != count { throw invalid(key, v, "expected \(count) values") }
        return out
    }

    /// A list of integers (see `doubles`).
    public mutating func ints(_ key: String, count: Int? = nil, default def: [Int]? = nil) throws(PreprocessError) -> [Int] {
        let raw = values[key]
        let d = try doubles(key, count: count, default: def.map { $0.map(Double.init) })
        guard d.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e15 }) else {
            throw invalid(key, raw ?? .null, "expected integers")
        }
        return d.map { Int($0) }
    }

    /// A range as TorchIO writes them: one number x gives [center - x, center + x],
    /// two numbers [a, b] give a...b.
    public mutating func range(_ key: String, around center: Double = 0, default def: ClosedRange<Double>) throws(PreprocessError) -> ClosedRange<Double> {
        let raw = values[key]
        guard raw != nil, raw != .null else { used.insert(key); return def }
        let d = try doubles(key)
        switch d.count {
        case 1: return (center - abs(d[0]))...(center + abs(d[0]))
        case 2 where d[0] <= d[1]: return d[0]...d[1]
        default: throw invalid(key, raw!, "expected one number x (meaning \(center) - x to \(center) + x) or two ascending numbers")
        }
    }

    /// Throws an invalid-parameter error for `key` with `reason` unless `condition` holds.
    public func require(_ condition: Bool, _ key: String, _ reason: String) throws(PreprocessError) {
        if !condition { throw invalid(key, values[key] ?? .null, reason) }
    }
}
