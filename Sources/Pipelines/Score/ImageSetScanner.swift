import DICOM
import Foundation
import Imaging

/// Sorts the files of a listed tree into images, skipped files and NIfTI companion files
/// (the rules are on `ImageSet`). Reads no pixels: names decide PNG and NIfTI; other files
/// are sniffed (132 bytes) and, when they may be DICOM, their header is read through DCMTK.
struct ImageSetScanner {
    /// The folder the relative paths are relative to.
    let folder: String
    /// Relative paths of regular files.
    let files: [String]
    /// True when the set is one file (NIfTI halves are then looked for next to it on disk).
    let singleFile: Bool

    struct Result {
        var items: [ImageSetItem] = []
        var skipped: [ScanIssueRecord] = []
        var companions: [ScanIssueRecord] = []
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    func full(_ rel: String) -> String { folder.hasSuffix("/") ? folder + rel : folder + "/" + rel }

    func run(workers: Int, progress: (@Sendable (Int, Int) -> Void)?) -> Result {
        var result = Result()
        let present = Set(files)
        func exists(_ rel: String) -> Bool {
            singleFile ? FileManager.default.fileExists(atPath: full(rel)) : present.contains(rel)
        }
        var others: [String] = []
        for rel in files {
            let name = rel.split(separator: "/").last.map(String.init) ?? rel
            switch Self.niftiPart(name) {
            case .png:
                result.items.append(ImageSetItem(path: rel, format: .png))
            case .single:
                result.items.append(ImageSetItem(path: rel, format: .nifti))
            case .header(let images):
                let dir = String(rel.dropLast(name.count))
                if images.contains(where: { exists(dir + $0) }) {
                    result.items.append(ImageSetItem(path: rel, format: .nifti))
                } else {
                    result.skipped.append(ScanIssueRecord(path: rel, reason: "a NIfTI/Analyze header without its image data (\(dir + images[0]) is missing)"))
                }
            case .image(let headers):
                let dir = String(rel.dropLast(name.count))
                if let header = headers.first(where: { exists(dir + $0) }) {
                    if singleFile {
                        // Named on its own: read through its header, which the reader finds.
                        result.items.append(ImageSetItem(path: rel, format: .nifti))
                    } else {
                        result.companions.append(ScanIssueRecord(path: rel, reason: "image data of \(dir + header), read with it"))
                    }
                } else {
                    result.skipped.append(ScanIssueRecord(path: rel, reason: "an .img file without its .hdr header (\(dir + headers[0]) is missing)"))
                }
            case nil:
                others.append(rel)
            }
        }

        // Other names: DICOM (header only), or PNG by signature; in parallel.
        let scanner = self, candidates = others, total = others.count
        let classified = ConcurrentSlots<Classification>.compute(count: total, workers: workers, { i in
            scanner.classify(candidates[i])
        }, finished: progress.map { p in { @Sendable _, done in p(done, total) } })
        for (i, c) in classified.enumerated() {
            switch c ?? .skipped("not read") {
            case .item(let format): result.items.append(ImageSetItem(path: candidates[i], format: format))
            case .skipped(let reason): result.skipped.append(ScanIssueRecord(path: candidates[i], reason: reason))
            }
        }
        return result
    }

    enum Classification: Sendable {
        case item(ImageSetFormat)
        case skipped(String)
    }

    /// Classifies a file whose name says neither PNG nor NIfTI.
    func classify(_ rel: String) -> Classification {
        let path = full(rel)
        let head = Self.head(path, count: 132)
        if let head, head.count >= 8, Array(head.prefix(8)) == Self.pngSignature { return .item(.png) }
        let hasMarker = head.map { $0.count >= 132 && Array($0[128..<132]) == Array("DICM".utf8) } ?? false
        let lower = rel.lowercased()
        let dicomName = ImageSetFormat.dicom.keyExtensions.contains { lower.hasSuffix($0) }
        let file: DicomFile
        do {
            file = try DicomFile.read(path, options: .header)
        } catch {
            let e = error as? DicomError
            // A file that says it is DICOM is an item: loading it reports the damage.
            if hasMarker || dicomName { return .item(.dicom) }
            if e?.kind == .unreadable || head == nil { return .skipped("cannot be read: \(e?.reason ?? "\(error)")") }
            return .skipped("not a PNG, NIfTI or DICOM file (\(e?.reason ?? "\(error)"))")
        }
        if let reason = Self.nonImageReason(file) { return .skipped("a DICOM object without an image: \(reason)") }
        return .item(.dicom)
    }

    /// Why a DICOM object has no image to score, or nil when it has one (the same rules as
    /// the series scanner of `medsynth convert`).
    static func nonImageReason(_ f: DicomFile) -> String? {
        let ds = f.dataset
        let sopClass = ds.string(Tags.sopClassUID) ?? f.meta.string(Tags.mediaStorageSOPClassUID) ?? "unknown"
        if sopClass == "1.2.840.10008.1.3.10" { return "DICOMDIR (media directory)" }
        if !f.pixelDataSkipped && !ds.contains(Tags.pixelData) { return "no Pixel Data (SOP class \(sopClass))" }
        guard (ds.int(Tags.rows) ?? 0) > 0, (ds.int(Tags.columns) ?? 0) > 0 else { return "no image size (Rows/Columns missing)" }
        return nil
    }

    /// The first `count` bytes of a file (fewer when it is shorter); nil when it cannot be read.
    static func head(_ path: String, count: Int) -> [UInt8]? {
        guard let fh = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? fh.close() }
        guard let data = try? fh.read(upToCount: count) else { return nil }
        return [UInt8](data)
    }

    /// What a file name says about its format.
    enum NameKind: Equatable {
        case png
        /// .nii or .nii.gz.
        case single
        /// .hdr(.gz): the names its data file may have, best first.
        case header([String])
        /// .img(.gz): the names its header may have, best first.
        case image([String])
    }

    /// The format a file name declares (ignoring case), or nil for any other name. Pair
    /// halves are named as the NIfTI reader looks for them: the same stem, hdr <-> img with
    /// the case of each letter kept, the same compression first, then the other.
    static func niftiPart(_ name: String) -> NameKind? {
        let lower = name.lowercased()
        func stem(_ n: Int) -> String { String(name.dropLast(n)) }
        func swapped(_ suffix: String) -> String {
            let map: [Character: Character] = ["h": "i", "d": "m", "r": "g", "i": "h", "m": "d", "g": "r"]
            var out = ""
            for (i, ch) in suffix.enumerated() {
                if (1...3).contains(i), let other = map[Character(ch.lowercased())] {
                    out.append(ch.isUppercase ? Character(other.uppercased()) : other)
                } else {
                    out.append(ch)
                }
            }
            return out
        }
        func candidates(_ suffixLength: Int) -> [String] {
            let suffix = String(name.suffix(suffixLength))
            let same = stem(suffixLength) + swapped(suffix)
            let toggled = suffixLength == 7 ? String(same.dropLast(3)) : same + ".gz"
            return [same, toggled]
        }
        if lower.hasSuffix(".png") && lower.count > 4 { return .png }
        if (lower.hasSuffix(".nii.gz") && lower.count > 7) || (lower.hasSuffix(".nii") && lower.count > 4) { return .single }
        if lower.hasSuffix(".hdr.gz") && lower.count > 7 { return .header(candidates(7)) }
        if lower.hasSuffix(".hdr") && lower.count > 4 { return .header(candidates(4)) }
        if lower.hasSuffix(".img.gz") && lower.count > 7 { return .image(candidates(7)) }
        if lower.hasSuffix(".img") && lower.count > 4 { return .image(candidates(4)) }
        return nil
    }
}
