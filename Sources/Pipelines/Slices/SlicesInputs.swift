import Foundation

/// What a scan of INPUT_DIR found: NIfTI volumes (by path relative to INPUT_DIR) and every
/// other file with the reason it is not sliced.
public struct SlicesInputs: Sendable {
    /// Relative paths of .nii, .nii.gz, .hdr and .hdr.gz files, sorted.
    public var volumes: [String]
    /// Files that are not volumes (other formats, .img halves without a header).
    public var ignored: [ScanIssueRecord]
    /// .img / .img.gz files read as the data of a .hdr volume.
    public var pairedImages: Int
    public var filesSeen: Int { volumes.count + ignored.count + pairedImages }

    /// Scans `root` recursively (linked files are read, linked folders are not entered); `exclude` is a
    /// folder to leave out (the output folder when it lies inside the input).
    public static func scan(_ root: String, excluding exclude: String? = nil) -> SlicesInputs {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        let excludePath = exclude.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var files: [String] = []
        var ignored: [ScanIssueRecord] = []
        let fm = FileManager.default
        let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey]
        if let e = fm.enumerator(at: rootURL, includingPropertiesForKeys: keys, options: []) {
            for case let url as URL in e {
                let std = url.standardizedFileURL
                var values = try? std.resourceValues(forKeys: Set(keys))
                if values?.isDirectory == true {
                    if let x = excludePath, std.path == x { e.skipDescendants() }
                    continue
                }
                if values?.isSymbolicLink == true {
                    // Linked files are read; linked folders are not entered (no cycles).
                    values = try? std.resolvingSymlinksInPath().resourceValues(forKeys: Set(keys))
                    if values?.isDirectory == true {
                        ignored.append(ScanIssueRecord(path: relative(std.path, to: rootURL.path), reason: "a symbolic link to a folder (not followed)"))
                        continue
                    }
                }
                guard values?.isRegularFile == true else {
                    ignored.append(ScanIssueRecord(path: relative(std.path, to: rootURL.path), reason: "not a regular file (broken link, device, socket)"))
                    continue
                }
                files.append(relative(std.path, to: rootURL.path))
            }
        }
        files.sort()
        let all = Set(files.map { $0.lowercased() })
        var volumes: [String] = [], paired = 0
        for f in files {
            let lower = f.lowercased()
            if lower.hasSuffix(".hdr") || lower.hasSuffix(".hdr.gz") {
                let base = lower.hasSuffix(".gz") ? String(lower.dropLast(7)) : String(lower.dropLast(4))
                if all.contains(base + ".img") || all.contains(base + ".img.gz") {
                    volumes.append(f)
                } else {
                    ignored.append(ScanIssueRecord(path: f, reason: "a header without image data (its .img is missing)"))
                }
            } else if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") {
                volumes.append(f)
            } else if lower.hasSuffix(".img") || lower.hasSuffix(".img.gz") {
                let base = lower.hasSuffix(".gz") ? String(lower.dropLast(7)) : String(lower.dropLast(4))
                if all.contains(base + ".hdr") || all.contains(base + ".hdr.gz") {
                    paired += 1
                } else {
                    ignored.append(ScanIssueRecord(path: f, reason: "an .img file without its .hdr header"))
                }
            } else {
                ignored.append(ScanIssueRecord(path: f, reason: "not a NIfTI file (.nii, .nii.gz, .hdr/.img)"))
            }
        }
        return SlicesInputs(volumes: volumes, ignored: ignored.sorted { $0.path < $1.path }, pairedImages: paired)
    }

    static func relative(_ path: String, to root: String) -> String {
        let r = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(r) ? String(path.dropFirst(r.count)) : path
    }
}
