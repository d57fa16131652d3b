import Foundation

/// How a path's name extension maps to NIfTI files: a single .nii(.gz), or a
/// .hdr/.img pair (.hdr.gz/.img.gz when compressed). Case is kept (X.HDR pairs with X.IMG).
struct NIfTIFileNames {
    /// The file holding the header (.nii or .hdr).
    let headerPath: String
    /// The file holding the voxel data (the same .nii, or the .img).
    let imagePath: String
    /// True for .nii.gz, .hdr.gz, .img.gz.
    let compressed: Bool
    let isPair: Bool

    private static let suffixes = [".nii.gz", ".hdr.gz", ".img.gz", ".nii", ".hdr", ".img"]

    /// Splits a path into stem and one of the known suffixes (case-insensitive).
    private static func split(_ path: String) -> (stem: String, suffix: String)? {
        let lower = path.lowercased()
        for s in suffixes where lower.hasSuffix(s) && lower.count > s.count {
            let cut = path.index(path.endIndex, offsetBy: -s.count)
            return (String(path[..<cut]), String(path[cut...]))
        }
        return nil
    }

    /// "hdr" <-> "img", keeping the case of each letter.
    private static func swapKind(_ suffix: String) -> String {
        let pairs: [Character: Character] = ["h": "i", "d": "m", "r": "g", "i": "h", "m": "d", "g": "r"]
        var out = ""
        for (i, ch) in suffix.enumerated() {
            // Only the three letters after the dot change; ".gz" stays.
            if (1...3).contains(i), let other = pairs[Character(ch.lowercased())] {
                out.append(ch.isUppercase ? Character(other.uppercased()) : other)
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// The files a write to `path` creates. Throws for an unknown extension.
    static func forWriting(_ path: String) throws -> NIfTIFileNames {
        guard let (stem, suffix) = split(path) else {
            throw NIfTIError(path: path, reason: .unsupportedFileExtension)
        }
        let lower = suffix.lowercased()
        let compressed = lower.hasSuffix(".gz")
        if lower.hasPrefix(".nii") {
            return NIfTIFileNames(headerPath: path, imagePath: path, compressed: compressed, isPair: false)
        }
        let other = stem + swapKind(suffix)
        let isHeader = lower.hasPrefix(".hdr")
        return NIfTIFileNames(headerPath: isHeader ? path : other, imagePath: isHeader ? other : path,
                              compressed: compressed, isPair: true)
    }

    /// The header file to open for `path` (for an .img, its .hdr or .hdr.gz).
    /// Unknown extensions are read as a single file.
    static func headerForReading(_ path: String) -> String {
        guard let (stem, suffix) = split(path), suffix.lowercased().hasPrefix(".img") else { return path }
        let same = stem + swapKind(suffix)
        if FileManager.default.fileExists(atPath: same) { return same }
        let toggled = suffix.lowercased().hasSuffix(".gz") ? String(same.dropLast(3)) : same + ".gz"
        return FileManager.default.fileExists(atPath: toggled) ? toggled : same
    }

    /// Candidate data files for a pair header at `headerPath`, best first:
    /// the .img with the same compression, then the other one.
    static func imageCandidates(forHeader headerPath: String) -> [String] {
        guard let (stem, suffix) = split(headerPath), suffix.lowercased().hasPrefix(".hdr") else {
            return []
        }
        let same = stem + swapKind(suffix)
        let toggled = suffix.lowercased().hasSuffix(".gz") ? String(same.dropLast(3)) : same + ".gz"
        return [same, toggled]
    }
}
