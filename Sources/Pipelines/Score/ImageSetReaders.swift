import DICOM
import Imaging
import NIfTI

/// The format readers behind `ImageSet.loadVolume(_:)`: each reads one file into a volume
/// and turns the reader's error into an `ImageSetError` naming the file.
enum ImageSetReaders {
    // MARK: PNG

    static func png(_ path: String) throws(ImageSetError) -> Volume {
        do {
            return try PNGCodec.read(path: path)
        } catch {
            let kind: ImageSetError.Kind
            switch error.kind {
            case .unreadable: kind = .unreadable
            case .unsupported: kind = .unsupported
            default: kind = .corrupt
            }
            let advice = kind == .corrupt ? "; the file is not a PNG or is damaged (re-export it)" : ""
            throw ImageSetError(kind, path: path, reason: error.reason + advice)
        }
    }

    // MARK: NIfTI

    /// A 3D volume, or 2D when nz = 1; more than one volume (4D and up) is an error, found
    /// from the header before the data is read.
    static func nifti(_ path: String) throws(ImageSetError) -> Volume {
        let shape: [Int]
        do {
            shape = try NIfTIReader.readHeader(at: path).shape
        } catch {
            throw mapped(error, path: path)
        }
        let volumes = shape.count > 3 ? shape[3...].reduce(1, *) : 1
        if volumes > 1 {
            throw ImageSetError(.unsupported, path: path,
                                reason: "a \(shape.count)D image (shape \(shape.map(String.init).joined(separator: "x"))) holds \(volumes) volumes; "
                                    + "image sets take 2D images and 3D volumes, so split it into volumes (or pick one) first")
        }
        do {
            return try NIfTIReader.readVolume(at: path)
        } catch {
            throw mapped(error, path: path)
        }
    }

    private static func mapped(_ error: any Error, path: String) -> ImageSetError {
        guard let e = error as? NIfTIError else { return ImageSetError(.corrupt, path: path, reason: "\(error)") }
        let kind: ImageSetError.Kind
        switch e.reason {
        case .cannotOpen, .io, .missingImageFile: kind = .unreadable
        case .unknownDatatype, .unsupportedFileExtension, .unsupportedVoxelType: kind = .unsupported
        default: kind = .corrupt
        }
        // The reader names the header or the .img it failed on; keep that name when it differs.
        let which = e.path == path || e.path.isEmpty ? "" : " (\(e.path))"
        return ImageSetError(kind, path: path, reason: e.reason.message + which)
    }

    // MARK: DICOM

    /// One frame -> [columns, rows, 1]; n frames -> [columns, rows, n] in stored order.
    /// Rescale as `SeriesLoader` applies it: one rescale for every frame becomes the volume's
    /// intensity scale; different rescales per frame are applied frame by frame into Float32.
    /// Colour frames are returned as stored (the greyscale rule comes after).
    static func dicom(_ path: String) throws(ImageSetError) -> Volume {
        let px: PixelFrames
        do {
            px = try PixelDecoder.decode(try DicomFile.read(path))
        } catch let e as DicomError {
            let kind: ImageSetError.Kind
            switch e.kind {
            case .unreadable: kind = .unreadable
            case .unsupported: kind = .unsupported
            default: kind = .corrupt
            }
            throw ImageSetError(kind, path: path, reason: e.reason)
        } catch {
            throw ImageSetError(.corrupt, path: path, reason: "\(error)")
        }
        let shape = [px.columns, px.rows, px.frames]
        let expected = px.columns * px.rows * px.frames * px.voxelType.byteSize
        guard px.data.count == expected else {
            throw ImageSetError(.corrupt, path: path, reason: "the decoded pixels hold \(px.data.count) bytes, but \(px.columns)x\(px.rows)x\(px.frames) \(px.voxelType.rawValue) needs \(expected)")
        }
        do {
            guard px.voxelType.channels == 1 else {
                return try Volume(voxelType: px.voxelType, shape: shape, data: px.data)
            }
            let identity = IntensityScale(slope: 1, intercept: 0)
            let scales = (0..<px.frames).map { f in f < px.rescale.count ? (px.rescale[f] ?? identity) : identity }
            let first = scales.first ?? identity
            if scales.allSatisfy({ $0 == first }) {
                return try Volume(voxelType: px.voxelType, shape: shape, scale: first.isIdentity ? nil : first, data: px.data)
            }
            let frameVoxels = px.columns * px.rows
            var values = [Float](repeating: 0, count: frameVoxels * px.frames)
            for f in 0..<px.frames {
                let stored = try Volume(voxelType: px.voxelType, shape: [px.columns, px.rows, 1], data: Array(px.frame(f)))
                    .doubles(scaled: false)
                let s = scales[f]
                for v in 0..<frameVoxels { values[f * frameVoxels + v] = Float(stored[v] * s.slope + s.intercept) }
            }
            return try Volume(values: values, shape: shape)
        } catch {
            throw ImageSetError(.corrupt, path: path, reason: "the decoded pixels do not fit \(px.columns)x\(px.rows)x\(px.frames) \(px.voxelType.rawValue): \(error)")
        }
    }
}
