import Foundation

/// A user-supplied table of Patient ID pseudonyms: a CSV file with two columns,
/// original ID and pseudonym (a header row naming them is allowed and skipped).
public struct PseudonymLookupTable: Sendable {
    public private(set) var entries: [String: String]

    public init(entries: [String: String]) { self.entries = entries }

    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AnonymizationError(.lookupTable, path: path, "cannot read the lookup table as UTF-8 text")
        }
        var entries: [String: String] = [:]
        var seenPseudonyms: [String: String] = [:]
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = PseudonymLookupTable.fields(line)
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw AnonymizationError(.lookupTable, path: path, "line \(n + 1): expected two fields `original_id,pseudonym`")
            }
            if n == 0 && entries.isEmpty && fields[0].lowercased().contains("original") { continue }
            if let previous = entries[fields[0]], previous != fields[1] {
                throw AnonymizationError(.lookupTable, path: path, "line \(n + 1): an original ID is listed twice with different pseudonyms")
            }
            if let other = seenPseudonyms[fields[1]], other != fields[0] {
                throw AnonymizationError(.lookupTable, path: path, "line \(n + 1): pseudonym \(fields[1]) is given to two patients")
            }
            guard fields[1].utf8.count <= 64, !fields[1].contains("\\") else {
                throw AnonymizationError(.lookupTable, path: path, "line \(n + 1): a pseudonym must be at most 64 characters without backslashes (VR LO)")
            }
            entries[fields[0]] = fields[1]
            seenPseudonyms[fields[1]] = fields[0]
        }
        self.entries = entries
    }

    public func pseudonym(for id: String) -> String? { entries[id] }

    /// Splits one CSV line (RFC 4180 quotes).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var it = Array(line), i = 0
        while i < it.count {
            let c = it[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < it.count && it[i + 1] == "\"" { cur.append("\""); i += 1 } else { quoted = false }
                } else { cur.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { out.append(cur); cur = "" } else { cur.append(c) }
            i += 1
        }
        out.append(cur)
        it.removeAll()
        return out.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
