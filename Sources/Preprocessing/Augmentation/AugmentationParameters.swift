import Imaging

/// TorchIO's ways of writing the ranges that augmentation parameters are drawn from,
/// read from pipeline parameters with errors that name `transform.parameter`.
extension TransformParameters {
    /// One range per spatial axis, as TorchIO's `parse_params`:
    /// `x` -> each axis `[center - x, center + x]` (or `[0, x]` when `center` is nil),
    /// `[a, b]` -> each axis `[a, b]`, `[x1, x2, x3]` -> axis i `[center - xi, center + xi]`
    /// (or `[0, xi]`), `[a1, b1, a2, b2, a3, b3]` -> axis i `[ai, bi]`.
    /// Every range must be ascending and, when `minimum` is given, start at or above it.
    public mutating func axisRanges(_ key: String, around center: Double?, minimum: Double? = nil,
                                    default def: [ClosedRange<Double>]) throws(PreprocessError) -> [ClosedRange<Double>] {
        guard values[key] != nil, values[key] != .null else {
            declare(key)
            return def
        }
        let d = try doubles(key)
        func around(_ x: Double) throws(PreprocessError) -> ClosedRange<Double> {
            if let center {
                try require(x >= 0, key, "a single half-width must not be negative")
                return (center - x)...(center + x)
            }
            try require(x >= 0, key, "a single upper bound must not be negative (the range is [0, x])")
            return 0...x
        }
        var out: [ClosedRange<Double>] = []
        switch d.count {
        case 1: let r = try around(d[0]); out = [r, r, r]
        case 2:
            try require(d[0] <= d[1], key, "a range [a, b] must be ascending")
            out = Array(repeating: d[0]...d[1], count: 3)
        case 3: for x in d { out.append(try around(x)) }
        case 6:
            for a in 0..<3 {
                try require(d[2 * a] <= d[2 * a + 1], key, "each range [a, b] must be ascending")
                out.append(d[2 * a]...d[2 * a + 1])
            }
        default:
            try require(false, key, "expected 1, 2, 3 or 6 numbers")
        }
        if let minimum {
            try require(out.allSatisfy { $0.lowerBound >= minimum }, key, "values below \(minimum) are not allowed")
        }
        return out
    }

    /// One range, as TorchIO's `_parse_range`: `x` -> `[center - x, center + x]` (or
    /// `[0, x]` when `center` is nil, as TorchIO documents for standard deviations and
    /// intensities), `[a, b]` -> `[a, b]` (ascending). Optional bounds on both ends.
    public mutating func scalarRange(_ key: String, around center: Double?, minimum: Double? = nil, maximum: Double? = nil,
                                     default def: ClosedRange<Double>) throws(PreprocessError) -> ClosedRange<Double> {
        guard values[key] != nil, values[key] != .null else {
            declare(key)
            return def
        }
        let d = try doubles(key)
        var r: ClosedRange<Double>
        switch d.count {
        case 1:
            try require(d[0] >= 0, key, "a single value must not be negative")
            r = center.map { ($0 - d[0])...($0 + d[0]) } ?? 0...d[0]
        case 2:
            try require(d[0] <= d[1], key, "a range [a, b] must be ascending")
            r = d[0]...d[1]
        default:
            try require(false, key, "expected one number or two ascending numbers")
            r = def
        }
        if let minimum { try require(r.lowerBound >= minimum, key, "values below \(minimum) are not allowed") }
        if let maximum { try require(r.upperBound <= maximum, key, "values above \(maximum) are not allowed") }
        return r
    }

    /// An interpolation name: nearest, linear or bspline.
    public mutating func interpolationChoice(_ key: String, default def: Interpolation) throws(PreprocessError) -> Interpolation {
        let name = try string(key, default: def.rawValue)
        guard let i = Interpolation(rawValue: name.lowercased()) else {
            try require(false, key, "expected nearest, linear or bspline")
            return def
        }
        return i
    }

    /// A probability in [0, 1].
    public mutating func probability(_ key: String, default def: Double) throws(PreprocessError) -> Double {
        let p = try double(key, default: def)
        try require(p >= 0 && p <= 1, key, "a probability must lie in [0, 1]")
        return p
    }

    /// Spatial axes as TorchIO names them: indices 0, 1, 2 or anatomical labels
    /// ("LR", "AP", "IS", "Left", "anterior", ...; only the first letter counts),
    /// resolved against the image orientation when the transform runs.
    public mutating func axes(_ key: String, default def: [AxisChoice]) throws(PreprocessError) -> [AxisChoice] {
        guard let v = values[key], v != .null else {
            declare(key)
            return def
        }
        declare(key)
        let items: [JSONValue]
        if case .array(let a) = v { items = a } else { items = [v] }
        var out: [AxisChoice] = []
        for item in items {
            switch item {
            case .number(let d) where d == 0 || d == 1 || d == 2: out.append(.index(Int(d)))
            case .string(let s):
                if let i = Int(s), (0...2).contains(i) { out.append(.index(i)); continue }
                guard let c = s.uppercased().first, "RLAPSI".contains(c) else {
                    try require(false, key, "'\(s)' is not an axis: use 0, 1, 2 or an anatomical label (LR, AP, IS)")
                    continue
                }
                out.append(.anatomical(c))
            default:
                try require(false, key, "an axis is 0, 1, 2 or an anatomical label (LR, AP, IS)")
            }
        }
        try require(!out.isEmpty, key, "at least one axis is needed")
        return out
    }
}

/// A spatial axis named by voxel index or by anatomical direction.
public enum AxisChoice: Sendable, Equatable, CustomStringConvertible {
    /// Voxel axis 0 (x), 1 (y) or 2 (z).
    case index(Int)
    /// The voxel axis that points toward (or away from) this direction: R/L, A/P or S/I.
    case anatomical(Character)

    /// The voxel axis for an image whose orientation code is `code` (e.g. "RAS");
    /// nil when no axis points along the direction.
    public func resolve(orientationCode code: String) -> Int? {
        switch self {
        case .index(let i): return i
        case .anatomical(let c):
            let pair: Set<Character> = c == "R" || c == "L" ? ["R", "L"] : c == "A" || c == "P" ? ["A", "P"] : ["S", "I"]
            return Array(code.uppercased()).firstIndex { pair.contains($0) }
        }
    }

    public var json: JSONValue {
        switch self {
        case .index(let i): return .number(Double(i))
        case .anatomical(let c): return .string(String(c))
        }
    }

    public var description: String {
        switch self {
        case .index(let i): return String(i)
        case .anatomical(let c): return String(c)
        }
    }

    /// Resolves every choice to a voxel axis; throws naming `parameter` for an axis the
    /// image does not have.
    static func resolve(_ choices: [AxisChoice], image: Volume, parameter: String) throws(PreprocessError) -> [Int] {
        let code = image.geometry.orientationCode
        var out: [Int] = []
        for c in choices {
            guard let a = c.resolve(orientationCode: code) else {
                throw .invalidParameter(name: parameter, value: c.description, reason: "no voxel axis of this \(code) image points along it")
            }
            if !out.contains(a) { out.append(a) }
        }
        return out
    }
}

/// Small helpers shared by the augmentation transforms.
enum AugmentationSupport {
    /// A range as a JSON pair.
    static func json(_ r: ClosedRange<Double>) -> JSONValue { .array([.number(r.lowerBound), .number(r.upperBound)]) }
    /// Ranges as a list of pairs.
    static func json(_ rs: [ClosedRange<Double>]) -> JSONValue { .array(rs.map { json($0) }) }
    static func json(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }
    static func json(_ xs: [Int]) -> JSONValue { .array(xs.map { .number(Double($0)) }) }

    /// Uniform integer in lo...hi (inclusive), as `torch.randint(lo, hi + 1)`.
    static func integer(_ lo: Int, _ hi: Int, _ random: inout SeededRandom) -> Int {
        lo + random.int(below: hi - lo + 1)
    }

    /// Voxels in one 3D frame.
    static func frameCount(_ v: Volume) -> Int { v.shape[0] * v.shape[1] * v.shape[2] }
}
