import Imaging

/// Binary morphology on masks: every function reads the non-zero voxels of a 3D,
/// single-channel volume and returns a uint8 0/1 volume on the same grid. Conventions are
/// scipy.ndimage's (see `BinaryMorphology`, `ConnectedComponents`).
extension Volume {
    /// The non-zero voxels as a uint8 0/1 volume.
    public func binaryMask() throws(PreprocessError) -> Volume {
        try Volume.morphology(self) { $0 }
    }

    /// Binary erosion (scipy's `binary_erosion`, border_value 0).
    public func eroded(by element: StructuringElement) throws(PreprocessError) -> Volume {
        try Volume.morphology(self) { BinaryMorphology.erode($0, element) }
    }

    /// Binary dilation (scipy's `binary_dilation`).
    public func dilated(by element: StructuringElement) throws(PreprocessError) -> Volume {
        try Volume.morphology(self) { BinaryMorphology.dilate($0, element) }
    }

    /// Binary closing, dilation then erosion. With `padBorder` false it is scipy's
    /// `binary_closing` (border_value 0), which erodes objects where they touch the grid's
    /// border; with `padBorder` true the mask is padded by the radius first, so closing
    /// never removes foreground.
    public func closed(by element: StructuringElement, padBorder: Bool = false) throws(PreprocessError) -> Volume {
        try Volume.morphology(self) { padBorder ? BinaryMorphology.closePadded($0, element) : BinaryMorphology.close($0, element) }
    }

    /// Binary opening, erosion then dilation (scipy's `binary_opening`).
    public func opened(by element: StructuringElement) throws(PreprocessError) -> Volume {
        try Volume.morphology(self) { BinaryMorphology.open($0, element) }
    }

    /// Background not connected to the grid's border becomes foreground (scipy's
    /// `binary_fill_holes`; its default background connectivity is 6).
    public func holesFilled(connectivity: Connectivity = .six) throws(PreprocessError) -> Volume {
        try Volume.morphology(self) { ConnectedComponents.fillHoles($0, connectivity: connectivity) }
    }

    /// The largest connected component (scipy's `label` with the 6- or 26-neighbour
    /// structure, then the most frequent label; the first in memory order on a tie).
    /// An empty mask stays empty.
    public func largestComponent(connectivity: Connectivity = .six) throws(PreprocessError) -> Volume {
        try Volume.morphology(self) { ConnectedComponents.largest($0, connectivity: connectivity) }
    }

    /// The number of non-zero voxels of the first frame.
    public var nonZeroCount: Int { MaskGrid(self).selected }

    static func morphology(_ v: Volume, _ body: (MaskGrid) -> MaskGrid) throws(PreprocessError) -> Volume {
        guard v.voxelType.channels == 1, v.voxelType != .float128 else {
            throw .unsupportedVoxelType("binary morphology needs a single-channel mask, not \(v.voxelType.rawValue)")
        }
        guard v.frames == 1 else {
            throw .unsupportedVoxelType("binary morphology works on 3D masks; this one has \(v.frames) frames")
        }
        guard let out = body(MaskGrid(v)).volume(geometry: v.geometry) else {
            throw .unsupportedVoxelType("cannot build a uint8 mask of shape \(v.shape)")
        }
        return out
    }
}
