import Foundation
import Imaging

/// How a cast to an integer voxel type rounds.
public enum VoxelRounding: String, Sendable, CaseIterable, Codable {
    /// To the nearest integer, ties to even (IEEE 754 default, NumPy's `np.rint` /
    /// `np.round`): 0.5 -> 0, 1.5 -> 2, -2.5 -> -2.
    case nearest
    /// Toward minus infinity.
    case floor
    /// Toward plus infinity.
    case ceil
    /// Toward zero (C's and NumPy's `astype` conversion).
    case truncate

    var rule: FloatingPointRoundingRule {
        switch self {
        case .nearest: return .toNearestOrEven
        case .floor: return .down
        case .ceil: return .up
        case .truncate: return .towardZero
        }
    }
}

/// Converts the image to another voxel type (e.g. uint8 for PNG-like training sets,
/// int16 for compact storage). Integer targets round with `rounding`; then values outside
/// the type's range are clipped to it (`clip` true) or refused with an error giving their
/// count (`clip` false). Float targets keep the values (rounding does not apply).
/// The subject's image takes the new voxel type; later float transforms convert it back
/// with `float32()`.
public struct CastVoxelType: Transform {
    public var type: VoxelType
    public var rounding: VoxelRounding
    public var clip: Bool

    /// The voxel types a cast can produce.
    public static let targets: [VoxelType] = [.uint8, .int8, .uint16, .int16, .uint32, .int32, .float32, .float64]

    /// Throws for a type that is not one of `targets`, listing them.
    public init(type: String, rounding: VoxelRounding = .nearest, clip: Bool = true) throws(PreprocessError) {
        guard let t = VoxelType(rawValue: type.lowercased()), CastVoxelType.targets.contains(t) else {
            throw .invalidParameter(name: "cast.type", value: "'\(type)'",
                                    reason: "unknown voxel type (known: \(CastVoxelType.targets.map(\.rawValue).joined(separator: ", ")))")
        }
        self.type = t
        self.rounding = rounding
        self.clip = clip
    }

    public var name: String { "cast" }
    public var parameters: [String: JSONValue] {
        ["type": .string(type.rawValue), "rounding": .string(rounding.rawValue), "clip": .bool(clip)]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let (out, clipped) = try subject.image.cast(to: type, rounding: rounding, clip: clip)
        subject.image = out
        return ["clipped": .number(Double(clipped))]
    }
}

extension Volume {
    /// The physical values converted to `type` (see `CastVoxelType`); also returns how
    /// many voxels were clipped. Throws for an unsupported target, or for out-of-range
    /// values when `clip` is false (naming their count).
    public func cast(to type: VoxelType, rounding: VoxelRounding = .nearest, clip: Bool = true) throws(PreprocessError) -> (Volume, Int) {
        guard CastVoxelType.targets.contains(type) else {
            throw .invalidParameter(name: "cast.type", value: "'\(type.rawValue)'",
                                    reason: "unknown voxel type (known: \(CastVoxelType.targets.map(\.rawValue).joined(separator: ", ")))")
        }
        let image = try IntensityMask.float32(self, parameter: "cast")
        let values = image.withFloat32Buffer { Array($0) }
        if type == .float32 { return (image, 0) }
        if type == .float64 {
            guard let v = try? Volume(values: values.map { Double($0) }, shape: shape, geometry: geometry) else {
                throw .unsupportedVoxelType("cannot cast to float64")
            }
            return (v, 0)
        }
        guard let range = type.integerRange else { return (image, 0) }
        var outside = 0
        var rounded = [Double](repeating: 0, count: values.count)
        let rule = rounding.rule
        for i in values.indices {
            var r = Double(values[i]).rounded(rule)
            if r < range.lowerBound { outside += 1; r = range.lowerBound } else if r > range.upperBound { outside += 1; r = range.upperBound }
            rounded[i] = r
        }
        if outside > 0 && !clip {
            throw .invalidParameter(name: "cast.clip", value: "false",
                                    reason: "\(outside) voxel\(outside == 1 ? "" : "s") fall outside the \(type.rawValue) range \(Int64(range.lowerBound)) ... \(Int64(range.upperBound)) after rounding; set clip: true or rescale first")
        }
        func make<T: VoxelScalar>(_ convert: (Double) -> T) -> Volume? {
            try? Volume(values: rounded.map(convert), shape: shape, geometry: geometry)
        }
        let out: Volume?
        switch type {
        case .uint8: out = make { UInt8($0) }
        case .int8: out = make { Int8($0) }
        case .uint16: out = make { UInt16($0) }
        case .int16: out = make { Int16($0) }
        case .uint32: out = make { UInt32($0) }
        case .int32: out = make { Int32($0) }
        default: out = nil
        }
        guard let out else { throw .unsupportedVoxelType("cannot cast to \(type.rawValue)") }
        return (out, outside)
    }
}
