import Foundation

/// Lists the regular files under a folder (or a single file), following symbolic links but
/// never entering a folder twice, so a link loop ends the descent instead of looping.
/// Everything that cannot be listed is reported, never silently dropped.
public struct FileTree: Sendable {
    /// Paths relative to the root, sorted (byte order), for regular files.
    public var files: [String]
    /// Entries that could not be listed: relative path and reason.
    public var problems: [(path: String, reason: String)]
    /// Whether the root is a single file (then `files` is its name).
    public var rootIsFile: Bool

    public static func list(_ root: String, excluding excluded: [String] = []) throws -> FileTree {
        var st = stat()
        guard stat(root, &st) == 0 else {
            throw PipelineError(path: root, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        if st.st_mode & S_IFMT == S_IFREG {
            return FileTree(files: [(root as NSString).lastPathComponent], problems: [], rootIsFile: true)
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw PipelineError(path: root, reason: "neither a file nor a folder") }
        var tree = FileTree(files: [], problems: [], rootIsFile: false)
        var visited = Set<[UInt64]>()
        let excludedKeys = Set(excluded.compactMap { p -> [UInt64]? in
            var s = stat()
            return stat(p, &s) == 0 ? [UInt64(s.st_dev), UInt64(s.st_ino)] : nil
        })
        tree.walk(root, relative: "", st: st, visited: &visited, excluded: excludedKeys)
        tree.files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return tree
    }

    private mutating func walk(_ dir: String, relative: String, st: stat, visited: inout Set<[UInt64]>, excluded: Set<[UInt64]>) {
        let key = [UInt64(st.st_dev), UInt64(st.st_ino)]
        if excluded.contains(key) { return }
        guard visited.insert(key).inserted else {
            problems.append((relative, "folder already visited (a symbolic link loop or a second link to it); not entered again"))
            return
        }
        guard let d = opendir(dir) else {
            problems.append((relative.isEmpty ? "." : relative, "cannot open folder: \(String(cString: strerror(errno)))"))
            return
        }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(d)
        for name in names.sorted() {
            let full = dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var s = stat()
            guard stat(full, &s) == 0 else {
                var l = stat()
                let reason = lstat(full, &l) == 0 && l.st_mode & S_IFMT == S_IFLNK
                    ? "broken symbolic link" : "cannot read: \(String(cString: strerror(errno)))"
                problems.append((rel, reason))
                continue
            }
            switch s.st_mode & S_IFMT {
            case S_IFDIR: walk(full, relative: rel, st: s, visited: &visited, excluded: excluded)
            case S_IFREG: files.append(rel)
            default: problems.append((rel, "not a regular file (device, socket or pipe)"))
            }
        }
    }
}
