import Foundation

/// The `--labels FILE.csv` of `medsynth slices`: which class (and optionally which patient)
/// each input volume belongs to.
///
/// Format: CSV with a header row naming the columns (case-insensitive, any order):
/// - `file` (required): the volume's path relative to INPUT_DIR (`sub-01/anat/T1w.nii.gz`),
///   or just its file name when that name is unique under INPUT_DIR;
/// - `class` (required): the class folder name (letters, digits, `.`, `_`, `-`; not starting with `.`);
/// - `patient` (optional): the patient id used for the split; when the column is absent or the
///   cell is empty the id is derived from the path (see `PatientID`).
///
/// Blank lines and lines starting with `#` are skipped. Every volume under INPUT_DIR must have
/// exactly one row, and every row must name an existing volume.
public struct LabelsFile: Sendable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var file: String
        public var className: String
        public var patient: String?
    }

    public static let columns = ["file", "class", "patient"]

    public var path: String
    public var rows: [Row]

    /// Reads and checks the file (columns, required cells, class names, duplicate rows).
    public static func load(_ path: String) throws -> LabelsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(path: path, reason: "cannot read the labels file (missing or unreadable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineError(path: path, reason: "the labels file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> LabelsFile {
        let table = CSVText.parse(text).filter { row in
            let first = row.fields.first?.trimmingCharacters(in: .whitespaces) ?? ""
            return !(row.fields.count == 1 && first.isEmpty) && !first.hasPrefix("#")
        }
        guard let header = table.first else {
            throw PipelineError(path: path, reason: "the labels file is empty; expected a header row 'file,class[,patient]'")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for n in names where !columns.contains(n) {
            throw PipelineError(path: path, reason: "line \(header.line): unknown column '\(n)'; the columns are \(columns.joined(separator: ", ")) (file and class required)")
        }
        for n in Set(names) where names.filter({ $0 == n }).count > 1 {
            throw PipelineError(path: path, reason: "line \(header.line): column '\(n)' appears twice")
        }
        guard let fileCol = names.firstIndex(of: "file"), let classCol = names.firstIndex(of: "class") else {
            throw PipelineError(path: path, reason: "line \(header.line): the header must name the columns 'file' and 'class' (found: \(names.joined(separator: ", ")))")
        }
        let patientCol = names.firstIndex(of: "patient")
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for r in table.dropFirst() {
            guard r.fields.count == names.count else {
                throw PipelineError(path: path, reason: "line \(r.line): \(r.fields.count) fields, but the header has \(names.count)")
            }
            let file = r.fields[fileCol].trimmingCharacters(in: .whitespaces)
            let cls = r.fields[classCol].trimmingCharacters(in: .whitespaces)
            let patient = patientCol.map { r.fields[$0].trimmingCharacters(in: .whitespaces) }
            guard !file.isEmpty else { throw PipelineError(path: path, reason: "line \(r.line): the 'file' cell is empty") }
            guard !cls.isEmpty else { throw PipelineError(path: path, reason: "line \(r.line): '\(file)' has no class") }
            guard isValidClassName(cls) else {
                throw PipelineError(path: path, reason: "line \(r.line): class '\(cls)' cannot be a folder name; use letters, digits, '.', '_' and '-', not starting with '.'")
            }
            let key = normalized(file)
            if let first = seen[key] {
                throw PipelineError(path: path, reason: "line \(r.line): '\(file)' is already listed on line \(first)")
            }
            seen[key] = r.line
            rows.append(Row(line: r.line, file: key, className: cls, patient: patient?.isEmpty == false ? patient : nil))
        }
        guard !rows.isEmpty else {
            throw PipelineError(path: path, reason: "the labels file has a header but no rows")
        }
        return LabelsFile(path: path, rows: rows)
    }

    /// Class names become folder names.
    public static func isValidClassName(_ s: String) -> Bool {
        !s.isEmpty && !s.hasPrefix(".") && s.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "_" || $0 == "-" || $0 == "."
        }
    }

    /// A path with "./" and leading "/" removed and backslashes as slashes.
    static func normalized(_ s: String) -> String {
        var p = s.replacingOccurrences(of: "\\", with: "/")
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasPrefix("/") { p.removeFirst() }
        return p
    }

    /// The row of each input (by relative path). Throws naming the rows that match no input
    /// or several, and the inputs without a row.
    public func match(_ relativePaths: [String]) throws -> [String: Row] {
        let inputs = Set(relativePaths)
        var byName: [String: [String]] = [:]
        for p in relativePaths { byName[(p as NSString).lastPathComponent, default: []].append(p) }
        var out: [String: Row] = [:]
        var problems: [String] = []
        for row in rows {
            let target: String?
            if inputs.contains(row.file) {
                target = row.file
            } else if !row.file.contains("/"), let m = byName[row.file] {
                if m.count == 1 {
                    target = m[0]
                } else {
                    problems.append("line \(row.line): '\(row.file)' matches \(m.count) volumes (\(m.sorted().prefix(3).joined(separator: ", "))); give the path relative to the input folder")
                    continue
                }
            } else {
                target = nil
            }
            guard let t = target else {
                problems.append("line \(row.line): '\(row.file)' is not a NIfTI volume under the input folder")
                continue
            }
            if let other = out[t] {
                problems.append("line \(row.line): '\(row.file)' is the same volume as line \(other.line)")
                continue
            }
            out[t] = row
        }
        let unlabeled = relativePaths.filter { out[$0] == nil }.sorted()
        if !unlabeled.isEmpty {
            let shown = unlabeled.prefix(10).joined(separator: ", ")
            problems.append("\(unlabeled.count) volume\(unlabeled.count == 1 ? " has" : "s have") no label: \(shown)\(unlabeled.count > 10 ? ", ..." : "")")
        }
        if !problems.isEmpty {
            throw PipelineError(path: path, reason: problems.prefix(20).joined(separator: "\n  "))
        }
        return out
    }
}
