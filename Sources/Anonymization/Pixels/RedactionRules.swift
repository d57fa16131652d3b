import DICOM
import Foundation
import Imaging
internal import Yams

/// Rectangles of burned-in text to blank, per kind of image, read from a YAML file
/// (`--redact-regions FILE`), in the spirit of RSNA CTP's DicomPixelAnonymizer scripts.
///
/// ```yaml
/// rules:
///   - name: "Workstation screenshots 384x384"
///     manufacturer: "ACME"        # optional: Manufacturer (0008,0070)
///     model: "View 3"             # optional: Manufacturer's Model Name (0008,1090)
///     rows: 384                   # optional: Rows (0028,0010)
///     columns: 384                # optional: Columns (0028,0011)
///     modality: "OT"              # optional: Modality (0008,0060)
///     sop_class: "1.2.840.10008.5.1.4.1.1.7"  # optional: SOP Class UID (0008,0016)
///     regions:                    # required: [x, y, width, height] in pixels
///       - [0, 0, 384, 40]
///   - name: "ACME ultrasound, reviewed: no text"
///     manufacturer: "ACME*"
///     modality: "US"
///     regions: []
/// ```
///
/// - `rules` is the only top-level key; it holds a list of rules. The first rule (in file
///   order) whose criteria all match a file is the one applied to it.
/// - `name` is optional (errors and reports then say "rule N").
/// - Text criteria (`manufacturer`, `model`, `modality`, `sop_class`) compare
///   case-insensitively after trimming spaces; a trailing `*` makes a prefix (`"GE *"`);
///   `"*"` alone matches any value, even an absent one; `""` matches an absent or empty value.
///   A criterion left out matches anything.
/// - `rows` and `columns` are positive integers compared with the image's size.
/// - `regions` lists rectangles as `[x, y, width, height]`: x is the column from the left
///   edge, y the row from the top, both from 0; width and height are at least 1. Regions are
///   blanked on every frame and every sample; a region running past the image's edge is
///   clipped to it. When the rule names `rows` and `columns`, a region must fit inside them.
///   `regions: []` means "reviewed, nothing to blank": matching files are released as they are.
/// - Any other key is an error: a misspelt criterion must not silently widen a rule.
public struct RedactionRules: Sendable {
    public var rules: [RedactionRule]
    /// The file the rules were read from, if any.
    public var path: String?

    public init(rules: [RedactionRule], path: String? = nil) {
        self.rules = rules
        self.path = path
    }

    /// Reads a rules file. Throws `AnonymizationError(.redactionRules)` naming the file, the rule
    /// and the problem.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw AnonymizationError(.redactionRules, path: path,
                                     exists ? (isDirectory.boolValue ? "is a directory, not a redaction rules file" : "cannot read the file")
                                            : "no such redaction rules file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AnonymizationError(.redactionRules, path: path, "the redaction rules file is not UTF-8 text")
        }
        try self.init(yaml: text, path: path)
    }

    /// Parses rules from YAML text; `path` names the file in errors.
    public init(yaml: String, path: String? = nil) throws {
        let parser = RuleParser(path: path)
        self.rules = try parser.parse(yaml)
        self.path = path
    }

    /// The first rule (in file order) that matches the dataset, or nil.
    public func match(_ dataset: Dataset) -> RedactionRule? {
        rules.first { $0.matches(dataset) }
    }
}

/// Turns the YAML tree of a rules file into rules, checking every key and value.
private struct RuleParser {
    let path: String?

    static let ruleKeys = ["name", "manufacturer", "model", "rows", "columns", "modality", "sop_class", "regions"]

    func fail(_ reason: String, at node: Node? = nil) -> AnonymizationError {
        let line = node?.mark.map { " (line \($0.line))" } ?? ""
        return AnonymizationError(.redactionRules, path: path, reason + line)
    }

    func parse(_ yaml: String) throws -> [RedactionRule] {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw fail("not valid YAML: \(error)")
        }
        guard let root else { throw fail("the file is empty; expected 'rules:' followed by a list of rules") }
        guard case .mapping(let top) = root else {
            throw fail("expected a mapping with the key 'rules' at the top level", at: root)
        }
        var rulesNode: Node?
        for (key, value) in top {
            let k = try keyName(key, context: "top level")
            guard k == "rules" else {
                throw fail("unknown top-level key '\(k)' (the only one is 'rules')", at: key)
            }
            rulesNode = value
        }
        guard let rulesNode else { throw fail("missing 'rules' (a list of rules)") }
        let items: [Node]
        switch rulesNode {
        case .sequence(let s): items = Array(s)
        case .scalar where rulesNode.null != nil: items = []
        default: throw fail("'rules' must be a list of rules", at: rulesNode)
        }
        var rules: [RedactionRule] = []
        for (i, item) in items.enumerated() {
            rules.append(try rule(item, index: i + 1))
        }
        return rules
    }

    private func keyName(_ key: Node, context: String) throws -> String {
        guard case .scalar(let s) = key else { throw fail("\(context): a key must be a plain name", at: key) }
        return s.string
    }

    private func rule(_ node: Node, index: Int) throws -> RedactionRule {
        guard case .mapping(let map) = node else {
            throw fail("rule \(index) must be a mapping of criteria and 'regions'", at: node)
        }
        // The name first, so every later error can quote it.
        var label = "rule \(index)"
        var name = label
        if let n = map["name"] {
            guard case .scalar(let s) = n, n.null == nil, !s.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("\(label): 'name' must be a non-empty text", at: n)
            }
            name = s.string.trimmingCharacters(in: .whitespaces)
            label = "rule \(index) \"\(name)\""
        }
        var rule = RedactionRule(name: name, index: index, regions: [])
        var sawRegions = false
        for (key, value) in map {
            let k = try keyName(key, context: label)
            switch k {
            case "name": break
            case "manufacturer": rule.manufacturer = try pattern(value, key: k, label: label)
            case "model": rule.model = try pattern(value, key: k, label: label)
            case "modality": rule.modality = try pattern(value, key: k, label: label)
            case "sop_class": rule.sopClass = try pattern(value, key: k, label: label)
            case "rows": rule.rows = try positiveInteger(value, key: k, label: label)
            case "columns": rule.columns = try positiveInteger(value, key: k, label: label)
            case "regions":
                rule.regions = try regions(value, label: label)
                sawRegions = true
            default:
                throw fail("\(label): unknown key '\(k)' (known keys: \(Self.ruleKeys.joined(separator: ", ")))", at: key)
            }
        }
        guard sawRegions else {
            throw fail("\(label): missing 'regions' (write 'regions: []' when the matching images were reviewed and hold nothing to blank)", at: node)
        }
        for (r, region) in rule.regions.enumerated() {
            if let columns = rule.columns, region.x + region.width > columns {
                throw fail("\(label): region \(r + 1) \(region) runs past the right edge of the \(columns)-column images the rule matches", at: node)
            }
            if let rows = rule.rows, region.y + region.height > rows {
                throw fail("\(label): region \(r + 1) \(region) runs past the bottom edge of the \(rows)-row images the rule matches", at: node)
            }
        }
        return rule
    }

    private func pattern(_ node: Node, key: String, label: String) throws -> RedactionRule.TextPattern {
        guard case .scalar(let s) = node else {
            throw fail("\(label): '\(key)' must be a text (a list or mapping was given)", at: node)
        }
        guard node.null == nil else {
            throw fail("\(label): '\(key)' has no value (remove the key to match any value, or write \"\" to match an absent one)", at: node)
        }
        return RedactionRule.TextPattern(s.string)
    }

    private func integer(_ node: Node) -> Int? {
        guard case .scalar(let s) = node else { return nil }
        return Int(s.string.trimmingCharacters(in: .whitespaces))
    }

    private func positiveInteger(_ node: Node, key: String, label: String) throws -> Int {
        guard let v = integer(node) else {
            throw fail("\(label): '\(key)' must be a whole number, not '\(describe(node))'", at: node)
        }
        guard v >= 1 else { throw fail("\(label): '\(key)' must be at least 1, not \(v)", at: node) }
        guard v <= 65535 else { throw fail("\(label): '\(key)' must be at most 65535 (a DICOM image size), not \(v)", at: node) }
        return v
    }

    private func regions(_ node: Node, label: String) throws -> [PixelRegion] {
        let items: [Node]
        switch node {
        case .sequence(let s): items = Array(s)
        default:
            throw fail("\(label): 'regions' must be a list of [x, y, width, height] (write 'regions: []' for none)", at: node)
        }
        var out: [PixelRegion] = []
        for (i, item) in items.enumerated() {
            let where_ = "\(label), region \(i + 1)"
            guard case .sequence(let s) = item else {
                throw fail("\(where_): expected [x, y, width, height], not '\(describe(item))'", at: item)
            }
            let parts = Array(s)
            guard parts.count == 4 else {
                throw fail("\(where_): expected 4 numbers [x, y, width, height], found \(parts.count)", at: item)
            }
            var v: [Int] = []
            for (p, name) in zip(parts, ["x", "y", "width", "height"]) {
                guard let n = integer(p) else {
                    throw fail("\(where_): \(name) must be a whole number of pixels, not '\(describe(p))'", at: p)
                }
                guard n >= 0 else { throw fail("\(where_): \(name) must not be negative (\(n))", at: p) }
                guard n <= 65535 else { throw fail("\(where_): \(name) \(n) is larger than any DICOM image (65535)", at: p) }
                v.append(n)
            }
            guard v[2] >= 1, v[3] >= 1 else {
                throw fail("\(where_): width and height must be at least 1 (\(v[2]) x \(v[3]))", at: item)
            }
            out.append(PixelRegion(x: v[0], y: v[1], width: v[2], height: v[3]))
        }
        return out
    }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}
