import Foundation
import Imaging

/// The anatomical plane of 2D slices, tied to a world (RAS) axis so that the choice does
/// not depend on the voxel order of the file: axial slices are stacked along S (inferior ->
/// superior), coronal along A (posterior -> anterior), sagittal along R (left -> right).
///
/// A volume is first reoriented (exact permutation and flips, no interpolation) so that the
/// stacking axis is its third voxel axis; oblique volumes are sliced along the voxel axis
/// closest to the world axis. The slice index is the index along that axis in the volume's
/// RAS-reoriented form, so index 0 is the most inferior / posterior / left slice.
/// How the slice is laid out in the picture is the `DisplayConvention`.
public enum SliceAxis: String, Sendable, Codable, CaseIterable {
    case axial, coronal, sagittal

    /// World axis the slices are stacked along: 0 = R (sagittal), 1 = A (coronal), 2 = S (axial).
    public var worldAxis: Int {
        switch self {
        case .sagittal: return 0
        case .coronal: return 1
        case .axial: return 2
        }
    }

    /// Parses a plane name (case-insensitive; also "ax", "cor", "sag"); the error lists the valid names.
    public init(parsing text: String, parameter: String = "slice.axis") throws(PreprocessError) {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        let aliases: [String: SliceAxis] = ["ax": .axial, "cor": .coronal, "sag": .sagittal,
                                            "transverse": .axial, "transversal": .axial]
        if let a = SliceAxis(rawValue: t) ?? aliases[t] {
            self = a
        } else {
            throw .invalidParameter(name: parameter, value: "'\(text)'",
                                    reason: "unknown slice axis; use one of \(SliceAxis.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// Axis code the volume is reoriented to before slicing: the first two letters are the
    /// picture's column (left -> right) and row (top -> bottom) directions, the third the
    /// stacking direction.
    public func orientationCode(_ convention: DisplayConvention) -> String {
        switch (self, convention) {
        case (.axial, .radiological): return "LPS"     // patient right on the left, anterior at the top
        case (.axial, .neurological): return "RPS"     // patient left on the left, anterior at the top
        case (.coronal, .radiological): return "LIA"   // patient right on the left, superior at the top
        case (.coronal, .neurological): return "RIA"
        case (.sagittal, _): return "PIR"              // anterior on the left, superior at the top
        }
    }
}
