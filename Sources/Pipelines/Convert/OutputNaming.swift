import DICOM
import Foundation

/// Output file names from a pattern of tokens, as dcm2niix's `-f`:
/// %s series number, %d series description, %p protocol name, %m modality,
/// %e echo number, %j the Series Instance UID, %u its last 8 digits, %t study date+time,
/// %i patient ID, %n patient name. Unsafe characters become underscores.
public enum OutputNaming {
    public static let defaultPattern = "%s_%d"

    public static func name(pattern: String, series: DicomSeries) -> String {
        let ds = series.header
        var out = ""
        var chars = Array(pattern)[...]
        while let c = chars.popFirst() {
            guard c == "%", let t = chars.popFirst() else { out.append(c); continue }
            switch t {
            case "s": out += series.seriesNumber.map(String.init) ?? "0"
            case "d": out += series.seriesDescription ?? "series"
            case "p": out += ds.string(Tags.protocolName) ?? "protocol"
            case "m": out += series.modality ?? "OT"
            case "e": out += ds.int(Tags.echoNumbers).map(String.init) ?? "1"
            case "j": out += series.seriesInstanceUID
            case "u": out += String(series.seriesInstanceUID.suffix(8))
            case "t": out += (ds.string(Tags.studyDate) ?? "") + (ds.string(Tags.studyTime).map { String($0.prefix(6)) } ?? "")
            case "i": out += ds.string(Tags.patientID) ?? "id"
            case "n": out += ds.string(Tags.patientName) ?? "name"
            case "%": out += "%"
            default: out += "%" + String(t)
            }
        }
        let safe = out.map { ch -> Character in
            ch.isLetter || ch.isNumber || ch == "-" || ch == "_" || ch == "." ? ch : "_"
        }
        let s = String(safe).trimmingCharacters(in: CharacterSet(charactersIn: "._"))
        return s.isEmpty ? "series" : s
    }

    /// Makes `name` unique among `taken` by appending _a, _b, ... (then numbers).
    public static func unique(_ name: String, taken: inout Set<String>) -> String {
        if taken.insert(name).inserted { return name }
        for suffix in "abcdefghijklmnopqrstuvwxyz" {
            let n = "\(name)_\(suffix)"
            if taken.insert(n).inserted { return n }
        }
        var i = 2
        while !taken.insert("\(name)_\(i)").inserted { i += 1 }
        return "\(name)_\(i)"
    }
}
