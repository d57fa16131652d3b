/// World coordinate conventions. DICOM uses LPS+ (x to the patient's left,
/// y to posterior, z to head); NIfTI and nibabel use RAS+ (x right, y anterior,
/// z head). medsynth stores every affine in RAS+ (the NIfTI convention); this
/// file is the one place that converts between the two.
public enum PatientSpace: String, Sendable, Codable {
    case ras = "RAS"
    case lps = "LPS"

    /// The matrix that maps LPS coordinates to RAS coordinates (and back: it is its own inverse).
    public static let flipXY = Matrix4.diagonal([-1, -1, 1, 1])

    /// Converts a voxel-to-LPS affine into a voxel-to-RAS affine.
    public static func rasAffine(fromLPS a: Matrix4) -> Matrix4 { flipXY * a }

    /// Converts a voxel-to-RAS affine into a voxel-to-LPS affine.
    public static func lpsAffine(fromRAS a: Matrix4) -> Matrix4 { flipXY * a }

    /// Converts one point between the two spaces (the same flip both ways).
    public static func convertPoint(_ p: [Double]) -> [Double] { [-p[0], -p[1], p[2]] }
}
