import Imaging
import Metrics

extension ImageSet {
    /// Reads one item as a scalar volume of at most 3 dimensions (one frame): stored values
    /// with the intensity scale (DICOM rescale, NIfTI scl_*) in `scale`, grey RGB reduced to
    /// one channel. For feature extractors, which take `Volume`s. Reads only this file.
    /// Throws `ImageSetError` naming the file: unreadable, corrupt (truncated PNG, damaged
    /// DICOM or NIfTI), unsupported (4D NIfTI, true colour, complex voxels), invalid pixels
    /// (NaN or infinite).
    public func loadVolume(_ item: ImageSetItem) throws(ImageSetError) -> Volume {
        let path = self.path(of: item)
        let raw: Volume
        switch item.format {
        case .png: raw = try ImageSetReaders.png(path)
        case .dicom: raw = try ImageSetReaders.dicom(path)
        case .nifti: raw = try ImageSetReaders.nifti(path)
        }
        let volume = try ImageSetGreyscale.scalar(raw, path: path)
        let bad = volume.nonFiniteCount
        if bad > 0 {
            throw ImageSetError(.invalidPixels, path: path,
                                reason: "\(bad) of \(volume.count) voxels are NaN or infinite; replace them (e.g. with 0) before scoring")
        }
        return volume
    }

    /// Reads one item as a `MetricImage` (a 2D image, or a 3D volume for multi-frame DICOM
    /// and NIfTI with nz > 1) of physical values, for pixel metrics. Reads only this file,
    /// so a loop over `items` holds one image at a time. Throws as `loadVolume(_:)`.
    public func load(_ item: ImageSetItem) throws(ImageSetError) -> MetricImage {
        let volume = try loadVolume(item)
        do {
            return try MetricImage(volume)
        } catch {
            throw ImageSetError(.invalidPixels, path: path(of: item), reason: "\(error)")
        }
    }
}
