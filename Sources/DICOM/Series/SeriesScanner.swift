import Foundation
import Imaging

/// Scans a folder tree (any file names, nested folders) and groups DICOM images into series.
public enum SeriesScanner {
    /// Lists regular files under `root` recursively (symbolic links followed for files), sorted.
    public static func listFiles(_ root: String) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir) else { return [] }
        if !isDir.boolValue { return [root] }
        var out: [String] = []
        let base = URL(fileURLWithPath: root)
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey], options: []) else { return [] }
        for case let url as URL in e {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey])
            if values?.isRegularFile == true { out.append(url.path) }
        }
        return out.sorted()
    }

    /// Reads the headers of every file under `root` (in parallel) and groups them.
    /// `progress` is called with (done, total) from worker threads.
    public static func scan(_ root: String, progress: (@Sendable (Int, Int) -> Void)? = nil) -> SeriesScan {
        let files = listFiles(root)
        let results = ConcurrentSlots<Result<DicomFile, DicomError>>(count: files.count)
                DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let r: Result<DicomFile, DicomError>
            do {
                r = .success(try DicomFile.read(files[i], options: .header))
            } catch let e as DicomError {
                r = .failure(e)
            } catch {
                r = .failure(DicomError(.parse, path: files[i], "\(error)"))
            }
            results.set(i, r)
            if let progress { progress(results.increment(), files.count) }
        }
        var skipped: [ScanIssue] = []
        var headers: [DicomFile] = []
        for (i, r) in results.values.enumerated() {
            switch r {
            case .success(let f)?:
                if let reason = nonImageReason(f) { skipped.append(ScanIssue(path: files[i], reason: reason)) } else { headers.append(f) }
            case .failure(let e)?:
                skipped.append(ScanIssue(path: files[i], reason: e.reason))
            case nil:
                skipped.append(ScanIssue(path: files[i], reason: "not read"))
            }
        }
        return SeriesScan(series: group(headers), skipped: skipped, filesSeen: files.count)
    }

    /// Why a DICOM object cannot be part of an image series, or nil when it can.
    static func nonImageReason(_ f: DicomFile) -> String? {
        let ds = f.dataset
        let sopClass = ds.string(Tags.sopClassUID) ?? f.meta.string(Tags.mediaStorageSOPClassUID) ?? "unknown"
        if sopClass == "1.2.840.10008.1.3.10" { return "DICOMDIR (media directory, no image)" }
        if !f.pixelDataSkipped && !ds.contains(Tags.pixelData) { return "no pixel data (SOP class \(sopClass))" }
        guard (ds.int(Tags.rows) ?? 0) > 0, (ds.int(Tags.columns) ?? 0) > 0 else { return "no image size (Rows/Columns missing)" }
        return nil
    }

    /// Groups headers into series: Series Instance UID, then orientation, matrix size,
    /// echo and pixel format, as dcm2niix splits a series. Each multi-frame file is its own series.
    public static func group(_ files: [DicomFile]) -> [DicomSeries] {
        var order: [String] = []
        var groups: [String: DicomSeries] = [:]
        var labels: [String: [String: String]] = [:]
        for f in files {
            let ds = f.dataset
            let uid = ds.string(Tags.seriesInstanceUID) ?? "no-series-uid:" + (f.path ?? "")
            let iop = ds.numbers(Tags.imageOrientationPatient).map { String(format: "%.4f", $0) }.joined(separator: ",")
            let size = "\(ds.int(Tags.columns) ?? 0)x\(ds.int(Tags.rows) ?? 0)"
            let echo = ds.int(Tags.echoNumbers).map { "echo \($0)" } ?? ds.number(Tags.echoTime).map { "TE \($0)" } ?? ""
            let format = "\(ds.int(Tags.bitsAllocated) ?? 0)b\(ds.int(Tags.samplesPerPixel) ?? 1)s\(ds.int(Tags.pixelRepresentation) ?? 0)r"
            let multi = (ds.int(Tags.numberOfFrames) ?? 1) > 1 ? (f.path ?? "") : ""
            let key = [uid, iop, size, echo, format, multi].joined(separator: "|")
            let records = SeriesHeader.records(f)
            if groups[key] == nil {
                order.append(key)
                groups[key] = DicomSeries(
                    seriesInstanceUID: uid, seriesNumber: ds.int(Tags.seriesNumber),
                    seriesDescription: ds.string(Tags.seriesDescription), modality: ds.string(Tags.modality),
                    header: ds, slices: [], splitLabel: nil)
                labels[uid, default: [:]][key] = [echo, iop.isEmpty ? "" : "orientation \(iop)", size, multi.isEmpty ? "" : "file \((multi as NSString).lastPathComponent)"]
                    .filter { !$0.isEmpty }.joined(separator: ", ")
            }
            groups[key]?.slices.append(contentsOf: records)
        }
        var out: [DicomSeries] = []
        for key in order {
            guard var s = groups[key] else { continue }
            if let siblings = labels[s.seriesInstanceUID], siblings.count > 1 { s.splitLabel = siblings[key] }
            out.append(s)
        }
        return out.sorted { a, b in
            (a.seriesNumber ?? Int.max, a.seriesInstanceUID, a.splitLabel ?? "") < (b.seriesNumber ?? Int.max, b.seriesInstanceUID, b.splitLabel ?? "")
        }
    }
}
