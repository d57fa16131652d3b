import Foundation

/// The files and folders under a root, as paths relative to it ("a/b/c.dcm"), sorted.
/// Links to files count as files; links to folders are listed as folders but not entered.
struct AuditTree: Sendable {
    var root: String
    var files: [String]
    var folders: [String]

    /// Lists `root` (a folder), leaving out the `excluded` relative folders and what they hold.
    static func list(_ root: String, excluding excluded: [String] = []) throws -> AuditTree {
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDir) else {
            throw PipelineError(path: root, reason: "no such folder")
        }
        guard isDir.boolValue else { throw PipelineError(path: root, reason: "is a file; give the folder that holds the release") }
        guard let e = FileManager.default.enumerator(atPath: base) else {
            throw PipelineError(path: root, reason: "cannot list the folder (check its permissions)")
        }
        let skip = excluded.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }.filter { !$0.isEmpty }
        var files: [String] = [], folders: [String] = []
        while let rel = e.nextObject() as? String {
            if skip.contains(where: { rel == $0 || rel.hasPrefix($0 + "/") }) {
                if skip.contains(rel) { e.skipDescendants() }
                continue
            }
            var dir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + rel, isDirectory: &dir) else { continue }
            if dir.boolValue { folders.append(rel) } else { files.append(rel) }
        }
        return AuditTree(root: base, files: files.sorted(), folders: folders.sorted())
    }

    func absolute(_ rel: String) -> String { root + "/" + rel }
}
