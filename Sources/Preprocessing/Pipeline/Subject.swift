import Imaging

/// What a pipeline transforms: one intensity image and the label maps (masks,
/// segmentations) on its grid. Spatial transforms move all of them together, label
/// maps always with nearest neighbour; intensity transforms touch the image only.
public struct Subject: Sendable {
    /// The intensity image (3D, or 4D with frames transformed alike): float32 from `init`
    /// on; a `cast` step may change its voxel type, and later steps convert it back.
    public var image: Volume
    /// Label maps by name, integer voxel types kept, on the image's spatial grid.
    public var labelMaps: [String: Volume]
    /// The transforms applied so far, in order, with the parameters they used.
    public var history: [TransformRecord]

    /// Converts the image to float32 physical values and checks that it holds no NaN
    /// or infinity and that every label map shares its spatial shape and affine.
    public init(image: Volume, labelMaps: [String: Volume] = [:]) throws(PreprocessError) {
        guard let f = image.float32() else {
            throw .unsupportedVoxelType("\(image.voxelType): preprocessing works on one intensity per voxel")
        }
        let bad = f.nonFiniteCount
        if bad > 0 { throw .nonFiniteValues(count: bad) }
        for (name, map) in labelMaps {
            try Subject.requireSameGrid(map, as: f, name: name)
            guard map.voxelType.channels == 1, map.voxelType != .float128 else {
                throw .unsupportedVoxelType("label map '\(name)' has voxel type \(map.voxelType)")
            }
        }
        self.image = f
        self.labelMaps = labelMaps
        self.history = []
    }

    /// Throws unless `other` has the spatial shape of `reference` and an affine within 1e-3 mm.
    public static func requireSameGrid(_ other: Volume, as reference: Volume, name: String) throws(PreprocessError) {
        guard Array(other.shape.prefix(3)) == Array(reference.shape.prefix(3)) else {
            throw .gridMismatch("'\(name)' has shape \(Array(other.shape.prefix(3))), the image \(Array(reference.shape.prefix(3)))")
        }
        let d = other.geometry.affine.maxAbsDifference(reference.geometry.affine)
        guard d <= 1e-3 else {
            throw .gridMismatch("'\(name)' has an affine \(d) mm away from the image's")
        }
    }

    /// Applies `body` to the image and then to every label map (spatial transforms).
    public mutating func mapAll(_ body: (_ volume: Volume, _ isLabelMap: Bool) throws(PreprocessError) -> Volume) throws(PreprocessError) {
        image = try body(image, false)
        for name in labelMaps.keys.sorted() {
            if let m = labelMaps[name] { labelMaps[name] = try body(m, true) }
        }
    }
}
