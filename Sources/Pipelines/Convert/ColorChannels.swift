import Imaging

/// NIfTI has no 16-bit RGB datatype: such volumes are written as uint16 with the three
/// colour channels along the 5th dimension and intent VECTOR (1007), as nibabel reads them.
enum ColorChannels {
    static let vectorIntent = 1007

    /// De-interleaves an rgb48 volume [x, y, z, (t)] into uint16 [x, y, z, t, 3].
    static func planarVector(_ v: Volume) throws -> Volume {
        precondition(v.voxelType == .rgb48, "only rgb48 needs splitting")
        let n = v.count
        var out = [UInt16](repeating: 0, count: n * 3)
        v.data.withUnsafeBytes { raw in
            let p = raw.bindMemory(to: UInt16.self)
            for i in 0..<n { for c in 0..<3 { out[c * n + i] = p[i * 3 + c] } }
        }
        let t = v.shape.count > 3 ? v.shape[3...].reduce(1, *) : 1
        return try Volume(values: out, shape: [v.shape[0], v.shape[1], v.shape[2], t, 3], geometry: v.geometry)
    }
}
