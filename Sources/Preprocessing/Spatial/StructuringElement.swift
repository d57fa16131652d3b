/// The neighbourhood of binary erosion and dilation, in voxels (spacing is not taken into
/// account): a cube of side 2r + 1, or a ball of the offsets (i, j, k) with
/// i² + j² + k² <= r² (scikit-image's `ball(r)`; `ball(1)` is the 6-neighbour cross).
public enum StructuringElement: Sendable, Equatable {
    case cube(radius: Int)
    case ball(radius: Int)

    public var radius: Int {
        switch self {
        case .cube(let r), .ball(let r): return r
        }
    }

    /// Builds an element from its pipeline name ("cube" or "ball").
    public init(kind: String, radius: Int, parameter: String) throws(PreprocessError) {
        guard radius >= 0 else {
            throw .invalidParameter(name: parameter, value: "\(radius)", reason: "a radius must be a non-negative number of voxels")
        }
        switch kind {
        case "cube": self = .cube(radius: radius)
        case "ball": self = .ball(radius: radius)
        default:
            throw .invalidParameter(name: parameter, value: "'\(kind)'", reason: "expected 'ball' or 'cube'")
        }
    }

    public var kind: String {
        switch self {
        case .cube: return "cube"
        case .ball: return "ball"
        }
    }
}

/// Which voxels touch: 6 (faces, scipy.ndimage's default structure) or 26 (faces, edges
/// and corners).
public enum Connectivity: Int, Sendable, Equatable, CaseIterable {
    case six = 6
    case twentySix = 26

    /// The neighbour offsets (di, dj, dk).
    var offsets: [(Int, Int, Int)] {
        var out: [(Int, Int, Int)] = []
        for dk in -1...1 {
            for dj in -1...1 {
                for di in -1...1 where (di, dj, dk) != (0, 0, 0) {
                    if self == .twentySix || abs(di) + abs(dj) + abs(dk) == 1 { out.append((di, dj, dk)) }
                }
            }
        }
        return out
    }

    /// Reads 6 or 26; throws naming `parameter` otherwise.
    public init(_ n: Int, parameter: String) throws(PreprocessError) {
        guard let c = Connectivity(rawValue: n) else {
            throw .invalidParameter(name: parameter, value: "\(n)", reason: "connectivity must be 6 or 26")
        }
        self = c
    }
}
