import Foundation

/// The files `medsynth preprocess` will process, found under its input: NIfTI images,
/// their label maps (by suffix), and every other file with the reason it is skipped.
struct PreprocessInputs {
    struct Item {
        /// Path of the image.
        var path: String
        /// Path relative to the input folder (the file name for a single file).
        var relative: String
        /// Label maps by suffix (e.g. "_seg" -> path).
        var labelMaps: [String: String]
    }
    var items: [Item] = []
    var skipped: [(path: String, reason: String)] = []

    static let extensions = [".nii.gz", ".nii", ".hdr"]

    /// Splits a NIfTI file name into stem and extension, nil when not NIfTI.
    static func split(_ name: String) -> (stem: String, ext: String)? {
        for e in extensions where name.lowercased().hasSuffix(e) && name.count > e.count {
            return (String(name.dropLast(e.count)), String(name.suffix(e.count)))
        }
        return nil
    }

    static func find(_ input: String, labelSuffixes: [String]) throws -> PreprocessInputs {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir) else {
            throw PipelineError(path: input, reason: "no such file or folder")
        }
        var out = PreprocessInputs()
        if !isDir.boolValue {
            guard split((input as NSString).lastPathComponent) != nil else {
                throw PipelineError(path: input, reason: "not a NIfTI file (.nii, .nii.gz or .hdr)")
            }
            out.items.append(Item(path: input, relative: (input as NSString).lastPathComponent,
                                  labelMaps: siblings(of: input, suffixes: labelSuffixes)))
            return out
        }
        guard let walker = FileManager.default.enumerator(atPath: input) else {
            throw PipelineError(path: input, reason: "cannot list the folder")
        }
        var files: [String] = []
        while let rel = walker.nextObject() as? String {
            var d: ObjCBool = false
            let full = (input as NSString).appendingPathComponent(rel)
            if FileManager.default.fileExists(atPath: full, isDirectory: &d), !d.boolValue { files.append(rel) }
        }
        files.sort()
        let all = Set(files)
        for rel in files {
            let full = (input as NSString).appendingPathComponent(rel)
            let name = (rel as NSString).lastPathComponent
            if name.lowercased().hasSuffix(".img") {
                let hdr = String(rel.dropLast(4)) + ".hdr"
                out.skipped.append((full, all.contains(hdr) ? "image data of \(hdr), read with it" : "an .img file without its .hdr"))
                continue
            }
            guard let (stem, ext) = split(name) else {
                out.skipped.append((full, "not a NIfTI file"))
                continue
            }
            if ext.lowercased() == ".hdr" && !all.contains(String(rel.dropLast(4)) + ".img") {
                out.skipped.append((full, "a header without image data (\(stem).img is missing)"))
                continue
            }
            if let suffix = labelSuffixes.first(where: { stem.hasSuffix($0) && stem.count > $0.count }) {
                let imageStem = String(stem.dropLast(suffix.count))
                let dir = (rel as NSString).deletingLastPathComponent
                let hasImage = extensions.contains { all.contains(dir.isEmpty ? imageStem + $0 : dir + "/" + imageStem + $0) }
                out.skipped.append((full, hasImage ? "label map (\(suffix)) of \(imageStem), processed with it"
                                                   : "label map (\(suffix)) without an image named \(imageStem)"))
                continue
            }
            out.items.append(Item(path: full, relative: rel, labelMaps: siblings(of: full, suffixes: labelSuffixes)))
        }
        return out
    }

    /// Label maps beside an image: STEM + suffix + any NIfTI extension.
    static func siblings(of path: String, suffixes: [String]) -> [String: String] {
        guard let (stem, _) = split(path) else { return [:] }
        var out: [String: String] = [:]
        for s in suffixes {
            for e in extensions where FileManager.default.fileExists(atPath: stem + s + e) {
                out[s] = stem + s + e
                break
            }
        }
        return out
    }
}
