import Foundation

/// The files `medsynth preprocess` will process: one NIfTI file, or the NIfTI images found
/// under a folder (`NIfTIInputs`) with their label maps attached (IMAGE<suffix>.nii[.gz]
/// beside IMAGE), and every other file with the reason it is skipped.
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
    /// Files not processed as images (full paths), with the reason: label maps (processed
    /// with their image), .img halves of .hdr volumes, other files.
    var skipped: [ScanIssueRecord] = []

    /// `exclude`: a folder inside `input` to leave out (the output folder).
    static func find(_ input: String, labelSuffixes: [String], excluding exclude: String? = nil) throws -> PreprocessInputs {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir) else {
            throw PipelineError(path: input, reason: "no such file or folder")
        }
        var out = PreprocessInputs()
        if !isDir.boolValue {
            guard NIfTIInputs.split((input as NSString).lastPathComponent) != nil else {
                throw PipelineError(path: input, reason: "not a NIfTI file (.nii, .nii.gz, .hdr or .hdr.gz)")
            }
            out.items.append(Item(path: input, relative: (input as NSString).lastPathComponent,
                                  labelMaps: siblings(of: input, suffixes: labelSuffixes)))
            return out
        }
        let scan = NIfTIInputs.scan(input, excluding: exclude)
        func full(_ rel: String) -> String { (input as NSString).appendingPathComponent(rel) }
        for r in scan.ignored + scan.pairedImages { out.skipped.append(ScanIssueRecord(path: full(r.path), reason: r.reason)) }

        // Images and label maps: a volume whose stem ends in a label suffix is a label map of
        // the image with the rest of the stem in the same folder.
        var images: [(rel: String, key: String)] = []
        var labels: [(rel: String, suffix: String, imageKey: String)] = []
        for rel in scan.volumes {
            let stem = NIfTIInputs.split(rel)?.stem ?? rel
            if let suffix = labelSuffixes.first(where: { stem.hasSuffix($0) && stem.count > $0.count }) {
                labels.append((rel, suffix, String(stem.dropLast(suffix.count))))
            } else {
                images.append((rel, stem))
            }
        }
        // The first image of a stem takes its label maps (a second one, e.g. a.nii beside
        // a.nii.gz, is refused by the job: both would be written to the same output).
        var imageIndex: [String: Int] = [:]
        for (i, image) in images.enumerated() where imageIndex[image.key] == nil { imageIndex[image.key] = i }
        var attached: [Int: [String: String]] = [:]
        for label in labels.sorted(by: { preference($0.rel) < preference($1.rel) }) {
            let imageStem = (label.imageKey as NSString).lastPathComponent
            guard let i = imageIndex[label.imageKey] else {
                out.skipped.append(ScanIssueRecord(path: full(label.rel), reason: "label map (\(label.suffix)) without an image named \(imageStem) beside it"))
                continue
            }
            if let taken = attached[i]?[label.suffix] {
                out.skipped.append(ScanIssueRecord(path: full(label.rel), reason: "a second label map (\(label.suffix)) of \(images[i].rel); only \((taken as NSString).lastPathComponent) is used"))
                continue
            }
            attached[i, default: [:]][label.suffix] = full(label.rel)
            out.skipped.append(ScanIssueRecord(path: full(label.rel), reason: "label map (\(label.suffix)) of \(images[i].rel), processed with it"))
        }
        for (i, image) in images.enumerated() {
            out.items.append(Item(path: full(image.rel), relative: image.rel, labelMaps: attached[i] ?? [:]))
        }
        return out
    }

    /// Which of several label maps of one image and suffix is used: .nii.gz, then .hdr.gz,
    /// .nii, .hdr (then by name).
    static func preference(_ rel: String) -> String {
        let ext = NIfTIInputs.split(rel)?.ext.lowercased() ?? ""
        return "\(NIfTIInputs.volumeExtensions.firstIndex(of: ext) ?? 9)" + rel
    }

    /// Label maps beside a single image file: STEM + suffix + a NIfTI extension.
    static func siblings(of path: String, suffixes: [String]) -> [String: String] {
        guard let (stem, _) = NIfTIInputs.split(path) else { return [:] }
        var out: [String: String] = [:]
        for s in suffixes {
            for e in NIfTIInputs.volumeExtensions where FileManager.default.fileExists(atPath: stem + s + e) {
                out[s] = stem + s + e
                break
            }
        }
        return out
    }
}
