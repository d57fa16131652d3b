import Imaging

/// Bit depth of the gray levels written to PNG.
public enum GrayLevels: Int, Sendable, Codable, CaseIterable {
    case eight = 8, sixteen = 16

    /// Brightest level: 255 or 65535.
    public var maxLevel: Int { (1 << rawValue) - 1 }

    public init(bits: Int) throws(PreprocessError) {
        guard let g = GrayLevels(rawValue: bits) else {
            throw .invalidParameter(name: "slice.bit_depth", value: "\(bits)", reason: "PNG slices are 8 or 16 bits")
        }
        self = g
    }

    /// A float32 image with values in [0, 1] as uint8 / uint16 gray levels: round(v * maxLevel),
    /// with values outside [0, 1] clamped (B-spline overshoot) and NaN as 0.
    public func quantize(_ unit: Volume) throws(PreprocessError) -> Volume {
        guard unit.voxelType == .float32 else {
            throw .unsupportedVoxelType("gray-level quantization needs a float32 image, not \(unit.voxelType.rawValue)")
        }
        let top = Float(maxLevel)
        func level(_ v: Float) -> Float { v.isNaN ? 0 : (min(1, max(0, v)) * top).rounded(.toNearestOrEven) }
        do {
            return try unit.withFloat32Buffer { b in
                switch self {
                case .eight:
                    return try Volume(values: b.map { UInt8(level($0)) }, shape: unit.shape, geometry: unit.geometry)
                case .sixteen:
                    return try Volume(values: b.map { UInt16(level($0)) }, shape: unit.shape, geometry: unit.geometry)
                }
            }
        } catch {
            throw .invalidParameter(name: "slice.image", value: "\(unit.shape)", reason: "\(error)")
        }
    }
}
