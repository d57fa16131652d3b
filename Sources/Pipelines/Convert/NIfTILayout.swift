import DICOM
import Imaging

/// The voxel order medsynth writes NIfTI files in, chosen to equal dcm2niix's
/// (v1.0.20220720, default options):
/// - DICOM rows are flipped, so the first NIfTI row is the last DICOM row;
/// - slices stay in ascending order along the slice normal;
/// - 3D acquisitions (MR Acquisition Type "3D") are then rotated to the closest
///   canonical orientation (RAS), as dcm2niix does unless `-x i` is given.
/// Every step is an exact flip or permutation that updates the affine, so world
/// coordinates of every voxel are unchanged.
public enum NIfTILayout {
    public static func dcm2niixOrder(_ v: Volume, header: Dataset) -> Volume {
        var out = v
        apply(to: &out, header: header)
        return out
    }

    /// In place, so that converting holds one copy of the volume (plus one more only
    /// when a 3D acquisition needs an axis permutation).
    public static func apply(to v: inout Volume, header: Dataset) {
        v.flip(axis: 1)
        if isThreeDAcquisition(header) { v.makeClosestCanonical() }
    }

    /// dcm2niix's test for a 3D acquisition: MR Acquisition Type (0018,0023) is "3D".
    public static func isThreeDAcquisition(_ header: Dataset) -> Bool {
        header.string(Tags.mrAcquisitionType)?.uppercased() == "3D"
    }
}
