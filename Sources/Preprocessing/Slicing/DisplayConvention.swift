/// Which side of the patient appears on the left of an axial or coronal picture.
///
/// | plane    | radiological (default)            | neurological                     |
/// |----------|-----------------------------------|----------------------------------|
/// | axial    | patient right on the left, anterior at the top | patient left on the left, anterior at the top |
/// | coronal  | patient right on the left, superior at the top | patient left on the left, superior at the top |
/// | sagittal | anterior on the left, superior at the top      | the same                          |
///
/// Radiological is how DICOM viewers show axial and coronal images (as if facing the
/// patient); neurological is the FSL / SPM habit (as if looking from behind / above).
public enum DisplayConvention: String, Sendable, Codable, CaseIterable {
    case radiological, neurological
}
