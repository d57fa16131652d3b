import Imaging

/// Crops and/or pads the image and its label maps to a spatial shape. Output voxel o is
/// input voxel o + anchor (per axis); the affine's origin moves to the world position of
/// input voxel `anchor`, so every kept voxel keeps its world position. Without an anchor
/// the output is centred as in TorchIO's CropOrPad: of an odd difference d, the larger
/// half ceil(d/2) is removed (or added) at the start of the axis and floor(d/2) at its end.
/// Padded voxels of the image get `fill`; those of label maps 0.
public struct CropOrPad: Transform {
    public var shape: [Int]
    /// Input voxel that becomes output voxel 0 (may be negative: padding before); nil = centred.
    public var anchor: [Int]?
    public var fill: PadFill

    /// What padded image voxels hold.
    public enum PadFill: Sendable, Equatable {
        case value(Double)
        /// The image's minimum (e.g. air in CT, background in MRI).
        case minimum
    }

    /// Throws for shape entries < 1 or a shape or anchor without 3 entries.
    public init(shape: [Int], anchor: [Int]? = nil, fill: PadFill = .value(0)) throws(PreprocessError) {
        try CropOrPad.validate(shape: shape, anchor: anchor, parameter: "crop_or_pad")
        self.shape = shape
        self.anchor = anchor
        self.fill = fill
    }

    static func validate(shape: [Int], anchor: [Int]?, parameter: String) throws(PreprocessError) {
        guard shape.count == 3, shape.allSatisfy({ $0 >= 1 }) else {
            throw .invalidParameter(name: "\(parameter).shape", value: "\(shape)", reason: "expected 3 sizes, each at least 1")
        }
        if let anchor, anchor.count != 3 {
            throw .invalidParameter(name: "\(parameter).anchor", value: "\(anchor)", reason: "expected 3 voxel indices")
        }
    }

    /// TorchIO's centring: anchor ceil(d/2) for a crop by d, -ceil(d/2) for a pad by d.
    public static func centredAnchor(from input: [Int], to output: [Int]) -> [Int] {
        (0..<3).map { a in
            let d = input[a] - output[a]
            return d >= 0 ? (d + 1) / 2 : -((-d + 1) / 2)
        }
    }

    public var name: String { "crop_or_pad" }
    public var parameters: [String: JSONValue] {
        var p: [String: JSONValue] = ["shape": .array(shape.map { .number(Double($0)) })]
        if let anchor { p["anchor"] = .array(anchor.map { .number(Double($0)) }) }
        switch fill {
        case .value(let v): if v != 0 { p["fill"] = .number(v) }
        case .minimum: p["fill"] = .string("min")
        }
        return p
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let a = anchor ?? CropOrPad.centredAnchor(from: Array(subject.image.shape.prefix(3)), to: shape)
        var imageFill = 0.0
        switch fill {
        case .value(let v): imageFill = v
        case .minimum: imageFill = subject.image.doubles().min() ?? 0
        }
        let target = shape
        try subject.mapAll { v, isLabelMap throws(PreprocessError) in
            try v.cropOrPad(to: target, anchor: a, fill: isLabelMap ? 0 : imageFill)
        }
        return ["anchor": .array(a.map { .number(Double($0)) }), "fill": .number(imageFill)]
    }
}

extension Volume {
    /// This volume cropped and/or padded to `shape` (3 entries; frames kept), output voxel
    /// o being input voxel o + `anchor` (nil: centred, see `CropOrPad`). Padded voxels
    /// hold `fill` (a physical value, stored in the voxel type: rounded and clamped for
    /// integer types). The voxel type and intensity scale are kept; the origin moves so
    /// that voxels keep their world positions.
    public func cropOrPad(to shape: [Int], anchor: [Int]? = nil, fill: Double = 0) throws(PreprocessError) -> Volume {
        try CropOrPad.validate(shape: shape, anchor: anchor, parameter: "crop_or_pad")
        let inShape = Array(self.shape.prefix(3))
        let a = anchor ?? CropOrPad.centredAnchor(from: inShape, to: shape)
        let bs = voxelType.byteSize
        let (nx, ny, nz) = (inShape[0], inShape[1], inShape[2])
        let (sx, sy, sz) = (shape[0], shape[1], shape[2])
        let frames = self.frames
        guard let outCount = Volume.voxelCount(shape + [frames]), outCount.multipliedReportingOverflow(by: bs).overflow == false else {
            throw .invalidParameter(name: "crop_or_pad.shape", value: "\(shape)", reason: "too large")
        }
        let pattern = Volume.fillPattern(fill, voxelType, scale)
        var out = [UInt8](repeating: 0, count: outCount * bs)
        if pattern.contains(where: { $0 != 0 }) {
            for v in 0..<outCount { for b in 0..<bs { out[v * bs + b] = pattern[b] } }
        }
        // The run of output x that maps inside the input.
        let i0 = max(0, -a[0]), i1 = min(sx, nx - a[0])
        if i1 > i0 {
            data.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    guard let sb = src.baseAddress, let db = dst.baseAddress else { return }
                    for t in 0..<frames {
                        for k in 0..<sz {
                            let ks = k + a[2]
                            guard ks >= 0, ks < nz else { continue }
                            for j in 0..<sy {
                                let js = j + a[1]
                                guard js >= 0, js < ny else { continue }
                                let s = (((t * nz + ks) * ny + js) * nx + i0 + a[0]) * bs
                                let d = (((t * sz + k) * sy + j) * sx + i0) * bs
                                db.advanced(by: d).copyMemory(from: sb.advanced(by: s), byteCount: (i1 - i0) * bs)
                            }
                        }
                    }
                }
            }
        }
        var g = geometry
        let origin = geometry.world(a.map(Double.init))
        for r in 0..<3 { g.affine[r, 3] = origin[r] }
        var outShape = shape
        if self.shape.count > 3 { outShape += self.shape[3...] }
        do {
            return try Volume(voxelType: voxelType, shape: outShape, geometry: g, scale: scale, data: out)
        } catch {
            throw .invalidParameter(name: "crop_or_pad.shape", value: "\(shape)", reason: "\(error)")
        }
    }

    /// The bytes of one voxel holding physical value `value` in `type` (zeros for types
    /// without a single scalar).
    static func fillPattern(_ value: Double, _ type: VoxelType, _ scale: IntensityScale?) -> [UInt8] {
        var stored = value
        if let s = scale, !s.isIdentity, s.slope != 0 { stored = (value - s.intercept) / s.slope }
        func bytes<T>(_ x: T) -> [UInt8] { withUnsafeBytes(of: x) { Array($0) } }
        func integer(_ range: ClosedRange<Double>) -> Double { min(range.upperBound, max(range.lowerBound, stored.rounded())) }
        switch type {
        case .float32: return bytes(Float(stored))
        case .float64: return bytes(stored)
        case .bool1, .uint8: return bytes(UInt8(integer(0...255)))
        case .int8: return bytes(Int8(integer(-128...127)))
        case .int16: return bytes(Int16(integer(-32768...32767)))
        case .uint16: return bytes(UInt16(integer(0...65535)))
        case .int32: return bytes(Int32(integer(-2147483648...2147483647)))
        case .uint32: return bytes(UInt32(integer(0...4294967295)))
        case .int64: return bytes(Int64(integer(-9.2233720368547e18...9.2233720368547e18)))
        case .uint64: return bytes(UInt64(integer(0...1.8446744073709e19)))
        default: return [UInt8](repeating: 0, count: type.byteSize)
        }
    }
}
