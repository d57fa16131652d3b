import Imaging

/// Which voxels an intensity transform computes its statistics over. The statistics come
/// from the selected voxels only; the resulting map is applied to every voxel.
public enum IntensityMask: Sendable, Equatable {
    /// Every voxel.
    case all
    /// Voxels strictly above the image mean (TorchIO's `lambda x: x > x.mean()`): drops
    /// the dark background of an MR or CT head without a segmentation.
    case foreground
    /// The non-zero voxels of the subject's label map of this name.
    case labelMap(String)

    /// Reads a pipeline parameter: absent means `.all`; the words `all` and `foreground`
    /// are the first two cases; any other text names a label map.
    public init(parameter: String?) {
        switch parameter {
        case nil, "all"?: self = .all
        case "foreground"?: self = .foreground
        case let name?: self = .labelMap(name)
        }
    }

    /// The parameter text (nil for `.all`).
    public var parameter: String? {
        switch self {
        case .all: return nil
        case .foreground: return "foreground"
        case .labelMap(let n): return n
        }
    }

    /// The selection as a mask volume for `subject.image`: nil for every voxel, a uint8 0/1
    /// volume otherwise. Throws for an unknown label map (listing the known ones), a label
    /// map on another grid, or a mask that selects no voxel. `parameter` names the
    /// parameter in errors (e.g. "zscore.mask").
    public func resolve(in subject: Subject, parameter: String) throws(PreprocessError) -> Volume? {
        let image = try IntensityMask.float32(subject.image, parameter: parameter)
        switch self {
        case .all:
            return nil
        case .foreground:
            let m = image.aboveMeanMask()
            if IntensityMask.selection(m, image: image).count == 0 {
                throw .emptyMask("\(parameter) 'foreground': no voxel is above the image mean (the image is constant)")
            }
            return m
        case .labelMap(let name):
            guard let m = subject.labelMaps[name] else {
                let known = subject.labelMaps.keys.sorted()
                throw .invalidParameter(name: parameter, value: "'\(name)'",
                                        reason: "the subject has no label map of that name (has: \(known.isEmpty ? "none" : known.joined(separator: ", "))); 'all' and 'foreground' are also accepted")
            }
            try Subject.requireSameGrid(m, as: image, name: name)
            return m
        }
    }

    /// The image as float32, or an error naming the parameter.
    static func float32(_ image: Volume, parameter: String) throws(PreprocessError) -> Volume {
        guard let f = image.float32() else {
            throw .unsupportedVoxelType("\(parameter): \(image.voxelType) has no single intensity per voxel")
        }
        return f
    }

    /// Which voxel indices of `image` (float32, all frames) a mask selects: `mask` is
    /// either of the image's spatial size (repeated over frames) or of its full size.
    /// Nil mask selects every voxel. Callers check the grid first.
    struct Selection {
        /// One flag per spatial voxel (or per voxel), nil for all.
        let flags: [Bool]?
        let total: Int
        let count: Int
        func contains(_ index: Int) -> Bool {
            guard let flags else { return true }
            return flags[index % flags.count]
        }
    }

    static func selection(_ mask: Volume?, image: Volume) -> Selection {
        guard let mask else { return Selection(flags: nil, total: image.count, count: image.count) }
        let d = mask.doubles(scaled: false)
        let flags = d.map { $0 != 0 }
        let per = flags.reduce(0) { $0 + ($1 ? 1 : 0) }
        let repeats = flags.isEmpty ? 0 : image.count / flags.count
        return Selection(flags: flags, total: image.count, count: per * repeats)
    }

    /// Checks a mask given in code: spatial grid of the image, and at least one voxel.
    static func check(_ mask: Volume?, image: Volume, parameter: String) throws(PreprocessError) -> Selection {
        if let mask {
            try Subject.requireSameGrid(mask, as: image, name: parameter)
            guard mask.voxelType.channels == 1, mask.count == image.count || mask.count * image.frames == image.count else {
                throw .gridMismatch("'\(parameter)' has \(mask.count) voxels of \(mask.voxelType); the image \(image.count)")
            }
        }
        let s = selection(mask, image: image)
        if s.count == 0 { throw .emptyMask("'\(parameter)' selects no voxel") }
        return s
    }

    /// The selected values of a float32 image.
    static func values(_ image: Volume, _ s: Selection) -> [Float] {
        image.withFloat32Buffer { b -> [Float] in
            guard s.flags != nil else { return Array(b) }
            var out = [Float]()
            out.reserveCapacity(s.count)
            for i in 0..<b.count where s.contains(i) { out.append(b[i]) }
            return out
        }
    }
}

extension Volume {
    /// A uint8 0/1 volume (this volume's shape and geometry) marking the voxels strictly
    /// above the mean of all voxels: TorchIO's `x > x.mean()` foreground. The mean is
    /// taken in Double over physical values.
    public func aboveMeanMask() -> Volume {
        let v = doubles()
        let mean = v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
        let bytes = v.map { $0 > mean ? UInt8(1) : 0 }
        // Same count and a one-byte type: cannot fail.
        return (try? Volume(values: bytes, shape: shape, geometry: geometry)) ?? self
    }
}
