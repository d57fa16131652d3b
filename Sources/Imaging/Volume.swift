import Foundation

/// Optional linear map from stored values to physical values:
/// `physical = stored * slope + intercept` (DICOM Rescale, NIfTI scl_*).
public struct IntensityScale: Sendable, Equatable, Codable {
    public var slope: Double
    public var intercept: Double
    public init(slope: Double, intercept: Double) {
        self.slope = slope
        self.intercept = intercept
    }
    public var isIdentity: Bool { slope == 1 && intercept == 0 }
}

/// An image or volume: voxels of one `VoxelType` kept as stored, a shape of
/// up to 4 dimensions (x, y, z, t), and its `Geometry`. A 2D image has z = 1.
/// Voxel data is contiguous, x fastest, in host byte order.
public struct Volume: Sendable {
    public var voxelType: VoxelType
    /// Extent per dimension (x, y, z, t, ...). Always at least 3 entries.
    public private(set) var shape: [Int]
    public var geometry: Geometry
    /// Stored-to-physical mapping, nil when stored values are physical.
    public var scale: IntensityScale?
    /// Raw voxel bytes: `count * voxelType.byteSize` bytes. Set through `replaceData(_:)`
    /// outside this module, so the length always matches the shape.
    public internal(set) var data: [UInt8]

    /// Replaces the voxel bytes; throws when the length does not match the shape.
    public mutating func replaceData(_ bytes: [UInt8]) throws {
        guard bytes.count == data.count else { throw ShapeError.sizeMismatch(expected: data.count, actual: bytes.count) }
        data = bytes
    }

    public enum ShapeError: Error, CustomStringConvertible {
        case invalidShape([Int])
        case sizeMismatch(expected: Int, actual: Int)
        case tooLarge([Int])
        public var description: String {
            switch self {
            case .invalidShape(let s): return "invalid shape \(s): every dimension must be at least 1"
            case .sizeMismatch(let e, let a): return "voxel data holds \(a) bytes but the shape needs \(e)"
            case .tooLarge(let s): return "shape \(s) is too large to hold in memory"
            }
        }
    }

    /// Number of voxels for a shape, or nil on overflow / invalid dims.
    public static func voxelCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            guard d >= 1 else { return nil }
            let (p, o) = n.multipliedReportingOverflow(by: d)
            if o { return nil }
            n = p
        }
        return n
    }

    public init(voxelType: VoxelType, shape: [Int], geometry: Geometry = .identity(), scale: IntensityScale? = nil, data: [UInt8]) throws {
        var s = shape
        while s.count < 3 { s.append(1) }
        guard s.allSatisfy({ $0 >= 1 }) else { throw ShapeError.invalidShape(shape) }
        guard let n = Volume.voxelCount(s) else { throw ShapeError.tooLarge(shape) }
        let (bytes, o) = n.multipliedReportingOverflow(by: voxelType.byteSize)
        guard !o else { throw ShapeError.tooLarge(shape) }
        guard bytes == data.count else { throw ShapeError.sizeMismatch(expected: bytes, actual: data.count) }
        self.voxelType = voxelType
        self.shape = s
        self.geometry = geometry
        self.scale = scale
        self.data = data
    }

    /// A zero-filled volume.
    public init(zeros voxelType: VoxelType, shape: [Int], geometry: Geometry = .identity()) throws {
        var s = shape
        while s.count < 3 { s.append(1) }
        guard s.allSatisfy({ $0 >= 1 }) else { throw ShapeError.invalidShape(shape) }
        guard let n = Volume.voxelCount(s) else { throw ShapeError.tooLarge(shape) }
        let (bytes, o) = n.multipliedReportingOverflow(by: voxelType.byteSize)
        guard !o else { throw ShapeError.tooLarge(shape) }
        try self.init(voxelType: voxelType, shape: s, geometry: geometry, data: [UInt8](repeating: 0, count: bytes))
    }

    /// Builds a volume from typed values (e.g. `[Int16]`, `[Float]`).
    public init<T: VoxelScalar>(values: [T], shape: [Int], geometry: Geometry = .identity(), scale: IntensityScale? = nil) throws {
        let bytes = values.withUnsafeBytes { [UInt8]($0) }
        try self.init(voxelType: T.voxelType, shape: shape, geometry: geometry, scale: scale, data: bytes)
    }

    public var count: Int { shape.reduce(1, *) }
    public var width: Int { shape[0] }
    public var height: Int { shape[1] }
    public var depth: Int { shape[2] }
    /// Size of the 4th dimension (frames / time points), 1 for 3D.
    public var frames: Int { shape.count > 3 ? shape[3...].reduce(1, *) : 1 }
    /// Number of dimensions ignoring trailing singleton dimensions beyond the 2nd.
    public var dimensionality: Int {
        var n = shape.count
        while n > 2 && shape[n - 1] == 1 { n -= 1 }
        return n
    }

    /// Typed copy of the stored values; nil when `T` does not match the voxel type.
    public func values<T: VoxelScalar>(as _: T.Type) -> [T]? {
        guard T.voxelType == voxelType else { return nil }
        return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
    }

    /// Every scalar sample as Double, with the intensity scale applied when `scaled`.
    /// Colour and complex types yield `channels` values per voxel.
    public func doubles(scaled: Bool = true) -> [Double] {
        var out = ScalarConversion.toDoubles(data, voxelType)
        if scaled, let s = scale, !s.isIdentity {
            for i in out.indices { out[i] = out[i] * s.slope + s.intercept }
        }
        return out
    }

    /// Every scalar sample as Float, with the intensity scale applied when `scaled`.
    public func floats(scaled: Bool = true) -> [Float] { doubles(scaled: scaled).map { Float($0) } }

    /// Returns a copy with a new shape of the same voxel count.
    public func reshaped(_ newShape: [Int]) throws -> Volume {
        try Volume(voxelType: voxelType, shape: newShape, geometry: geometry, scale: scale, data: data)
    }
}

/// Scalar Swift types that map onto a `VoxelType`.
public protocol VoxelScalar: Sendable {
    static var voxelType: VoxelType { get }
}
extension Int8: VoxelScalar { public static var voxelType: VoxelType { .int8 } }
extension UInt8: VoxelScalar { public static var voxelType: VoxelType { .uint8 } }
extension Int16: VoxelScalar { public static var voxelType: VoxelType { .int16 } }
extension UInt16: VoxelScalar { public static var voxelType: VoxelType { .uint16 } }
extension Int32: VoxelScalar { public static var voxelType: VoxelType { .int32 } }
extension UInt32: VoxelScalar { public static var voxelType: VoxelType { .uint32 } }
extension Int64: VoxelScalar { public static var voxelType: VoxelType { .int64 } }
extension UInt64: VoxelScalar { public static var voxelType: VoxelType { .uint64 } }
extension Float: VoxelScalar { public static var voxelType: VoxelType { .float32 } }
extension Double: VoxelScalar { public static var voxelType: VoxelType { .float64 } }
