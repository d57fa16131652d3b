import Foundation

/// A set of images for `medsynth score`: the PNG, DICOM and NIfTI files under a folder (or
/// one file), listed without reading pixels and loaded one at a time, so that memory holds
/// one image, not the set.
///
/// Listing (`list(root:)`):
/// - The walk is recursive and follows symbolic links, but never enters a folder twice, so
///   link loops end (`FileTree`). Every file found is in exactly one of `items`, `skipped`
///   and `companionFiles`; folders that cannot be read and link loops are in `skipped` too.
///   Nothing is dropped silently.
/// - Formats by name extension, ignoring case: `.png` is PNG; `.nii`, `.nii.gz` and `.hdr`
///   / `.hdr.gz` with their `.img` / `.img.gz` are NIfTI (the `.img` half is a companion
///   file, read with its header; a header without data and an `.img` without header are
///   skipped). Any other file is tried as DICOM (header only, through DCMTK): DICOM images
///   are items; DICOM objects without pixels (DICOMDIR, structured reports) are skipped with
///   the reason; a file with the PNG signature is a PNG whatever its name. A file named
///   `.dcm`, `.dicom` or `.ima`, or with the DICM marker, that DCMTK cannot parse is still an
///   item, so that loading it reports the damage instead of the set hiding it.
/// - Items are sorted by relative path (byte order). Each has a pairing key (the relative
///   path without the format's extension, so `a/b.png` pairs with `a/b.nii.gz`; see
///   `ImagePairing`) and a label (the first folder under the root: class sub-folders such
///   as `real/glioma/x.png` give "glioma"; nil for files directly in the root).
///
/// Loading (`load(_:)`, `loadVolume(_:)`): one file per call, errors naming the file.
/// - PNG: 8/16-bit grey as stored (1/2/4-bit grey as 0...2^n - 1, grey + alpha with the
///   alpha dropped). RGB and RGBA are read only when every pixel is grey (R = G = B, the
///   common export of grey images), as that one channel; true colour is an error, because a
///   luma conversion would change the values the metrics compare.
/// - DICOM: one frame -> 2D; several frames -> a 3D stack in stored frame order (no sorting
///   by position). Rescale Slope/Intercept (per frame, shared or top level) applied as in
///   the rest of the project: a common rescale becomes the volume's intensity scale, frames
///   with different rescales are rescaled each and stored as Float32. MONOCHROME1 is kept as
///   stored (not inverted), as `medsynth convert` keeps it. Colour follows the PNG rule.
/// - NIfTI: 3D volumes, 2D when nz = 1, scl_slope/scl_inter applied; 4D (more than one
///   volume) is an error naming the file, checked from the header before any data is read.
/// - NaN or infinite values are an error (`ImageSetError.Kind.invalidPixels`).
///
/// ```swift
/// let real = try ImageSet.list(root: "real")
/// for item in real.items {
///     let image = try real.load(item)          // MetricImage, one at a time
///     print(item.path, item.label ?? "-", image.shape)
/// }
/// for group in real.groupsByLabel() { print(group.label ?? "(root)", group.items.count) }
/// ```
public struct ImageSet: Sendable {
    /// The root as given.
    public let root: String
    /// The folder item paths are relative to: the root, or the folder of a one-file root.
    public let folder: String
    /// True when the root is a single file (then `items` holds at most that file).
    public let isSingleFile: Bool
    /// The images, sorted by relative path (byte order).
    public let items: [ImageSetItem]
    /// Files that are not images (with the reason) and entries that could not be listed
    /// (folders that cannot be read, link loops, broken links), sorted by path.
    public let skipped: [ScanIssueRecord]
    /// `.img` / `.img.gz` halves of NIfTI pairs, read with their header, with the header named.
    public let companionFiles: [ScanIssueRecord]

    /// Number of entries accounted for: items, skipped entries and companion files.
    public var filesSeen: Int { items.count + skipped.count + companionFiles.count }

    /// The labels present, sorted (byte order); items at the root have none.
    public var labels: [String] {
        Set(items.compactMap(\.label)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The full path of an item, for reading it or naming it to the user.
    public func path(of item: ImageSetItem) -> String {
        folder.hasSuffix("/") ? folder + item.path : folder + "/" + item.path
    }

    /// Lists the images under `root` (a folder, read recursively, or one file) without
    /// reading their pixels. DICOM candidates' headers are read on up to `workers` threads;
    /// `progress(done, total)` is called after each (from worker threads).
    /// Throws `ImageSetError` (`.notFound`) only when the root itself cannot be listed.
    public static func list(root: String, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                            progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws(ImageSetError) -> ImageSet {
        let tree: FileTree
        do {
            tree = try FileTree.list(root)
        } catch let e as PipelineError {
            throw ImageSetError(.notFound, path: root, reason: "the image set \(e.reason); give a folder of PNG, DICOM or NIfTI files, or one such file")
        } catch {
            throw ImageSetError(.notFound, path: root, reason: "the image set cannot be listed: \(error)")
        }
        let folder = tree.rootIsFile ? (root as NSString).deletingLastPathComponent : root
        let scan = ImageSetScanner(folder: folder.isEmpty ? "." : folder, files: tree.files, singleFile: tree.rootIsFile)
            .run(workers: workers, progress: progress)
        let problems = tree.problems.map { ScanIssueRecord(path: $0.path, reason: $0.reason) }
        func byPath(_ a: ScanIssueRecord, _ b: ScanIssueRecord) -> Bool { a.path.utf8.lexicographicallyPrecedes(b.path.utf8) }
        return ImageSet(root: root, folder: folder.isEmpty ? "." : folder, isSingleFile: tree.rootIsFile,
                        items: scan.items.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) },
                        skipped: (scan.skipped + problems).sorted(by: byPath),
                        companionFiles: scan.companions.sorted(by: byPath))
    }

    /// The items grouped by label, for per-class scores in unpaired mode: the root's items
    /// (label nil) first when there are any, then one group per label in byte order; items
    /// keep their order within a group.
    public func groupsByLabel() -> [ImageSetGroup] {
        var byLabel: [String: [ImageSetItem]] = [:]
        var unlabelled: [ImageSetItem] = []
        for item in items {
            if let l = item.label { byLabel[l, default: []].append(item) } else { unlabelled.append(item) }
        }
        var groups = unlabelled.isEmpty ? [] : [ImageSetGroup(label: nil, items: unlabelled)]
        for l in labels { groups.append(ImageSetGroup(label: l, items: byLabel[l] ?? [])) }
        return groups
    }

    /// The items with the given label (nil: the items at the root).
    public func items(labelled label: String?) -> [ImageSetItem] {
        items.filter { $0.label == label }
    }
}
