import Foundation

/// How a patient's files are laid out in the archive, in the styles PACS and CD exports use.
public enum ArchiveLayout: String, Sendable, Codable, CaseIterable {
    /// `NAME_MRN/DATE_ACCESSION/NNN_DESCRIPTION/IM0001.dcm`: readable names (identifiers in
    /// the folder names themselves).
    case readable
    /// `DICOM/Pxxxxxxx/Sxxxxxxx/Sxxxxxxx/Ixxxxxxx`: opaque numbered folders, files without extension.
    case opaque
    /// `MRN/ACCESSION/00000001`: every series of a study mixed in one folder, files without extension.
    case mixed

    /// Folder-safe text: letters, digits and '-', other characters as '_'.
    static func safe(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
    }

    /// The folder (relative to the archive) of series `seriesIndex` of study `studyIndex`.
    func folder(identity id: PatientIdentity, patientIndex: Int, study: StudyContext, studyIndex: Int,
                seriesNumber: Int, seriesDescription: String) -> String {
        switch self {
        case .readable:
            let patient = ArchiveLayout.safe("\(id.name.family.uppercased())_\(id.name.given.uppercased())_\(id.medicalRecordNumber)")
            let studyFolder = "\(study.date)_\(ArchiveLayout.safe(study.accessionNumber))"
            let series = String(format: "%03d_", seriesNumber) + ArchiveLayout.safe(seriesDescription)
            return "\(patient)/\(studyFolder)/\(series)"
        case .opaque:
            return String(format: "DICOM/P%07d/S%07d/S%07d", patientIndex + 1, (patientIndex + 1) * 10 + studyIndex,
                          ((patientIndex + 1) * 10 + studyIndex) * 100 + seriesNumber)
        case .mixed:
            return "\(ArchiveLayout.safe(id.medicalRecordNumber))/\(ArchiveLayout.safe(study.accessionNumber))"
        }
    }

    /// File name of the `n`-th file (1-based) of a series; `studyCounter` numbers files across a
    /// mixed folder.
    func fileName(seriesNumber: Int, n: Int, studyCounter: Int) -> String {
        switch self {
        case .readable: return String(format: "IM%04d.dcm", n)
        case .opaque: return String(format: "I%07d", seriesNumber * 10000 + n)
        case .mixed: return String(format: "%08d", studyCounter)
        }
    }

    /// Identifiers the folder names carry (kind, value, folder), for the manifest.
    func folderPHI(identity id: PatientIdentity, study: StudyContext, seriesFolder: String) -> [PlantedPHI] {
        let parts = seriesFolder.split(separator: "/").map(String.init)
        func entry(_ kind: String, _ value: String, depth: Int) -> PlantedPHI {
            PlantedPHI(kind: kind, value: value, match: .contains, folder: parts.prefix(depth).joined(separator: "/"))
        }
        switch self {
        case .readable:
            return [entry("patient_name", ArchiveLayout.safe(id.name.family.uppercased()), depth: 1),
                    entry("patient_name", ArchiveLayout.safe(id.name.given.uppercased()), depth: 1),
                    entry("patient_id", ArchiveLayout.safe(id.medicalRecordNumber), depth: 1),
                    entry("date", study.date, depth: 2),
                    entry("accession_number", ArchiveLayout.safe(study.accessionNumber), depth: 2)]
        case .opaque:
            return []
        case .mixed:
            return [entry("patient_id", ArchiveLayout.safe(id.medicalRecordNumber), depth: 1),
                    entry("accession_number", ArchiveLayout.safe(study.accessionNumber), depth: 2)]
        }
    }
}
