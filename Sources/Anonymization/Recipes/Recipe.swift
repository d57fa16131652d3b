import DICOM
import Foundation
internal import Yams

/// A site's own rules on top of the standard profile, from a YAML file:
///
/// ```yaml
/// # medsynth de-identification recipe
/// rules:
///   - tag: InstitutionName          # a keyword, "(0008,0080)", or a pattern "(60XX,0022)"
///     action: replace
///     value: "Research Site A"
///   - tag: StudyDescription
///     action: keep
///   - tag: AccessionNumber
///     action: hash                  # keyed token (UIDs: keyed 2.25 UID)
///   - tag: "(0019,xx0C)"            # a private element: the block byte is "xx"
///     creator: "SIEMENS MR HEADER"
///     action: keep
///   - tag: PatientComments
///     action: remove                # also: empty
/// ```
///
/// A rule matches the tag at any depth and replaces what the profile would do there,
/// including the Patient ID / Patient's Name pseudonyms and the date shift. `keep` on a
/// sequence keeps it and still de-identifies its items. Rules are tried in file order;
/// the first that matches wins. Unknown keys and keywords are errors, so a typo never
/// silently widens or narrows a rule.
public struct Recipe: Sendable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        case keep, remove, empty, replace, hash
    }

    public struct Rule: Sendable {
        public var pattern: TagPattern
        /// For private elements: the private creator that must own the block.
        public var creator: String?
        public var action: Action
        public var value: String?
        /// For private patterns "(gggg,xxEE)": the element byte within the block.
        var privateOffset: (group: UInt16, element: UInt8)?
    }

    public var rules: [Rule]
    public var path: String?

    public init(rules: [Rule] = [], path: String? = nil) {
        self.rules = rules
        self.path = path
    }

    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AnonymizationError(.recipe, path: path, "cannot read the recipe as UTF-8 text")
        }
        try self.init(yaml: text, path: path)
    }

    public init(yaml: String, path: String? = nil) throws {
        func fail(_ reason: String) -> AnonymizationError { AnonymizationError(.recipe, path: path, reason) }
        let root: Any?
        do { root = try Yams.load(yaml: yaml) } catch { throw fail("not valid YAML: \(error)") }
        guard let top = root as? [String: Any] else { throw fail("expected a mapping with a `rules:` list") }
        for k in top.keys where k != "rules" { throw fail("unknown key `\(k)` at the top (expected `rules`)") }
        guard let list = top["rules"] as? [Any] else { throw fail("`rules` must be a list") }
        var rules: [Rule] = []
        for (n, raw) in list.enumerated() {
            let name = "rule \(n + 1)"
            guard let r = raw as? [String: Any] else { throw fail("\(name): expected a mapping with `tag` and `action`") }
            for k in r.keys where !["tag", "action", "value", "creator"].contains(k) {
                throw fail("\(name): unknown key `\(k)` (expected tag, action, value, creator)")
            }
            guard let tagText = r["tag"].map({ "\($0)" }) else { throw fail("\(name): missing `tag`") }
            guard let actionText = r["action"] as? String, let action = Action(rawValue: actionText.lowercased()) else {
                throw fail("\(name): `action` must be one of \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let value = r["value"].map { "\($0)" }
            if action == .replace && value == nil { throw fail("\(name): `replace` needs a `value`") }
            if action != .replace && value != nil { throw fail("\(name): `value` is only for `replace`") }
            let creator = r["creator"].map { "\($0)" }
            var rule: Rule
            if let offset = Recipe.privateOffset(tagText) {
                guard let creator else { throw fail("\(name): private element \(tagText) needs its `creator`") }
                rule = Rule(pattern: .privateElements, creator: creator, action: action, value: value, privateOffset: offset)
            } else if let pattern = TagPattern(parsing: tagText) ?? DICOM.Tag(parsing: tagText).map({ TagPattern.exact($0) }) {
                rule = Rule(pattern: pattern, creator: creator, action: action, value: value, privateOffset: nil)
                if creator != nil { throw fail("\(name): `creator` is only for private elements written \"(gggg,xxEE)\"") }
            } else {
                throw fail("\(name): `\(tagText)` is neither a keyword of the data dictionary nor a tag such as (0008,0080)")
            }
            rules.append(rule)
        }
        self.init(rules: rules, path: path)
    }

    /// "(0019,xx0C)" -> (0x0019, 0x0C) for odd groups.
    static func privateOffset(_ text: String) -> (group: UInt16, element: UInt8)? {
        let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "() ")).uppercased()
        let parts = inner.split(separator: ",")
        guard parts.count == 2, parts[1].count == 4, parts[1].hasPrefix("XX"),
              let g = UInt16(parts[0], radix: 16), g & 1 == 1,
              let e = UInt8(parts[1].dropFirst(2), radix: 16) else { return nil }
        return (g, e)
    }

    /// The first rule matching `tag` in a dataset whose private creators are read from `dataset`.
    public func rule(for tag: DICOM.Tag, in dataset: Dataset) -> Rule? {
        for r in rules {
            if let p = r.privateOffset {
                guard tag.group == p.group, tag.element & 0xFF == UInt16(p.element), tag.element > 0xFF,
                      let creator = dataset.privateCreator(of: tag),
                      creator.trimmingCharacters(in: .whitespaces) == r.creator?.trimmingCharacters(in: .whitespaces) else { continue }
                return r
            }
            if r.pattern.matches(tag) { return r }
        }
        return nil
    }
}
