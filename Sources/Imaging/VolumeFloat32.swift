/// Float32 access to volumes, for numeric work (resampling, normalization, augmentation)
/// that reads and writes voxels in place through unsafe buffers instead of copying arrays.
extension Volume {
    /// A float32 volume of the given shape whose voxels `body` initializes (the buffer
    /// starts zero-filled). Throws for an invalid or too large shape.
    public init(float32Shape shape: [Int], geometry: Geometry = .identity(),
                initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void) throws {
        try self.init(zeros: .float32, shape: shape, geometry: geometry)
        try withMutableFloat32Buffer(body)
    }

    /// Calls `body` with the voxels of a float32 volume. Precondition: `voxelType == .float32`.
    public func withFloat32Buffer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        precondition(voxelType == .float32, "withFloat32Buffer needs a float32 volume, not \(voxelType)")
        return try data.withUnsafeBytes { try body($0.bindMemory(to: Float.self)) }
    }

    /// Calls `body` with the mutable voxels of a float32 volume. Precondition: `voxelType == .float32`.
    public mutating func withMutableFloat32Buffer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        precondition(voxelType == .float32, "withMutableFloat32Buffer needs a float32 volume, not \(voxelType)")
        return try data.withUnsafeMutableBytes { try body($0.bindMemory(to: Float.self)) }
    }

    /// A float32 copy holding physical values (the intensity scale applied, `scale` nil).
    /// Returns nil for colour and complex voxel types, which have no single intensity.
    /// A float32 volume without scale is returned as is (no copy until written).
    public func float32() -> Volume? {
        guard voxelType.channels == 1, voxelType != .float128 else { return nil }
        if voxelType == .float32 && (scale == nil || scale!.isIdentity) {
            var v = self
            v.scale = nil
            return v
        }
        let slope = scale?.slope ?? 1, intercept = scale?.intercept ?? 0
        var out = try? Volume(zeros: .float32, shape: shape, geometry: geometry)
        out?.data.withUnsafeMutableBytes { dst in
            let d = dst.bindMemory(to: Float.self)
            data.withUnsafeBytes { raw in
                func fill<T>(_ t: T.Type, _ f: (T) -> Double) {
                    let s = raw.bindMemory(to: T.self)
                    for i in 0..<d.count { d[i] = Float(f(s[i]) * slope + intercept) }
                }
                switch voxelType {
                case .bool1, .uint8: fill(UInt8.self) { Double($0) }
                case .int8: fill(Int8.self) { Double($0) }
                case .int16: fill(Int16.self) { Double($0) }
                case .uint16: fill(UInt16.self) { Double($0) }
                case .int32: fill(Int32.self) { Double($0) }
                case .uint32: fill(UInt32.self) { Double($0) }
                case .int64: fill(Int64.self) { Double($0) }
                case .uint64: fill(UInt64.self) { Double($0) }
                case .float32: fill(Float.self) { Double($0) }
                case .float64: fill(Double.self) { $0 }
                default: break
                }
            }
        }
        return out
    }

    /// Number of voxels that are NaN or infinite (0 for integer types).
    public var nonFiniteCount: Int {
        switch voxelType {
        case .float32, .complex64:
            return data.withUnsafeBytes { raw in raw.bindMemory(to: Float.self).reduce(0) { $0 + ($1.isFinite ? 0 : 1) } }
        case .float64, .complex128:
            return data.withUnsafeBytes { raw in raw.bindMemory(to: Double.self).reduce(0) { $0 + ($1.isFinite ? 0 : 1) } }
        default:
            return 0
        }
    }
}
