import Anonymization
import DICOM
import Phantoms

/// One attribute of one file where a manifest planted a value: after de-identification the
/// element must be gone, empty, or hold something else.
struct PlantedLocation: Sendable {
    var path: AttributePath
    /// The manifest's text of the path.
    var attribute: String
    var value: String
    var match: PlantedPHI.Match
    var kind: String

    /// A finding when the dataset still holds the planted value at the location.
    /// Times (kind "time") are left alone in files marked MODIFIED: dates are shifted by whole
    /// days there, so the time of day is kept on purpose.
    func finding(in dataset: Dataset, file: String, marking: String?) -> PHIFinding? {
        if kind == "time" && marking == "MODIFIED" { return nil }
        guard let e = dataset[path: path], case .bytes(let bytes) = e.value, !bytes.isEmpty else { return nil }
        let values = PHIText.values(bytes, singleValued: e.vr.isSingleValuedText)
        guard !values.isEmpty else { return nil }
        let still: Bool
        if ManifestNeedles.isDateKind(kind), e.vr == .DA || e.vr == .DT {
            let planted = AuditDates.compact(value) ?? value
            still = values.contains { AuditDates.datePart($0) == planted }
        } else {
            let planted = PHIText.normalize(value)
            switch match {
            case .exact:
                still = values.contains(value) || (!planted.isEmpty && values.contains { PHIText.normalize($0) == planted })
            case .contains:
                still = values.contains { $0.contains(value) }
                    || (!planted.isEmpty && PlantedLocation.contains(PHIText.normalize(values.joined(separator: " ")), planted))
            }
        }
        guard still else { return nil }
        return PHIFinding(kind: .plantedPHI, file: file, attribute: attribute, identifierKind: kind,
                          hint: "still holds the planted \(kind) (\(PHIFinding.length(value.count)))")
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, hay.count >= needle.count else { return false }
        for start in 0...(hay.count - needle.count) where hay[start] == needle[0] {
            if hay[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
