import DICOM

/// Table E.1-1 with the chosen options applied: one action code per listed tag.
///
/// Precedence when several chosen options give an attribute different actions: K (a Retain
/// option) wins over C (a Clean option), and either wins over the Basic Profile's code.
/// One exception keeps intervals consistent: under Retain Longitudinal Temporal Information
/// with Modified Dates, date and time attributes are shifted (C) even when another Retain
/// option (Device Identity: calibration dates) would keep them.
public struct ResolvedProfile: Sendable {
    public let options: DeidentificationOptions
    private let exact: [Tag: ActionCode]
    private let curves: ActionCode
    private let overlayData: ActionCode
    private let overlayComments: ActionCode
    private let privateCode: ActionCode

    public init(_ options: DeidentificationOptions) {
        self.options = options
        var exact: [Tag: ActionCode] = [:]
        var curves = ActionCode.remove, overlayData = ActionCode.remove, overlayComments = ActionCode.remove
        var privateCode = ActionCode.remove
        for row in AnnexETable.rows {
            let code = ResolvedProfile.action(for: row, options: options.options)
            switch row.pattern {
            case .exact(let t): exact[t] = code
            case .privateElements: privateCode = code
            case .masked(let g, _, let e, let em):
                if g == 0x5000 { curves = code } else if em == 0xFFFF && e == 0x3000 { overlayData = code } else { overlayComments = code }
            }
        }
        self.exact = exact
        self.curves = curves
        self.overlayData = overlayData
        self.overlayComments = overlayComments
        self.privateCode = privateCode
    }

    static func action(for row: AnnexERow, options: Set<ProfileOption>) -> ActionCode {
        let chosen = ProfileOption.allCases.filter { options.contains($0) }.compactMap { row.options[$0] }
        if options.contains(.retainLongitudinalModifiedDates), row.options[.retainLongitudinalModifiedDates] == .clean {
            return .clean
        }
        if chosen.contains(.keep) { return .keep }
        if chosen.contains(.clean) { return .clean }
        return chosen.first ?? row.basic
    }

    /// The code for a listed tag; nil when the table does not list it.
    public func code(for tag: Tag) -> ActionCode? {
        if let c = exact[tag] { return c }
        if tag.isPrivate { return privateCode }
        if tag.isCurve { return curves }
        if tag.isOverlay {
            switch tag.element {
            case 0x3000: return overlayData
            case 0x4000: return overlayComments
            default: return nil
            }
        }
        return nil
    }

    /// What the Clean Graphics option does to an overlay group as a whole: the table lists only
    /// Overlay Data and Overlay Comments; the rest of the group follows Overlay Data, since an
    /// overlay plane without its data is not valid.
    public var overlayGroupCode: ActionCode { overlayData }
}
