/// The four diagnostic classes of the simulated archive, as in the public brain-tumour MRI
/// datasets. The class is ground truth only: it is written to the manifest, never into a
/// standard DICOM attribute.
public enum TumourClass: String, Sendable, Codable, CaseIterable, Comparable {
    /// Intra-axial, irregular mass in the white matter with surrounding edema; some have a
    /// necrotic core inside an enhancing ring.
    case glioma
    /// Extra-axial, dural-based, homogeneous mass pressing on the brain surface.
    case meningioma
    /// Sellar mass below the hypothalamus, growing upwards.
    case pituitary
    /// No lesion.
    case noTumour = "no_tumour"

    public static func < (a: TumourClass, b: TumourClass) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
