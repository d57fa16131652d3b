import Foundation
import DICOM

/// Scans one de-identified dataset (every element at every depth, private ones and the meta
/// header included) for what should not be there:
///
/// - `person_name`: a PN element (any tag) with a value other than empty, "ANONYMIZED" or, for
///   Patient's Name, the Patient ID of the same dataset (the anonymizer's pseudonym).
/// - `unshifted_date`: a non-dummy DA/DT value in a file whose Longitudinal Temporal
///   Information Modified (0028,0303) is not MODIFIED; in any file, a date equal to the original
///   file's date at the same attribute (`originalDates`), or to a date of the same patient
///   (`PHINeedles.patientDates` under the file's Patient ID).
/// - `identifier` / `planted_phi`: a needle found in any text (every text VR but dates, times
///   and UIDs; UN values; OB values of private elements read as text, Latin-1 unless valid UTF-8).
/// - `original_uid` (or `planted_phi` for a manifest's UID): an original UID in a UI element,
///   or inside any text.
/// - `unredacted_pixels`: `BurnedInRisk` flags the dataset and its De-identification Method Code
///   Sequence (0012,0064) lacks the Clean Pixel Data code 113101.
///
/// Values that are keyed pseudonyms or tokens (`PHIText.isKeyedToken`) are not searched.
/// Findings name the element by its attribute path and never carry its value.
public struct DatasetAuditor: Sendable {
    public let needles: PHINeedles
    public let matcher: PHIMatcher

    /// Code Value of the Clean Pixel Data Option (PS3.16 CID 7050).
    public static let cleanPixelDataCode = "113101"
    static let deidentificationMethodCodeSequence = Tag(0x0012, 0x0064)
    static let longitudinalTemporalInformationModified = Tag(0x0028, 0x0303)
    static let codeValue = Tag(0x0008, 0x0100)

    public init(needles: PHINeedles) {
        self.needles = needles
        self.matcher = needles.matcher()
    }

    /// Audits one dataset (and its meta header). `file` names it in the findings (relative to
    /// the audited folder); `originalDates` are the dates of the original file it was made from,
    /// by attribute path, when that file is known.
    public func audit(_ dataset: Dataset, meta: Dataset = Dataset(), file: String,
                      originalDates: [AttributePath: [String]]? = nil) -> [PHIFinding] {
        let patientID = dataset.string(Tags.patientID)?.trimmingCharacters(in: .whitespaces)
        var scan = Scan(
            file: file,
            marking: dataset.string(DatasetAuditor.longitudinalTemporalInformationModified)?.trimmingCharacters(in: .whitespaces).uppercased(),
            patientID: patientID,
            patientDates: patientID.flatMap { needles.patientDates[$0] },
            originalDates: originalDates)
        visit(meta, prefix: [], scan: &scan)
        visit(dataset, prefix: [], scan: &scan)
        if let risk = BurnedInRisk.assess(dataset), !DatasetAuditor.hasCleanPixelCode(dataset) {
            scan.findings.append(PHIFinding(
                kind: .unredactedPixels, file: file, attribute: "PixelData",
                hint: "pixels may carry burned-in text (\(risk.reasons.joined(separator: "; "))) and De-identification Method Code Sequence has no Clean Pixel Data code \(DatasetAuditor.cleanPixelDataCode)"))
        }
        return scan.findings
    }

    /// Whether (0012,0064) holds an item with Code Value 113101 (Clean Pixel Data Option).
    public static func hasCleanPixelCode(_ dataset: Dataset) -> Bool {
        dataset.items(deidentificationMethodCodeSequence).contains {
            $0.string(codeValue)?.trimmingCharacters(in: .whitespaces) == cleanPixelDataCode
        }
    }

    /// Checks one component of a path (a folder or file name). `relativePath` is the whole
    /// relative path, used to name the finding; runs of 8 or 16 hexadecimal digits (the
    /// anonymizer's study, series and file tokens) and a whole name that is a keyed pseudonym
    /// (`PHIText.isKeyedToken`) are not searched: they are random and would match short
    /// identifiers by chance.
    public func auditName(_ relativePath: String, isFolder: Bool) -> [PHIFinding] {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        let file = isFolder ? relativePath + "/" : relativePath
        if PHIText.isKeyedToken(name) { return [] }
        let masked = DatasetAuditor.maskingHexTokens(name)
        let what = isFolder ? "folder name" : "file name"
        var findings: [PHIFinding] = []
        var seen = Set<String>()
        for hit in needleHits(PHIText.normalize(masked)) where seen.insert(hit.label.kind).inserted {
            findings.append(PHIFinding(kind: .pathName, file: file, identifierKind: hit.label.kind,
                                       hint: "the \(what) contains \(describe(hit.label)) (\(PHIFinding.length(hit.length)))"))
        }
        for uid in PHIText.uidCandidates(Array(masked.utf8)) {
            guard let label = needles.uids[uid], seen.insert(label.kind).inserted else { continue }
            findings.append(PHIFinding(kind: .pathName, file: file, identifierKind: label.kind,
                                       hint: "the \(what) contains \(describe(label)) (\(PHIFinding.length(uid.count)))"))
        }
        return findings
    }

    /// Searches the content of a non-DICOM file (a CSV, a JSON report) as text.
    public func auditText(_ bytes: [UInt8], file: String) -> [PHIFinding] {
        var findings: [PHIFinding] = []
        var seen = Set<String>()
        for hit in needleHits(PHIText.normalize(bytes: bytes)) where seen.insert("\(hit.label.source)|\(hit.label.kind)").inserted {
            findings.append(PHIFinding(kind: hit.label.source == .manifest ? .plantedPHI : .identifier, file: file,
                                       identifierKind: hit.label.kind,
                                       hint: "the file's text contains \(describe(hit.label)) (\(PHIFinding.length(hit.length)))"))
        }
        for uid in Set(PHIText.uidCandidates(bytes)) {
            guard let label = needles.uids[uid], seen.insert("uid|\(label.kind)").inserted else { continue }
            findings.append(PHIFinding(kind: label.source == .manifest ? .plantedPHI : .originalUID, file: file, identifierKind: label.kind,
                                       hint: "the file's text contains \(describe(label)) (\(PHIFinding.length(uid.count)))"))
        }
        return findings
    }

    // MARK: - scanning

    struct Scan {
        let file: String
        let marking: String?
        let patientID: String?
        let patientDates: [String: PHINeedles.Label]?
        let originalDates: [AttributePath: [String]]?
        var findings: [PHIFinding] = []

        init(file: String, marking: String?, patientID: String?, patientDates: [String: PHINeedles.Label]?,
             originalDates: [AttributePath: [String]]?) {
            self.file = file
            self.marking = marking
            self.patientID = patientID
            self.patientDates = patientDates
            self.originalDates = originalDates
        }
    }

    private func visit(_ ds: Dataset, prefix: [AttributePath.Step], scan: inout Scan) {
        for e in ds.elements {
            switch e.value {
            case .sequence(let items):
                for (i, item) in items.enumerated() {
                    visit(item, prefix: prefix + [AttributePath.Step(tag: e.tag, item: i)], scan: &scan)
                }
            case .encapsulated:
                continue
            case .bytes(let bytes):
                guard !bytes.isEmpty, e.tag != Tags.pixelData, !(e.tag.isOverlay && e.tag.element == 0x3000) else { continue }
                check(e, bytes: bytes, in: ds, prefix: prefix, scan: &scan)
            }
        }
    }

    private func check(_ e: DataElement, bytes: [UInt8], in ds: Dataset, prefix: [AttributePath.Step], scan: inout Scan) {
        let path = { AttributePath(prefix + [AttributePath.Step(tag: e.tag, item: nil)]) }
        switch DatasetAuditor.role(of: e.vr, privateElement: e.tag.isPrivate) {
        case .date:
            checkDates(e, path: path, scan: &scan)
        case .uid:
            guard !needles.uids.isEmpty else { return }
            for u in PHIText.values(bytes) {
                guard let label = needles.uids[u] else { continue }
                add(label, kind: label.source == .manifest ? .plantedPHI : .originalUID, path: path(),
                    hint: "still \(describe(label)) (\(PHIFinding.length(u.count)))", scan: &scan)
                break
            }
        case .personName, .text:
            if e.vr == .PN { checkPersonName(e, in: ds, path: path, scan: &scan) }
            search(bytes, path: path, scan: &scan, skipKeyedTokens: true)
        case .binaryText:
            search(bytes, path: path, scan: &scan, skipKeyedTokens: false)
        case .ignored:
            return
        }
    }

    /// Searches the text of an element for needles and original UIDs.
    private func search(_ bytes: [UInt8], path: () -> AttributePath, scan: inout Scan, skipKeyedTokens: Bool) {
        if skipKeyedTokens && bytes.count <= 22 && PHIText.isKeyedToken(bytes: bytes) { return }
        var seen = Set<String>()
        if !needles.identifiers.isEmpty {
            for hit in needleHits(PHIText.normalize(bytes: bytes)) where seen.insert("\(hit.label.source)|\(hit.label.kind)").inserted {
                add(hit.label, kind: hit.label.source == .manifest ? .plantedPHI : .identifier, path: path(),
                    hint: "contains \(describe(hit.label)) (\(PHIFinding.length(hit.length)))", scan: &scan)
            }
        }
        if !needles.uids.isEmpty {
            for u in PHIText.uidCandidates(bytes) {
                guard let label = needles.uids[u], seen.insert("uid|\(label.kind)").inserted else { continue }
                add(label, kind: label.source == .manifest ? .plantedPHI : .originalUID, path: path(),
                    hint: "the text contains \(describe(label)) (\(PHIFinding.length(u.count)))", scan: &scan)
            }
        }
    }

    /// What the audit does with an element of a VR.
    enum Role { case date, uid, personName, text, binaryText, ignored }

    /// Roles by the two letters of the VR (read once per element, so without string hashing).
    static func role(of vr: VR, privateElement: Bool) -> Role {
        var it = vr.rawValue.utf8.makeIterator()
        guard let a = it.next(), let b = it.next() else { return .ignored }
        switch (a, b) {
        case (0x44, 0x41), (0x44, 0x54): return .date                     // DA, DT
        case (0x55, 0x49): return .uid                                    // UI
        case (0x50, 0x4E): return .personName                             // PN
        case (0x41, 0x45), (0x41, 0x53), (0x43, 0x53), (0x44, 0x53), (0x49, 0x53), (0x4C, 0x4F), (0x4C, 0x54),
             (0x53, 0x48), (0x53, 0x54), (0x55, 0x43), (0x55, 0x52), (0x55, 0x54):  // AE AS CS DS IS LO LT SH ST UC UR UT
            return .text
        case (0x55, 0x4E): return .binaryText                             // UN
        case (0x4F, 0x42): return privateElement ? .binaryText : .ignored // OB
        default: return .ignored                                          // TM, binary numbers, bulk data
        }
    }

    private func checkPersonName(_ e: DataElement, in ds: Dataset, path: () -> AttributePath, scan: inout Scan) {
        for v in PHIText.values(e.bytes ?? []) {
            let components = v.split(whereSeparator: { $0 == "^" || $0 == "=" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !components.isEmpty else { continue }
            if v.trimmingCharacters(in: .whitespaces).uppercased() == "ANONYMIZED" { continue }
            if e.tag == Tags.patientName, let id = ds.string(Tags.patientID) ?? scan.patientID,
               v.trimmingCharacters(in: .whitespaces) == id.trimmingCharacters(in: .whitespaces) { continue }
            let letters = components.reduce(0) { $0 + $1.count }
            scan.findings.append(PHIFinding(
                kind: .personName, file: scan.file, attribute: path().description, identifierKind: OriginalIdentifiers.kind(e.tag),
                hint: "a person name of \(components.count) component\(components.count == 1 ? "" : "s"), \(PHIFinding.length(letters))"))
            return
        }
    }

    private func checkDates(_ e: DataElement, path: () -> AttributePath, scan: inout Scan) {
        let values = PHIText.values(e.bytes ?? []).filter { !AuditDates.isDummy($0) }
        guard !values.isEmpty else { return }
        var unshifted = false
        if scan.marking != "MODIFIED" {
            let marking = scan.marking.map { "is \($0)" } ?? "is absent"
            scan.findings.append(PHIFinding(
                kind: .unshiftedDate, file: scan.file, attribute: path().description, identifierKind: OriginalIdentifiers.kind(e.tag),
                hint: "a date (\(PHIFinding.length(values[0].count))) in a file whose Longitudinal Temporal Information Modified \(marking), not MODIFIED"))
            unshifted = true
        }
        let parts = values.compactMap { AuditDates.datePart($0) }
        if !unshifted, let original = scan.originalDates?[path()], parts.contains(where: original.contains) {
            scan.findings.append(PHIFinding(
                kind: .unshiftedDate, file: scan.file, attribute: path().description, identifierKind: OriginalIdentifiers.kind(e.tag),
                hint: "the same date as the original file at this attribute"))
            unshifted = true
        }
        guard let dates = scan.patientDates else { return }
        var reported = Set<PHINeedles.Source>()
        for p in parts {
            guard let label = dates[p], !reported.contains(label.source) else { continue }
            if label.source == .original && unshifted { continue }
            reported.insert(label.source)
            add(label, kind: label.source == .manifest ? .plantedPHI : .unshiftedDate, path: path(),
                hint: "equals \(describe(label)) of this patient (a date, \(PHIFinding.length(p.count)))", scan: &scan)
        }
    }

    private func add(_ label: PHINeedles.Label, kind: PHIFinding.Kind, path: AttributePath, hint: String, scan: inout Scan) {
        scan.findings.append(PHIFinding(kind: kind, file: scan.file, attribute: path.description, identifierKind: label.kind, hint: hint))
    }

    /// "the original's PatientName", "a planted patient_name".
    func describe(_ label: PHINeedles.Label) -> String {
        label.source == .manifest ? "a planted \(label.kind)" : "the original's \(label.kind)"
    }

    struct Hit {
        var label: PHINeedles.Label
        var length: Int
    }

    /// The needles found in normalised text, one hit per distinct label (the longest needle).
    private func needleHits(_ text: [UInt8]) -> [Hit] {
        guard !text.isEmpty, !needles.identifiers.isEmpty else { return [] }
        var best: [PHINeedles.Label: Int] = [:]
        var order: [PHINeedles.Label] = []
        text.withUnsafeBufferPointer { buffer in
            matcher.forEachMatch(in: buffer) { m in
                for label in needles.identifiers[m.needle].labels {
                    let length = m.range.count
                    if let b = best[label] { if length > b { best[label] = length } } else {
                        best[label] = length
                        order.append(label)
                    }
                }
            }
        }
        return order.map { Hit(label: $0, length: best[$0] ?? 0) }
    }

    /// The name with every run of exactly 8 or 16 hexadecimal digits replaced by a space.
    static func maskingHexTokens(_ name: String) -> String {
        let chars = Array(name)
        var out = ""
        var i = 0
        while i < chars.count {
            var j = i
            while j < chars.count, chars[j].isHexDigit, chars[j].isASCII { j += 1 }
            let run = j - i
            let bounded = (i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber)) && (j == chars.count || !(chars[j].isLetter || chars[j].isNumber))
            if (run == 16 || run == 8) && bounded {
                out.append(" ")
                i = j
            } else if run > 0 {
                out.append(contentsOf: chars[i..<j])
                i = j
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }
}
