import Foundation
import Imaging

/// Resamples a volume onto its own grid through a map from each output voxel index to a
/// continuous input voxel index (an affine map, optionally plus a dense displacement):
/// the engine of `random_affine`, `random_elastic` and `random_motion`.
///
/// Images are sampled with `Interpolator` (per frame, the chosen interpolation and fill).
/// Label maps are sampled by nearest neighbour directly on their stored values, so the
/// voxel type is kept and no value is ever blended or rounded through Float; points
/// outside the field of view ([-0.5, n - 0.5] per axis) get the label fill (default 0). Work is spread over slices.
struct SpatialWarp: Sendable {
    /// Output index (i, j, k, 1) -> input index: rows of a 3x4 matrix, row-major.
    let matrix: [Double]
    /// Optional displacement in input index units, added after the matrix.
    let displacement: DisplacementField?

    /// `indexMap` maps output voxel indices to input voxel indices. Entries within 1e-9 of
    /// an integer are snapped to it, so that rotations by multiples of 90 degrees are
    /// exact permutations despite cos(90°) = 6e-17.
    init(indexMap: Matrix4, displacement: DisplacementField? = nil) {
        var m = [Double](repeating: 0, count: 12)
        for r in 0..<3 {
            for c in 0..<4 {
                let v = indexMap[r, c]
                m[r * 4 + c] = abs(v - v.rounded()) < 1e-9 ? v.rounded() : v
            }
        }
        matrix = m
        self.displacement = displacement
    }

    /// The map from output to input voxel indices of the world-space map `world`
    /// (output world point -> input world point) on a grid with voxel-to-world `affine`.
    static func indexMap(world: Matrix4, affine: Matrix4) throws(PreprocessError) -> Matrix4 {
        guard let inv = affine.inverse else {
            throw .singularAffine("the voxel-to-world affine cannot be inverted\n\(affine)")
        }
        return inv * world * affine
    }

    /// The input index for output voxel (i, j, k).
    @inline(__always)
    func source(_ i: Int, _ j: Int, _ k: Int) -> (Double, Double, Double) {
        let x = Double(i), y = Double(j), z = Double(k)
        var sx = matrix[0] * x + matrix[1] * y + matrix[2] * z + matrix[3]
        var sy = matrix[4] * x + matrix[5] * y + matrix[6] * z + matrix[7]
        var sz = matrix[8] * x + matrix[9] * y + matrix[10] * z + matrix[11]
        if let d = displacement {
            let v = d.value(i, j, k)
            sx += v.0; sy += v.1; sz += v.2
        }
        return (sx, sy, sz)
    }

    /// Resamples an image (float32, every frame) with `interpolation`; `fill(frame)` gives
    /// the value outside the field of view.
    func image(_ volume: Volume, interpolation: Interpolation, fill: (Int) -> Float) throws(PreprocessError) -> Volume {
        let n = (volume.shape[0], volume.shape[1], volume.shape[2])
        let block = n.0 * n.1 * n.2
        var out: Volume
        do { out = try Volume(zeros: .float32, shape: volume.shape, geometry: volume.geometry) } catch {
            throw .invalidParameter(name: "shape", value: "\(volume.shape)", reason: "\(error)")
        }
        for f in 0..<volume.frames {
            let sampler = try Interpolator(volume, frame: f, interpolation: interpolation, fill: fill(f))
            out.withMutableFloat32Buffer { buf in
                let dst = UnsafeShared(buf.baseAddress! + f * block)
                DispatchQueue.concurrentPerform(iterations: n.2) { k in
                    let d = dst.value + k * n.0 * n.1
                    for j in 0..<n.1 {
                        for i in 0..<n.0 {
                            let (x, y, z) = source(i, j, k)
                            d[j * n.0 + i] = sampler.value(x, y, z)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Resamples a label map by nearest neighbour on its stored values (type kept);
    /// `fill` (a stored value, default 0) outside the field of view.
    func labelMap(_ volume: Volume, fill: Int64 = 0) throws(PreprocessError) -> Volume {
        var bytes = [UInt8](repeating: 0, count: volume.data.count)
        switch volume.voxelType {
        case .bool1, .uint8: labels(volume, &bytes, UInt8(clamping: fill))
        case .int8: labels(volume, &bytes, Int8(clamping: fill))
        case .int16: labels(volume, &bytes, Int16(clamping: fill))
        case .uint16: labels(volume, &bytes, UInt16(clamping: fill))
        case .int32: labels(volume, &bytes, Int32(clamping: fill))
        case .uint32: labels(volume, &bytes, UInt32(clamping: fill))
        case .int64: labels(volume, &bytes, fill)
        case .uint64: labels(volume, &bytes, UInt64(clamping: fill))
        case .float32: labels(volume, &bytes, Float(fill))
        case .float64: labels(volume, &bytes, Double(fill))
        default: return volume  // multi-channel types are refused by Subject
        }
        var out = volume
        do { try out.replaceData(bytes) } catch {
            throw .invalidParameter(name: "label map", value: "\(volume.shape)", reason: "\(error)")
        }
        return out
    }

    private func labels<T: Sendable & SendableMetatype>(_ volume: Volume, _ out: inout [UInt8], _ fill: T) {
        let n = (volume.shape[0], volume.shape[1], volume.shape[2])
        let block = n.0 * n.1 * n.2
        let tolerance = 1e-6
        volume.data.withUnsafeBytes { srcRaw in
            out.withUnsafeMutableBytes { dstRaw in
                let src = UnsafeShared(srcRaw.bindMemory(to: T.self).baseAddress!)
                let dst = UnsafeShared(dstRaw.bindMemory(to: T.self).baseAddress!)
                for f in 0..<volume.frames {
                    DispatchQueue.concurrentPerform(iterations: n.2) { k in
                        let s = src.value + f * block
                        let d = dst.value + f * block + k * n.0 * n.1
                        for j in 0..<n.1 {
                            for i in 0..<n.0 {
                                let (x, y, z) = source(i, j, k)
                                guard x >= -0.5 - tolerance, x <= Double(n.0) - 0.5 + tolerance,
                                      y >= -0.5 - tolerance, y <= Double(n.1) - 0.5 + tolerance,
                                      z >= -0.5 - tolerance, z <= Double(n.2) - 0.5 + tolerance else {
                                    d[j * n.0 + i] = fill
                                    continue
                                }
                                let a = min(max(Int((x + 0.5).rounded(.down)), 0), n.0 - 1)
                                let b = min(max(Int((y + 0.5).rounded(.down)), 0), n.1 - 1)
                                let c = min(max(Int((z + 0.5).rounded(.down)), 0), n.2 - 1)
                                d[j * n.0 + i] = s[a + n.0 * (b + n.1 * c)]
                            }
                        }
                    }
                }
            }
        }
    }

    /// Warps an image and every label map of a subject (label maps filled with `labelFill`).
    func apply(to subject: inout Subject, interpolation: Interpolation, labelFill: Int64 = 0,
               fill: @escaping (Volume, Int) -> Float) throws(PreprocessError) {
        try subject.mapAll { v, isLabelMap throws(PreprocessError) in
            isLabelMap ? try labelMap(v, fill: labelFill) : try image(v, interpolation: interpolation) { fill(v, $0) }
        }
    }
}

/// Fill values for points that a spatial transform brings in from outside the image,
/// as TorchIO's `default_pad_value`.
public enum PadValue: Sendable, Equatable {
    /// The minimum of the frame (TorchIO's default).
    case minimum
    /// The mean of the voxels on the six faces of the frame.
    case mean
    /// A fixed value.
    case value(Double)

    /// Parses "minimum", "mean" or a number.
    static func parse(_ p: inout TransformParameters, _ key: String, default def: PadValue) throws(PreprocessError) -> PadValue {
        guard let v = p.values[key], v != .null else { p.declare(key); return def }
        p.declare(key)
        switch v {
        case .number(let d) where d.isFinite: return .value(d)
        case .string("minimum"): return .minimum
        case .string("mean"): return .mean
        default:
            try p.require(false, key, "expected 'minimum', 'mean' or a number")
            return def
        }
    }

    var json: JSONValue {
        switch self {
        case .minimum: return .string("minimum")
        case .mean: return .string("mean")
        case .value(let d): return .number(d)
        }
    }

    /// The fill value for frame `frame` of a float32 volume.
    func resolve(_ volume: Volume, frame: Int) -> Float {
        let n = (volume.shape[0], volume.shape[1], volume.shape[2])
        let block = n.0 * n.1 * n.2
        switch self {
        case .value(let d): return Float(d)
        case .minimum:
            return volume.withFloat32Buffer { b in
                var m = Float.infinity
                for i in (frame * block)..<((frame + 1) * block) { m = min(m, b[i]) }
                return m
            }
        case .mean:
            // The six faces, each taken whole (edges counted on every face they touch), as TorchIO.
            return volume.withFloat32Buffer { b in
                let base = frame * block
                var sum = 0.0, count = 0
                func at(_ i: Int, _ j: Int, _ k: Int) -> Double { Double(b[base + i + n.0 * (j + n.1 * k)]) }
                for k in [0, n.2 - 1] { for j in 0..<n.1 { for i in 0..<n.0 { sum += at(i, j, k); count += 1 } } }
                for j in [0, n.1 - 1] { for k in 0..<n.2 { for i in 0..<n.0 { sum += at(i, j, k); count += 1 } } }
                for i in [0, n.0 - 1] { for k in 0..<n.2 { for j in 0..<n.1 { sum += at(i, j, k); count += 1 } } }
                return Float(sum / Double(max(count, 1)))
            }
        }
    }
}
