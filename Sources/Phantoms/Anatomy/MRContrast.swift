/// The contrast variants of the simulated series, made by remapping tissue intensities.
/// Values are arbitrary signal units (white matter of a T1 image near 800).
public enum MRContrast: String, Sendable, Codable, CaseIterable {
    case t1 = "T1"
    case t2 = "T2"
    case flair = "FLAIR"

    /// Signal of CSF, grey matter, white matter and fat-bright head tissue (the brightest
    /// T1 values): the knots of the piecewise-linear map from T1 intensity.
    var tissueSignal: (csf: Double, grey: Double, white: Double, fat: Double) {
        switch self {
        case .t1: return (260, 560, 800, 1000)
        case .t2: return (1000, 620, 430, 720)
        case .flair: return (110, 560, 420, 640)
        }
    }

    /// Signal of the lesion compartments for a tumour class (before the per-patient jitter).
    func lesionSignal(_ c: TumourClass) -> (solid: Double, necrosis: Double, edema: Double) {
        switch (self, c) {
        case (.t1, .glioma): return (900, 220, 470)     // enhancing rim, dark core
        case (.t2, .glioma): return (780, 960, 860)
        case (.flair, .glioma): return (740, 280, 900)
        case (.t1, .meningioma): return (950, 950, 500)  // homogeneous enhancement
        case (.t2, .meningioma): return (660, 660, 820)
        case (.flair, .meningioma): return (620, 620, 860)
        case (.t1, .pituitary): return (880, 880, 0)
        case (.t2, .pituitary): return (700, 700, 0)
        case (.flair, .pituitary): return (640, 640, 0)
        case (_, .noTumour): return (0, 0, 0)
        }
    }

    /// Typical acquisition parameters: repetition time, echo time (ms), flip angle (degrees),
    /// inversion time (ms, FLAIR only), and the scanning sequence code.
    var sequence: (tr: Double, te: Double, flip: Double, ti: Double?, scanning: String, name: String) {
        switch self {
        case .t1: return (600, 12, 90, nil, "SE", "T1 SE")
        case .t2: return (5200, 98, 150, nil, "SE", "T2 TSE")
        case .flair: return (9000, 120, 150, 2500, "IR", "FLAIR")
        }
    }
}
