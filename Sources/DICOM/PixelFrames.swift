import Imaging

/// Decoded pixels of one DICOM object: every frame, as stored values of one voxel type.
public struct PixelFrames: Sendable {
    public var columns: Int
    public var rows: Int
    public var frames: Int
    public var voxelType: VoxelType
    /// Photometric interpretation of `data` (RGB after colour conversion; MONOCHROME1 is kept as stored).
    public var photometricInterpretation: String
    /// Frames one after another, each rows x columns voxels, row-major (x fastest).
    public var data: [UInt8]
    /// Rescale slope/intercept for each frame (from the top level or the functional groups), nil when absent.
    public var rescale: [IntensityScale?]

    /// Bytes of frame `i`.
    public func frame(_ i: Int) -> ArraySlice<UInt8> {
        let n = columns * rows * voxelType.byteSize
        return data[(i * n)..<((i + 1) * n)]
    }

    /// One rescale for all frames, when every frame shares it.
    public var commonRescale: IntensityScale? {
        guard let first = rescale.first else { return nil }
        return rescale.allSatisfy({ $0 == first }) ? first : nil
    }
}
