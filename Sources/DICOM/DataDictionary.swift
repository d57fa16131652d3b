import CDCMTK
import Foundation

/// Keyword and VR lookups in DCMTK's data dictionary, cached.
public enum DataDictionary {
    private static let cache = KeywordCache()

    /// Tag of a standard keyword such as "PatientName"; nil when unknown.
    public static func tag(forKeyword keyword: String) -> Tag? {
        if let t = cache.tag(keyword) { return t }
        var g: UInt16 = 0, e: UInt16 = 0
        guard msd_dict_tag_for_keyword(keyword, &g, &e) == 0 else { return nil }
        let t = Tag(g, e)
        cache.store(keyword, t)
        return t
    }

    /// Keyword of a tag ("PatientName"); private tags need their creator.
    public static func keyword(for tag: Tag, privateCreator: String? = nil) -> String? {
        lookup(tag, privateCreator: privateCreator)?.keyword
    }

    /// The dictionary VR of a tag, if known.
    public static func vr(for tag: Tag, privateCreator: String? = nil) -> VR? {
        lookup(tag, privateCreator: privateCreator)?.vr
    }

    static func lookup(_ tag: Tag, privateCreator: String?) -> (keyword: String, vr: VR)? {
        if privateCreator == nil, let known = cache.entry(tag) { return known.map { ($0.keyword, $0.vr) } }
        let found = dcmtkLookup(tag, privateCreator: privateCreator)
        if privateCreator == nil { cache.store(tag, found.map { KeywordCache.Entry(keyword: $0.keyword, vr: $0.vr) }) }
        return found
    }

    private static func dcmtkLookup(_ tag: Tag, privateCreator: String?) -> (keyword: String, vr: VR)? {
        var name = [CChar](repeating: 0, count: 128)
        var vr: (CChar, CChar, CChar) = (0, 0, 0)
        let rc = withUnsafeMutablePointer(to: &vr) { vp in
            vp.withMemoryRebound(to: CChar.self, capacity: 3) { vrp in
                msd_dict_lookup(tag.group, tag.element, privateCreator, &name, name.count, vrp)
            }
        }
        guard rc == 0 else { return nil }
        let keyword = cString(name)
        let vrName = cString([vr.0, vr.1, 0])
        return (keyword, VR(vrName))
    }
}

/// Thread-safe keyword -> tag and standard tag -> entry memos (DCMTK's lookups take a
/// global lock and a search; de-identification asks for the same few hundred tags per file).
private final class KeywordCache: @unchecked Sendable {
    struct Entry { var keyword: String; var vr: VR }
    private var map: [String: Tag] = [:]
    private var entries: [Tag: Entry?] = [:]
    private let lock = NSLock()
    func tag(_ k: String) -> Tag? { lock.lock(); defer { lock.unlock() }; return map[k] }
    func store(_ k: String, _ t: Tag) { lock.lock(); map[k] = t; lock.unlock() }
    /// nil: not looked up yet; .some(nil): not in the dictionary.
    func entry(_ t: Tag) -> Entry?? { lock.lock(); defer { lock.unlock() }; return entries[t] }
    func store(_ t: Tag, _ e: Entry?) { lock.lock(); entries[t] = .some(e); lock.unlock() }
}
