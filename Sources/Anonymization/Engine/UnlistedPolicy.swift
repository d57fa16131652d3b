import DICOM

/// What happens to attributes Table E.1-1 does not list.
///
/// Default (`--remove-unlisted` off):
/// - sequences are kept and their items de-identified element by element;
/// - person names (PN) are emptied: a name is never kept because the table forgot it;
/// - dates and date-times (DA, DT) are treated like the table's dates: shifted under
///   Modified Dates, kept under Full Dates, removed otherwise;
/// - long free text (LT, ST, UT; e.g. Text Value in structured reports) is removed, or cleaned
///   under Clean Descriptors or Clean Structured Content;
/// - short text (LO, SH, UC) is kept, cleaned of this file's identifiers (`TextScrubber`);
/// - attributes unknown to the data dictionary, group lengths and values of VR UN are removed;
/// - everything else (codes, numbers, class UIDs, times) is kept.
///
/// `--remove-unlisted` keeps only what the image needs: sequences (items de-identified),
/// groups 0028 (pixel description, LUTs) and 7FE0 (pixel data), and attributes whose VR
/// cannot carry free text: numbers (DS, IS, US, SS, UL, SL, UV, SV, FL, FD, AT, OF, OD),
/// codes (CS) and UIDs (UI; instance UIDs are all listed in the table, the rest identify
/// classes and schemes). Everything else is removed.
public enum UnlistedPolicy {
    public enum Decision: Sendable, Equatable {
        case keep, remove, empty, date, clean
    }

    public static func decide(_ e: DataElement, options: DeidentificationOptions) -> Decision {
        let tag = e.tag
        if tag.element == 0x0000 { return .remove }
        if e.vr == .SQ { return .keep }
        if options.removeUnlisted {
            if tag.group == 0x0028 || tag.group == 0x7FE0 { return .keep }
            return textFree.contains(e.vr.rawValue) ? .keep : .remove
        }
        if e.vr == .UN || !isKnown(tag) { return .remove }
        switch e.vr.rawValue {
        case "PN": return .empty
        case "DA", "DT": return .date
        case "LT", "ST", "UT":
            let cleans = options.options.contains(.cleanDescriptors) || options.options.contains(.cleanStructuredContent)
            return cleans ? .clean : .remove
        case "LO", "SH", "UC": return .clean
        default: return .keep
        }
    }

    static let textFree: Set<String> = ["DS", "IS", "US", "SS", "UL", "SL", "UV", "SV", "FL", "FD", "AT", "OF", "OD", "CS", "UI"]

    /// Whether the data dictionary knows the (standard) tag (DataDictionary caches the answer).
    static func isKnown(_ tag: Tag) -> Bool {
        DataDictionary.keyword(for: tag) != nil || tag.isOverlay || tag.isCurve
    }
}
