/// The file format of an image-set item. Which one a file is follows from its name extension
/// (PNG, NIfTI) or, for any other name, from its content (DICOM, or PNG by signature): see
/// `ImageSet.list(root:)`.
public enum ImageSetFormat: String, Sendable, Codable, CaseIterable, Hashable {
    /// A PNG image (2D): 8- or 16-bit grey; RGB only when every pixel is grey (R = G = B).
    case png
    /// A DICOM object that DCMTK reads, with any name: one frame is a 2D image, several
    /// frames a 3D stack of frames in stored order.
    case dicom
    /// A NIfTI-1/-2 image (.nii, .nii.gz, .hdr/.img, .hdr.gz/.img.gz): 3D, or 2D when nz = 1.
    case nifti

    /// Name extensions removed from a relative path to make its pairing key, longest first,
    /// matched ignoring case. DICOM files often have no extension, or UIDs with dots as
    /// names, so only the usual DICOM extensions are removed and other names are kept whole.
    public var keyExtensions: [String] {
        switch self {
        case .png: return [".png"]
        case .dicom: return [".dicom", ".dcm", ".ima"]
        case .nifti: return [".nii.gz", ".hdr.gz", ".img.gz", ".nii", ".hdr", ".img"]
        }
    }

    /// The pairing key of a relative path of this format: the path with the format's
    /// extension removed (when the file name is longer than the extension), case kept.
    /// `glioma/a.png` and `glioma/a.nii.gz` both give `glioma/a`.
    public func key(forPath path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let lower = name.lowercased()
        for e in keyExtensions where lower.hasSuffix(e) && lower.count > e.count {
            return String(path.dropLast(e.count))
        }
        return path
    }
}
