import Anonymization
import DICOM

/// Where a de-identified file goes in the release, from its de-identified header and keyed
/// tokens only (no input path, no original value):
/// `<Patient ID pseudonym>/st-<study token>/<series number>-<modality>-<series token>/<instance number>-<file token>.dcm`,
/// tokens being lowercase hexadecimal digits of keyed hashes (8 for study and series, 16 for the file).
/// The file token is the keyed hash of the input's relative path, so names never collide
/// and every run, machine and shard names a file the same way.
public enum ReleaseNaming {
    public static func relativePath(original: Dataset, deidentified: Dataset, fileToken: String, pseudonymizer: Pseudonymizer) -> String {
        let patient = safe(deidentified.string(Tags.patientID) ?? "NOID")
        let studyUID = original.string(Tags.studyInstanceUID) ?? ""
        let seriesUID = original.string(Tags.seriesInstanceUID) ?? ""
        let study = "st-" + pseudonymizer.hexToken(studyUID, domain: "study-folder", digits: 8)
        let seriesNumber = deidentified.int(Tags.seriesNumber).map { pad($0, 4) } ?? "0000"
        let modality = safe(deidentified.string(Tags.modality) ?? "OT")
        let series = seriesNumber + "-" + modality + "-" + pseudonymizer.hexToken(seriesUID, domain: "series-folder", digits: 8)
        let instance = deidentified.int(Tags.instanceNumber).map { pad($0, 5) } ?? "00000"
        return patient + "/" + study + "/" + series + "/" + instance + "-" + fileToken + ".dcm"
    }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(abs(v))
        return (v < 0 ? "m" : "") + String(repeating: "0", count: max(0, n - s.count)) + s
    }

    /// Letters, digits, '.', '-' and '_' only; never empty, never "." or "..".
    static func safe(_ s: String) -> String {
        let mapped = String(s.map { c in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_" }.prefix(64))
        return mapped.isEmpty || mapped.allSatisfy({ $0 == "." }) ? "_" : mapped
    }
}
