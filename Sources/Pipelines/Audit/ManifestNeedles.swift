import Anonymization
import DICOM
import Foundation
import Phantoms

/// What a simulated archive's manifest tells the PHI audit: every planted value as a needle
/// (labelled with the manifest's kind), the archive's UIDs, each patient's planted dates, the
/// attribute of every file where a value was planted, and the burned-in text boxes.
struct ManifestNeedles: Sendable {
    /// Manifest file path (relative to the archive) -> the planted locations in that file.
    var locations: [String: [PlantedLocation]] = [:]
    /// Manifest file path -> its burned-in text boxes.
    var pixelBoxes: [String: [PlantedPHI]] = [:]
    /// Folder (relative to the archive) -> the values planted in its name.
    var folders: [String: [PlantedPHI]] = [:]
    /// Planted values in total.
    var planted = 0

    /// Dates are checked as dates: planted kinds "date" and "..._date".
    static func isDateKind(_ kind: String) -> Bool { kind == "date" || kind.hasSuffix("_date") }

    /// Person names are also split into words: "..._name", "...physician...", "operator".
    static func isPersonNameKind(_ kind: String) -> Bool {
        kind.hasSuffix("_name") && kind != "station_name" || kind.contains("physician") && kind != "physician_id" || kind == "operator"
    }

    /// Reads a manifest file.
    static func read(_ path: String) throws -> ArchiveManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(path: path, reason: FileManager.default.fileExists(atPath: path)
                                ? "cannot read the manifest (check its permissions)" : "no such manifest file")
        }
        do {
            return try JSONDecoder().decode(ArchiveManifest.self, from: data)
        } catch {
            throw PipelineError(path: path, reason: "not a simulated archive's manifest.json (\(error))")
        }
    }

    /// Adds the manifest's needles to `needles` and collects its locations.
    init(_ manifest: ArchiveManifest, needles: inout PHINeedles, pseudonymizer: Pseudonymizer?) {
        for p in manifest.patients {
            let series = Dictionary(p.studies.flatMap(\.series).map { ($0.seriesInstanceUID, $0) }, uniquingKeysWith: { a, _ in a })
            let ids = [p.identity.medicalRecordNumber, pseudonymizer?.patientID(p.identity.medicalRecordNumber)].compactMap { $0 }
            for study in p.studies {
                needles.add(uid: study.studyInstanceUID, kind: "StudyInstanceUID", source: .original)
                for s in study.series {
                    needles.add(uid: s.seriesInstanceUID, kind: "SeriesInstanceUID", source: .original)
                    for f in s.files { needles.add(uid: f.sopInstanceUID, kind: "SOPInstanceUID", source: .original) }
                }
            }
            for item in p.phi {
                planted += 1
                let kind = item.kind
                if kind == "uid" {
                    needles.add(uid: item.value, kind: kind, source: .manifest)
                } else if ManifestNeedles.isDateKind(kind) {
                    needles.add(identifier: item.value, kind: kind, source: .manifest)
                    if let compact = AuditDates.compact(item.value) { needles.add(identifier: compact, kind: kind, source: .manifest) }
                    for id in ids { needles.add(date: item.value, patientID: id, kind: kind, source: .manifest) }
                } else if kind == "time" {
                    // Times are checked where they were planted only.
                } else if ManifestNeedles.isPersonNameKind(kind) {
                    needles.add(personName: item.value, kind: kind, source: .manifest, splitOnSpaces: true)
                } else {
                    needles.add(identifier: item.value, kind: kind, source: .manifest)
                }
                if let uid = item.series, let attribute = item.attribute, let path = AttributePath(parsing: attribute), let s = series[uid] {
                    let location = PlantedLocation(path: path, attribute: attribute, value: item.value, match: item.match, kind: kind)
                    for f in s.files { locations[f.path, default: []].append(location) }
                }
                if let folder = item.folder {
                    folders[folder, default: []].append(item)
                }
                if let file = item.file, item.pixelBox != nil {
                    pixelBoxes[file, default: []].append(item)
                }
            }
        }
    }

    /// Findings for folders of the release that kept a manifest folder's path and still carry
    /// a value planted in its name (short values included, which are no needles).
    func folderFindings(outputFolders: Set<String>) -> [PHIFinding] {
        var out: [PHIFinding] = []
        for (folder, items) in folders where outputFolders.contains(folder) {
            let name = PHIText.normalize(String(folder.split(separator: "/").last ?? Substring(folder)))
            for item in items {
                let value = PHIText.normalize(item.value)
                guard PlantedLocation.contains(name, value) else { continue }
                out.append(PHIFinding(kind: .pathName, file: folder + "/", identifierKind: item.kind,
                                      hint: "the folder name still holds the planted \(item.kind) (\(PHIFinding.length(item.value.count)))"))
            }
        }
        return out
    }
}
