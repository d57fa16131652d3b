/// The tissue labels of a simulated head: the brain's three classes from the Colin27 T1
/// intensities, the head outside the brain, and the lesion compartments a tumour adds.
public enum TissueClass: UInt8, Sendable, CaseIterable, Codable {
    case background = 0
    case csf = 1
    case greyMatter = 2
    case whiteMatter = 3
    /// Head tissue outside the brain mask (scalp, skull, fat).
    case extracerebral = 4
    /// Solid tumour (a glioma's enhancing rim, a meningioma, a pituitary adenoma).
    case tumour = 5
    /// Vasogenic edema around a glioma.
    case edema = 6
    /// A glioma's necrotic core.
    case necrosis = 7

    public var name: String {
        switch self {
        case .background: return "background"
        case .csf: return "csf"
        case .greyMatter: return "grey_matter"
        case .whiteMatter: return "white_matter"
        case .extracerebral: return "extracerebral"
        case .tumour: return "tumour"
        case .edema: return "edema"
        case .necrosis: return "necrosis"
        }
    }
}
