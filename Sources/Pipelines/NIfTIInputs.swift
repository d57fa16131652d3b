import Foundation

/// The NIfTI volumes under a folder and every other file there with the reason it is not
/// read as a volume: the input scan of `medsynth slices` and `medsynth preprocess`.
///
/// The walk is recursive. Linked files are read; linked folders are not entered (no cycles)
/// and are reported. An .img (.img.gz) is the voxel data of the .hdr (.hdr.gz) of the same
/// name and is read with it; a header without its .img and an .img without its header are
/// reported. Every file found is in exactly one of `volumes`, `ignored` and `pairedImages`.
public struct NIfTIInputs: Sendable {
    /// Relative paths of the .nii, .nii.gz, .hdr and .hdr.gz volumes, sorted.
    public var volumes: [String]
    /// Files that are not volumes (other formats, headers without data, .img halves
    /// without a header, links to folders, folders that cannot be read), with the reason.
    public var ignored: [ScanIssueRecord]
    /// .img / .img.gz files read as the data of a .hdr volume, with the header they belong to.
    public var pairedImages: [ScanIssueRecord]
    public var filesSeen: Int { volumes.count + ignored.count + pairedImages.count }

    /// File name extensions of volumes, longest first (matched ignoring case).
    public static let volumeExtensions = [".nii.gz", ".hdr.gz", ".nii", ".hdr"]

    /// Splits a NIfTI volume file name (or path) into stem and extension, as written;
    /// nil when it does not end in one of `volumeExtensions` (or is nothing but one).
    public static func split(_ name: String) -> (stem: String, ext: String)? {
        let lower = name.lowercased()
        for e in volumeExtensions where lower.hasSuffix(e) && name.count > e.count {
            return (String(name.dropLast(e.count)), String(name.suffix(e.count)))
        }
        return nil
    }

    /// Scans `root` recursively. `exclude` is a folder to leave out (the output folder when
    /// it lies inside the input); files below it are not listed at all.
    public static func scan(_ root: String, excluding exclude: String? = nil) -> NIfTIInputs {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        let excludePath = exclude.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var files: [String] = []
        let fm = FileManager.default
        let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey]
        let walker = fm.enumerator(at: rootURL, includingPropertiesForKeys: keys, options: [])
        var ignored: [ScanIssueRecord] = []
        if let walker {
            for case let url as URL in walker {
                let std = url.standardizedFileURL
                let rel = relative(std.path, to: rootURL.path)
                var values = try? std.resourceValues(forKeys: Set(keys))
                if values?.isDirectory == true {
                    if let x = excludePath, std.path == x {
                        walker.skipDescendants()
                    } else if access(std.path, R_OK | X_OK) != 0 {
                        walker.skipDescendants()
                        ignored.append(ScanIssueRecord(path: rel, reason: "a folder that cannot be read (permissions)"))
                    }
                    continue
                }
                if values?.isSymbolicLink == true {
                    // Linked files are read; linked folders are not entered (no cycles).
                    values = try? std.resolvingSymlinksInPath().resourceValues(forKeys: Set(keys))
                    if values?.isDirectory == true {
                        ignored.append(ScanIssueRecord(path: rel, reason: "a symbolic link to a folder (not followed)"))
                        continue
                    }
                }
                guard values?.isRegularFile == true else {
                    ignored.append(ScanIssueRecord(path: rel, reason: "not a regular file (broken link, device, socket)"))
                    continue
                }
                files.append(rel)
            }
        }
        files.sort()

        // .hdr / .img pairing, ignoring case and compression (as the NIfTI reader does).
        func base(_ f: String) -> String {
            let lower = f.lowercased()
            return String(lower.dropLast(lower.hasSuffix(".gz") ? 7 : 4))
        }
        var headers: [String: String] = [:], images: Set<String> = []
        for f in files {
            let lower = f.lowercased()
            if lower.hasSuffix(".hdr") || lower.hasSuffix(".hdr.gz") { headers[base(f)] = headers[base(f)] ?? f }
            if lower.hasSuffix(".img") || lower.hasSuffix(".img.gz") { images.insert(base(f)) }
        }
        var volumes: [String] = [], paired: [ScanIssueRecord] = []
        for f in files {
            let lower = f.lowercased()
            if lower.hasSuffix(".hdr") || lower.hasSuffix(".hdr.gz") {
                if images.contains(base(f)) {
                    volumes.append(f)
                } else {
                    let stem = split(f)?.stem ?? f
                    ignored.append(ScanIssueRecord(path: f, reason: "a header without image data (\(stem).img is missing)"))
                }
            } else if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") {
                volumes.append(f)
            } else if lower.hasSuffix(".img") || lower.hasSuffix(".img.gz") {
                if let header = headers[base(f)] {
                    paired.append(ScanIssueRecord(path: f, reason: "image data of \(header), read with it"))
                } else {
                    ignored.append(ScanIssueRecord(path: f, reason: "an .img file without its .hdr header"))
                }
            } else {
                ignored.append(ScanIssueRecord(path: f, reason: "not a NIfTI file (.nii, .nii.gz, .hdr/.img)"))
            }
        }
        return NIfTIInputs(volumes: volumes, ignored: ignored.sorted { $0.path < $1.path }, pairedImages: paired)
    }

    static func relative(_ path: String, to root: String) -> String {
        let r = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(r) ? String(path.dropFirst(r.count)) : path
    }

}
