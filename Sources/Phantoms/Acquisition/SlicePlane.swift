import Imaging

/// The three slice planes of the simulated series, with the in-plane axes DICOM scanners
/// commonly use (rows towards the patient's left or posterior, columns towards inferior).
public enum SlicePlane: String, Sendable, Codable, CaseIterable {
    case axial, coronal, sagittal

    /// Unit vectors (RAS) of the row direction (i), the column direction (j) and the slice normal.
    var axes: (row: [Double], column: [Double], normal: [Double]) {
        switch self {
        case .axial: return ([-1, 0, 0], [0, -1, 0], [0, 0, 1])
        case .coronal: return ([-1, 0, 0], [0, 0, -1], [0, -1, 0])
        case .sagittal: return ([0, -1, 0], [0, 0, -1], [1, 0, 0])
        }
    }

    /// Head coverage along the normal, mm.
    var coverage: Double {
        switch self {
        case .axial: return 150
        case .coronal: return 170
        case .sagittal: return 140
        }
    }

    /// Prefix of series descriptions ("AX T2 TSE").
    var abbreviation: String {
        switch self {
        case .axial: return "AX"
        case .coronal: return "COR"
        case .sagittal: return "SAG"
        }
    }
}
