/// The tissue labels of the phantom's anatomy: the brain's three classes from the
/// Colin27 T1 intensities, and the head outside the brain (scalp, skull, meninges).
public enum TissueClass: UInt8, Sendable, CaseIterable, Codable {
    case background = 0
    case csf = 1
    case greyMatter = 2
    case whiteMatter = 3
    /// Head tissue outside the brain mask (scalp, skull, fat).
    case extracerebral = 4

    public var name: String {
        switch self {
        case .background: return "background"
        case .csf: return "csf"
        case .greyMatter: return "grey_matter"
        case .whiteMatter: return "white_matter"
        case .extracerebral: return "extracerebral"
        }
    }
}
