import Imaging

/// Crops the image and its label maps to the bounding box of the foreground, grown by
/// `margin` voxels per axis and clipped to the image (never padded). The foreground is
/// the non-zero voxels of a label map, or the image voxels strictly above a threshold
/// (default: above the image minimum, which drops constant background such as CT air
/// padding or MRI zeros). Voxels keep their world positions (see `CropOrPad`).
public struct CropForeground: Transform {
    public enum Source: Sendable, Equatable {
        /// Image voxels > the image minimum.
        case aboveMinimum
        /// Image voxels > this value.
        case threshold(Double)
        /// Non-zero voxels of this label map.
        case labelMap(String)
    }

    public var source: Source
    public var margin: [Int]

    /// Throws for a negative margin or one without 1 or 3 entries.
    public init(source: Source = .aboveMinimum, margin: [Int] = [0, 0, 0]) throws(PreprocessError) {
        let m = margin.count == 1 ? Array(repeating: margin[0], count: 3) : margin
        guard m.count == 3, m.allSatisfy({ $0 >= 0 }) else {
            throw .invalidParameter(name: "crop_foreground.margin", value: "\(margin)", reason: "expected 1 or 3 non-negative voxel counts")
        }
        self.source = source
        self.margin = m
    }

    public var name: String { "crop_foreground" }
    public var parameters: [String: JSONValue] {
        var p: [String: JSONValue] = ["margin": .array(margin.map { .number(Double($0)) })]
        switch source {
        case .aboveMinimum: break
        case .threshold(let t): p["threshold"] = .number(t)
        case .labelMap(let n): p["mask"] = .string(n)
        }
        return p
    }

    /// The box to crop to (before the margin is added), or `.emptyMask` naming the source.
    public func foregroundBox(of subject: Subject) throws(PreprocessError) -> VoxelBox {
        let image = subject.image
        let box: VoxelBox?
        let what: String
        switch source {
        case .labelMap(let name):
            guard let m = subject.labelMaps[name] else {
                let known = subject.labelMaps.keys.sorted()
                throw .invalidParameter(name: "crop_foreground.mask", value: "'\(name)'",
                                        reason: "the subject has no label map of that name (has: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
            }
            try Subject.requireSameGrid(m, as: image, name: name)
            box = m.nonZeroBoundingBox()
            what = "crop_foreground.mask: label map '\(name)' has no non-zero voxel"
        case .threshold(let t):
            box = Volume.boxAbove(image, t)
            what = "crop_foreground.threshold: no image voxel is above \(t)"
        case .aboveMinimum:
            let f = try IntensityMask.float32(image, parameter: "crop_foreground")
            let lo = f.withFloat32Buffer { $0.min() } ?? 0
            box = Volume.boxAbove(f, Double(lo))
            what = "crop_foreground: the image is constant (\(lo)), so no voxel is above its minimum"
        }
        guard let box else { throw .emptyMask(what) }
        return box
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let box = try foregroundBox(of: subject).expanded(by: margin, within: Array(subject.image.shape.prefix(3)))
        try subject.mapAll { v, _ throws(PreprocessError) in try v.cropOrPad(to: box.shape, anchor: box.lower) }
        return ["box": box.json, "shape": .array(box.shape.map { .number(Double($0)) })]
    }
}

extension Volume {
    /// This volume cropped to the bounding box of the non-zero voxels of `mask` (a volume
    /// on this grid), grown by `margin` voxels per axis and clipped to the volume.
    /// Throws `.emptyMask` for an empty mask and `.gridMismatch` for another grid.
    public func croppedToForeground(mask: Volume, margin: [Int] = [0, 0, 0]) throws(PreprocessError) -> Volume {
        try Subject.requireSameGrid(mask, as: self, name: "mask")
        guard let box = mask.nonZeroBoundingBox() else { throw .emptyMask("crop_foreground.mask has no non-zero voxel") }
        let m = margin.count == 1 ? Array(repeating: margin[0], count: 3) : margin
        guard m.count == 3, m.allSatisfy({ $0 >= 0 }) else {
            throw .invalidParameter(name: "crop_foreground.margin", value: "\(margin)", reason: "expected 1 or 3 non-negative voxel counts")
        }
        let b = box.expanded(by: m, within: Array(shape.prefix(3)))
        return try cropOrPad(to: b.shape, anchor: b.lower)
    }

    /// The box of the voxels of a float32-convertible image strictly above `t`.
    static func boxAbove(_ image: Volume, _ t: Double) -> VoxelBox? {
        guard let f = image.float32() else { return nil }
        return f.withFloat32Buffer { b in VoxelBox.enclosing(shape: f.shape, count: b.count) { Double(b[$0]) > t } }
    }
}
