import Foundation
import DICOM

/// What one original (not yet de-identified) dataset identifies, for the PHI audit:
///
/// - `values`: the text of every element whose PS3.15 Table E.1-1 row is not K, every person
///   name (PN, any tag, any depth), and the text of private elements (not their creators, not
///   those the standard lists as safe). An element the table does not list counts when the
///   nearest listed sequence around it is identifying (the Code Value inside the Referring
///   Physician Identification Sequence). Descriptors (rows that the Clean Descriptors Option
///   cleans: descriptions, comments, histories) are left out: their whole text is rarely
///   identifying, and the names and numbers they may contain come from the identifying
///   elements anyway. Coded strings (CS), dates, times and UIDs are not identifiers here.
/// - `uids`: every UI value whose row's action is U, and the Study, Series, SOP Instance and
///   Frame of Reference UIDs.
/// - `dates`: every DA and DT value (its date part) by attribute path, private ones included.
public struct OriginalIdentifiers: Sendable {
    public struct Value: Sendable, Hashable {
        public var text: String
        /// The attribute's keyword, or its tag ("(0009,1010)") when it has none.
        public var kind: String
        public var isPersonName: Bool
    }

    public var patientID: String?
    public var values: [Value] = []
    public var uids: [Value] = []
    /// Dates with the keyword of their attribute.
    public var datedValues: [Value] = []
    /// Date parts of DA and DT values by attribute path.
    public var dates: [AttributePath: [String]] = [:]

    /// Instance UIDs that are always identifying, whatever the table says.
    static let instanceUIDs: Set<Tag> = [Tags.studyInstanceUID, Tags.seriesInstanceUID, Tags.sopInstanceUID, Tags.frameOfReferenceUID]
    /// Elements of code sequences that name a coding scheme or say what a code means, not who.
    static let codeDescriptors: Set<Tag> = [Tag(0x0008, 0x0102), Tag(0x0008, 0x0103), Tag(0x0008, 0x0104)]
    static let excludedTextVRs: Set<VR> = [.CS, .DA, .DT, .TM, .UI]

    public init(patientID: String? = nil) { self.patientID = patientID }

    /// Extracts the identifiers of a dataset.
    public static func extract(from dataset: Dataset) -> OriginalIdentifiers {
        var out = OriginalIdentifiers(patientID: dataset.string(Tags.patientID))
        out.visit(dataset, prefix: [], context: .none)
        return out
    }

    /// Whether the elements of a sequence (and the sequence itself) identify.
    enum Context { case none, identifying, descriptor }

    enum Status { case unlisted, identifying, descriptor }

    static func status(of tag: Tag) -> Status {
        guard let row = AnnexETable.row(for: tag) ?? maskedRow(for: tag) else { return .unlisted }
        if row.basic == .keep { return .unlisted }
        return row.options[.cleanDescriptors] == .clean ? .descriptor : .identifying
    }

    /// Rows of the repeating groups (curves 50xx, overlays 60xx).
    static func maskedRow(for tag: Tag) -> AnnexERow? {
        guard tag.isCurve || tag.isOverlay else { return nil }
        return maskedRows.first { $0.pattern.matches(tag) }
    }

    private static let maskedRows: [AnnexERow] = AnnexETable.rows.filter {
        if case .masked = $0.pattern { return true }
        return false
    }

    private mutating func visit(_ ds: Dataset, prefix: [AttributePath.Step], context: Context) {
        for e in ds.elements {
            let tag = e.tag
            if tag.isPrivateCreator { continue }
            let own: Context
            if tag.isPrivate {
                own = SafePrivateAttributes.isSafe(tag, creator: ds.privateCreator(of: tag)) ? .none : .identifying
            } else {
                switch OriginalIdentifiers.status(of: tag) {
                case .identifying: own = .identifying
                case .descriptor: own = .descriptor
                case .unlisted: own = OriginalIdentifiers.codeDescriptors.contains(tag) ? .none : context
                }
            }
            switch e.value {
            case .sequence(let items):
                for (i, item) in items.enumerated() {
                    visit(item, prefix: prefix + [AttributePath.Step(tag: tag, item: i)], context: own)
                }
            case .encapsulated:
                continue
            case .bytes(let bytes):
                if tag == Tags.pixelData { continue }
                record(e, bytes: bytes, path: { AttributePath(prefix + [AttributePath.Step(tag: tag, item: nil)]) }, context: own)
            }
        }
    }

    private mutating func record(_ e: DataElement, bytes: [UInt8], path: () -> AttributePath, context: Context) {
        let vr = e.vr
        if vr == .DA || vr == .DT {
            let parts = PHIText.values(bytes).compactMap { AuditDates.datePart($0) }.filter { !AuditDates.isDummy($0) }
            guard !parts.isEmpty else { return }
            dates[path(), default: []].append(contentsOf: parts)
            let kind = OriginalIdentifiers.kind(e.tag)
            for p in parts where p.count == 8 { datedValues.append(Value(text: p, kind: kind, isPersonName: false)) }
            return
        }
        if vr == .UI {
            if OriginalIdentifiers.instanceUIDs.contains(e.tag) || AnnexETable.row(for: e.tag)?.basic == .uid {
                let kind = OriginalIdentifiers.kind(e.tag)
                for u in PHIText.values(bytes) { uids.append(Value(text: u, kind: kind, isPersonName: false)) }
            }
            return
        }
        if vr == .PN {
            let kind = OriginalIdentifiers.kind(e.tag)
            for v in PHIText.values(bytes) { values.append(Value(text: v, kind: kind, isPersonName: true)) }
            return
        }
        guard context == .identifying else { return }
        let kind = OriginalIdentifiers.kind(e.tag)
        if vr.isString {
            guard !OriginalIdentifiers.excludedTextVRs.contains(vr) else { return }
            for v in PHIText.values(bytes, singleValued: vr.isSingleValuedText) { values.append(Value(text: v, kind: kind, isPersonName: false)) }
        } else if vr == .UN || (vr == .OB && e.tag.isPrivate) {
            guard let text = OriginalIdentifiers.printableText(bytes) else { return }
            for v in text.split(separator: "\\") {
                let t = v.trimmingCharacters(in: [" ", "\0"])
                if !t.isEmpty { values.append(Value(text: t, kind: kind, isPersonName: false)) }
            }
        }
    }

    /// The keyword of a tag, or its "(gggg,eeee)" form.
    static func kind(_ tag: Tag) -> String {
        tag.isPrivate ? tag.description : (tag.keyword ?? tag.description)
    }

    /// Bytes of an unknown or private binary value read as text (UTF-8 or Latin-1), when they
    /// look like text: at least 90 % printable, trailing padding aside, and at most 64 KiB.
    static func printableText(_ bytes: [UInt8]) -> String? {
        var end = bytes.count
        while end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == 0x20) { end -= 1 }
        guard end > 0, end <= 65_536 else { return nil }
        var printable = 0
        for b in bytes[0..<end] where (b >= 0x20 && b != 0x7F) || b == 0x09 || b == 0x0A || b == 0x0D { printable += 1 }
        guard printable * 10 >= end * 9 else { return nil }
        return bytes[0..<end].withUnsafeBufferPointer { PHIText.decode($0) }
    }
}
