import Imaging

/// Head (body) masking: threshold the image (Otsu's threshold by default, as
/// scikit-image's `threshold_otsu` with 256 bins; foreground is `value > threshold`), close
/// small gaps (binary closing with a ball or cube of `closingRadius` voxels, computed on
/// a padded grid so that the head is not eroded where it touches the border), keep the
/// largest connected component, then fill holes (background not connected to the border;
/// so the ventricles and sinuses count as inside). The result is a uint8 0/1 label map.
public struct ForegroundMask: Transform {
    public struct Options: Sendable, Equatable {
        /// Nil: Otsu's threshold.
        public var threshold: Double?
        /// 0 skips the closing.
        public var closingRadius: Int
        /// "ball" (default) or "cube" element for the closing.
        public var element: String
        public var fillHoles: Bool
        public var largestComponent: Bool
        /// Connectivity of the components (the holes' background is always 6-connected, as scipy's default).
        public var connectivity: Connectivity

        public init(threshold: Double? = nil, closingRadius: Int = 2, element: String = "ball", fillHoles: Bool = true,
                    largestComponent: Bool = true, connectivity: Connectivity = .six) {
            self.threshold = threshold
            self.closingRadius = closingRadius
            self.element = element
            self.fillHoles = fillHoles
            self.largestComponent = largestComponent
            self.connectivity = connectivity
        }
    }

    public var options: Options
    /// Name of the label map added to the subject.
    public var maskName: String
    /// When true, image voxels outside the mask are set to 0.
    public var applyToImage: Bool

    /// Throws for a negative radius or an unknown element.
    public init(options: Options = Options(), name: String = "foreground", apply: Bool = false) throws(PreprocessError) {
        _ = try StructuringElement(kind: options.element, radius: options.closingRadius, parameter: "foreground_mask.closing")
        guard !name.isEmpty else {
            throw .invalidParameter(name: "foreground_mask.name", value: "''", reason: "a label map needs a name")
        }
        self.options = options
        self.maskName = name
        self.applyToImage = apply
    }

    public var name: String { "foreground_mask" }
    public var parameters: [String: JSONValue] {
        [
            "threshold": options.threshold.map { .number($0) } ?? .string("otsu"),
            "closing": .number(Double(options.closingRadius)),
            "element": .string(options.element),
            "fill_holes": .bool(options.fillHoles),
            "largest_component": .bool(options.largestComponent),
            "connectivity": .number(Double(options.connectivity.rawValue)),
            "name": .string(maskName),
            "apply": .bool(applyToImage),
        ]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let (mask, threshold) = try subject.image.foregroundMask(options)
        subject.labelMaps[maskName] = mask
        let bits = mask.values(as: UInt8.self) ?? []
        if applyToImage {
            var image = try IntensityMask.float32(subject.image, parameter: "foreground_mask")
            let spatial = bits.count
            image.withMutableFloat32Buffer { b in
                for i in 0..<b.count where bits[i % spatial] == 0 { b[i] = 0 }
            }
            subject.image = image
        }
        let count = bits.reduce(0) { $0 + Int($1) }
        return ["threshold": .number(threshold), "voxels": .number(Double(count)),
                "fraction": .number(Double(count) / Double(max(bits.count, 1)))]
    }
}

extension Volume {
    /// The foreground mask of this image (see `ForegroundMask`; the first frame of a 4D
    /// image) as a uint8 0/1 volume on its grid, and the threshold used. Throws
    /// `.emptyMask` when no voxel is above the threshold.
    public func foregroundMask(_ options: ForegroundMask.Options = .init()) throws(PreprocessError) -> (Volume, Double) {
        let image = try IntensityMask.float32(self, parameter: "foreground_mask")
        let element = try StructuringElement(kind: options.element, radius: options.closingRadius, parameter: "foreground_mask.closing")
        let (nx, ny, nz) = (shape[0], shape[1], shape[2])
        let spatial = nx * ny * nz
        let threshold: Double
        if let t = options.threshold { threshold = t } else {
            threshold = image.withFloat32Buffer { OtsuThreshold.compute(UnsafeBufferPointer(rebasing: $0[0..<spatial]), bins: 256) }
        }
        var m = image.withFloat32Buffer { b in
            MaskGrid(bits: (0..<spatial).map { Double(b[$0]) > threshold ? 1 : 0 }, nx: nx, ny: ny, nz: nz)
        }
        guard m.selected > 0 else {
            throw .emptyMask("foreground_mask: no voxel is above the threshold \(threshold)")
        }
        if element.radius > 0 { m = BinaryMorphology.closePadded(m, element) }
        if options.largestComponent { m = ConnectedComponents.largest(m, connectivity: options.connectivity) }
        if options.fillHoles { m = ConnectedComponents.fillHoles(m) }
        guard let out = m.volume(geometry: geometry) else {
            throw .unsupportedVoxelType("cannot build a uint8 mask of shape \(shape)")
        }
        return (out, threshold)
    }
}
