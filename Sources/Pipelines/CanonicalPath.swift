import Foundation

/// Absolute paths with symbolic links resolved, for telling whether one path lies inside
/// another (an output inside its input, an output replacing an input).
enum CanonicalPath {
    /// The absolute, standardized path with the symbolic links of its longest existing prefix
    /// resolved; the rest (folders and files not created yet) is appended as given.
    static func of(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path) && existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var base = existing.resolvingSymlinksInPath().path
        for c in rest { base += (base.hasSuffix("/") ? "" : "/") + c }
        return base
    }
}
