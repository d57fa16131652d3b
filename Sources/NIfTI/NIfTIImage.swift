import Imaging

/// A NIfTI image: its header (with extensions) and its volume. This is the
/// round-trip unit: `NIfTIReader.read` returns one, and `NIfTIWriter.write`
/// keeps every header field the volume does not override.
///
/// The volume is the source of truth for the data, shape, voxel type, affine,
/// time step and intensity scale; the header for everything else.
public struct NIfTIImage: Sendable {
    public var header: NIfTIHeader
    public var volume: Volume

    public init(header: NIfTIHeader, volume: Volume) {
        self.header = header
        self.volume = volume
    }

    /// A new image for `volume`, with a header built from `options`: both sform
    /// and qform set from the volume's affine with the options' codes.
    public init(volume: Volume, options: NIfTIWriteOptions = NIfTIWriteOptions()) {
        var h = NIfTIHeader()
        h.descrip = options.description
        h.intentCode = options.intent.code
        h.intentP1 = options.intent.p1
        h.intentP2 = options.intent.p2
        h.intentP3 = options.intent.p3
        h.intentName = options.intent.name
        h.xyztUnits = options.xyztUnits
        h.extensions = options.extensions
        h.setSForm(volume.geometry.affine, code: options.sformCode)
        h.setQForm(volume.geometry.affine, code: options.qformCode)
        h.pixdim[4] = volume.geometry.timeStep / (NIfTIUnits.secondsPerTimeUnit(options.xyztUnits) ?? 1)
        // dim and pixdim[4...] are filled in from the volume when written.
        h.dim = [0, 0, 0, 0, 0, 0, 0, 0]
        self.init(header: h, volume: volume)
    }

    /// Header extensions (stored in the header).
    public var extensions: [NIfTIExtension] {
        get { header.extensions }
        set { header.extensions = newValue }
    }

    /// The voxel-to-world (RAS+) affine of the image.
    public var affine: Matrix4 { volume.geometry.affine }

    /// The header as it will be written: the stored header, updated from the volume
    /// (datatype, bitpix, dim, scaling, time step, and both transforms when the affine
    /// differs from the header's best affine). vox_offset and magic are set by the writer.
    public func headerForWriting(options: NIfTIWriteOptions = NIfTIWriteOptions(), path: String = "") throws -> NIfTIHeader {
        var h = header
        guard let type = NIfTIDataType(voxelType: volume.voxelType) else {
            throw NIfTIError(path: path, reason: .unsupportedVoxelType(volume.voxelType.rawValue))
        }
        h.datatype = type.rawValue
        h.bitpix = type.bitpix

        // Dimensions: keep dim[0] when the volume still has the header's shape
        // (so a 2D or trailing-singleton header survives), else take the volume's.
        var shape = volume.shape
        var headerShape = header.shape
        while headerShape.count < 3 && !headerShape.isEmpty { headerShape.append(1) }
        let sameShape = headerShape == shape
        if sameShape {
            shape = header.shape
        } else {
            while shape.count > 3 && shape.last == 1 { shape.removeLast() }
        }
        guard shape.count <= 7 else {
            throw NIfTIError(path: path, reason: .invalidDimensionCount(shape.count))
        }
        h.dim = [shape.count] + shape + [Int](repeating: 1, count: 7 - shape.count)
        while h.pixdim.count < 8 { h.pixdim.append(1) }
        if !sameShape {
            // New dimensions: unused pixdims are 1 (as nibabel's set_data_shape).
            for i in (shape.count + 1)..<8 { h.pixdim[i] = 1 }
        }

        // Version.
        let needsNIfTI2 = shape.contains { $0 > Int(Int16.max) }
        if let v = options.version {
            if v == .nifti1 && needsNIfTI2 {
                throw NIfTIError(path: path, reason: .dimensionsExceedNIfTI1(volume.shape))
            }
            h.version = v
        } else if needsNIfTI2 {
            h.version = .nifti2
        }

        // Transforms: rewrite both only when the affine changed.
        let affine = volume.geometry.affine
        let scaleOfAffine = max(1, affine.m.map(abs).max() ?? 1)
        if affine.maxAbsDifference(header.bestAffine) > 1e-9 * scaleOfAffine {
            h.setSForm(affine, code: header.sformCode > 0 ? header.sformCode : options.sformCode)
            h.setQForm(affine, code: header.qformCode > 0 ? header.qformCode : options.qformCode)
        }

        // Time step: pixdim[4] in the header's temporal unit, when it changed.
        if shape.count >= 4, abs(volume.geometry.timeStep - header.timeStepSeconds) > 1e-12 * max(1, abs(volume.geometry.timeStep)),
           let perUnit = NIfTIUnits.secondsPerTimeUnit(h.xyztUnits) {
            h.pixdim[4] = volume.geometry.timeStep / perUnit
        }

        // Scaling: 0 means none (nifti1.h); an unscaled header keeps its own marker (0 or NaN).
        if let s = volume.scale {
            h.sclSlope = s.slope
            h.sclInter = s.intercept
        } else if header.scale != nil {
            h.sclSlope = 0
            h.sclInter = 0
        }
        return h
    }
}
