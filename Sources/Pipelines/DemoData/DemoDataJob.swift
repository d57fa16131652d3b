import Foundation
import Imaging
import Phantoms
import Preprocessing

/// `medsynth demo-data`: the embedded default data. Writes the simulated archive
/// (`OUTPUT/archive/`, see `PhantomArchive`), its ground truth (`OUTPUT/manifest.json`), a 2D
/// dataset (`OUTPUT/slices2d/{train,holdout}/{class}/*.png` with `index.csv`/`index.json`
/// and `preview.png`, made by `SlicesJob`'s own slicing) and `OUTPUT/summary.json`.
///
/// Every patient's 2D pictures are axial slices of the head in its first series' contrast
/// (1 mm template grid, with that series' bias field and noise), windowed per volume to the
/// 0.5-99.5 percentiles and resized with antialiasing, as `medsynth slices` does. The slices are
/// those where the tumour's cross-section is at least 40 % of its largest (evenly thinned to
/// `slicesPerPatient`); patients without a tumour get the levels of a decoy lesion, so the
/// level of a picture does not give the class away.
public enum DemoDataJob {
    public enum Event: Sendable {
        case loading
        case patient(done: Int, total: Int, key: String)
        case preview
    }

    /// What a previous run writes at the top of the output folder.
    static let outputs = ["archive", "slices2d", "manifest.json", "summary.json"]

    public static func run(_ options: DemoDataOptions, progress: (@Sendable (Event) -> Void)? = nil) throws -> DemoDataSummary {
        let start = Date()
        try options.archive.validate()
        if let size = options.slices2d, !SliceResizer.sizeRange.contains(size) {
            throw PipelineError(path: options.output, reason: "--slices2d \(size): the picture size must be in \(SliceResizer.sizeRange.lowerBound) ... \(SliceResizer.sizeRange.upperBound)")
        }
        guard (1...64).contains(options.slicesPerPatient) else {
            throw PipelineError(path: options.output, reason: "--slices-per-patient \(options.slicesPerPatient): give 1 ... 64")
        }
        let output = URL(fileURLWithPath: options.output).standardizedFileURL.path
        try prepare(output, overwrite: options.overwrite)
        let archive = output + "/archive"
        let slicesFolder = output + "/slices2d"
        let sliceOptions = options.slices2d.map { size in
            SlicesOptions(input: archive, output: slicesFolder, axis: .axial, size: size, seed: options.archive.seed)
        }
        if sliceOptions != nil {
            for split in [DatasetSplit.train, .holdout] {
                for c in TumourClass.allCases { try createFolder(slicesFolder + "/\(split.rawValue)/\(c.rawValue)") }
            }
        }
        let sliced = ConcurrentSlots<(SlicesSummary.VolumeResult, [SliceRecord])>(count: options.archive.patients)
        let perPatient = options.slicesPerPatient
        progress?(.loading)
        var manifest = try PhantomArchive.generate(options.archive, into: archive, workers: options.workers, onPatient: { result in
            guard let so = sliceOptions else { return }
            let r = result.record
            let profile = result.sliceProfile
            let reference = result.reference
            let outcome = SlicesJob.slice(reference, source: "\(r.key) (\(r.studies.first?.series.first?.description ?? "MR"))",
                                          patient: r.key, className: r.tumourClass.rawValue,
                                          split: r.split == .train ? .train : .holdout, volumeID: "head",
                                          output: slicesFolder, options: so) { extractor in
                chooseSlices(extractor, reference: reference, profile: profile, count: perPatient)
            }
            sliced.set(result.index, outcome)
        }, progress: { done, total, key in progress?(.patient(done: done, total: total, key: key)) })
        manifest.tool = "medsynth demo-data \(MedsynthVersion.current)"
        try AtomicJSON.write(manifest, to: output + "/manifest.json")

        var slicesSummary: DemoDataSummary.Slices?
        if let so = sliceOptions {
            progress?(.preview)
            slicesSummary = try finishSlices(sliced.values.compactMap { $0 }, options: so, manifest: manifest)
        }
        var studies = 0, mr = 0, shots = 0, files = 0
        for p in manifest.patients {
            studies += p.studies.count
            for s in p.studies {
                for series in s.series {
                    if series.kind == .mr { mr += 1 } else { shots += 1 }
                    files += series.files.count
                }
            }
        }
        let summary = DemoDataSummary(
            tool: manifest.tool, output: options.output, archive: archive, manifest: output + "/manifest.json",
            seed: options.archive.seed, patients: manifest.patients.count, cohort: manifest.counts, studies: studies,
            mrSeries: mr, screenshotSeries: shots, files: files, bytes: folderBytes(archive),
            phiValues: manifest.patients.reduce(0) { $0 + $1.phi.count }, slices2d: slicesSummary,
            seconds: Date().timeIntervalSince(start))
        try AtomicJSON.write(summary, to: output + "/summary.json")
        return summary
    }

    /// Slice indices of the extractor's stack where the tumour (or decoy) cross-section is at
    /// least 40 % of its largest, thinned evenly to `count`.
    static func chooseSlices(_ extractor: SliceExtractor, reference: Volume, profile: [Double], count: Int) -> [Int] {
        guard let inverse = reference.geometry.affine.inverse else { return [] }
        let amount = (0..<extractor.count).map { k -> Double in
            let z = Int(inverse.apply(extractor.centre(of: k))[2].rounded())
            return profile.indices.contains(z) ? profile[z] : 0
        }
        let peak = amount.max() ?? 0
        var candidates = peak > 0 ? amount.indices.filter { amount[$0] >= 0.4 * peak } : []
        if candidates.isEmpty { candidates = Array((extractor.count / 2 - count / 2)..<(extractor.count / 2 - count / 2 + count)) }
        guard candidates.count > count else { return candidates }
        return (0..<count).map { n in candidates[Int((Double(n) + 0.5) * Double(candidates.count) / Double(count))] }
    }

    /// Writes index.csv, index.json and preview.png of the 2D dataset.
    static func finishSlices(_ outcomes: [(SlicesSummary.VolumeResult, [SliceRecord])], options: SlicesOptions,
                             manifest: ArchiveManifest) throws -> DemoDataSummary.Slices {
        let records = outcomes.flatMap(\.1).sorted { $0.file < $1.file }
        let failed = outcomes.filter { $0.0.status == .failed }.map { "\($0.0.patient): \($0.0.reason ?? "unknown")" }
        var patients: [String: [String]] = [:]
        for p in manifest.patients { patients[p.split.rawValue, default: []].append(p.key) }
        let index = SlicesIndex(tool: manifest.tool, axis: options.axis, size: options.size, bitDepth: options.grayLevels.rawValue,
                                convention: options.convention, window: options.window, foregroundThreshold: options.foreground,
                                selection: options.selection, interpolation: options.interpolation, seed: options.seed,
                                split: options.split, patients: patients.mapValues { $0.sorted() }, slices: records)
        try AtomicFile.write(Array(index.csv().utf8), to: options.output + "/index.csv")
        try AtomicJSON.write(index, to: options.output + "/index.json")
        var counts: [String: [String: Int]] = [:]
        for r in records { counts[r.split.rawValue, default: [:]][r.className, default: 0] += 1 }
        // Preview: six training pictures per class, one per patient where possible.
        var rows: [(label: String, pictures: [Volume])] = []
        for c in TumourClass.allCases {
            var seen = Set<String>(), chosen: [SliceRecord] = []
            let mine = records.filter { $0.className == c.rawValue && $0.split == .train }
            for r in mine where !seen.contains(r.patient) && chosen.count < 6 {
                // The middle picture of the patient's set shows the most tumour.
                let own = mine.filter { $0.patient == r.patient }
                chosen.append(own[own.count / 2])
                seen.insert(r.patient)
            }
            for r in mine where chosen.count < 6 && !chosen.contains(where: { $0.file == r.file }) { chosen.append(r) }
            rows.append((c.rawValue.replacingOccurrences(of: "_", with: " "),
                         try chosen.map { try PNGCodec.read(path: options.output + "/" + $0.file) }))
        }
        let preview = options.output + "/preview.png"
        try PreviewGrid.write(rows: rows, size: options.size, columns: 6, to: preview)
        return .init(folder: options.output, size: options.size, pngs: records.count, counts: counts, preview: preview, failedPatients: failed)
    }

    /// Refuses a non-empty output folder unless overwrite (then removes what a previous run wrote).
    static func prepare(_ output: String, overwrite: Bool) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output, isDirectory: &isDir) {
            guard isDir.boolValue else { throw PipelineError(path: output, reason: "exists and is not a folder") }
            let entries = ((try? fm.contentsOfDirectory(atPath: output)) ?? []).filter { $0 != ".DS_Store" }
            if !entries.isEmpty {
                guard overwrite else {
                    throw PipelineError(path: output, reason: "the output folder is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies")); choose a new folder, or pass --overwrite to replace a previous demo-data output there (its \(outputs.joined(separator: ", ")))")
                }
                for name in outputs where fm.fileExists(atPath: output + "/" + name) {
                    do { try fm.removeItem(atPath: output + "/" + name) } catch {
                        throw PipelineError(path: output + "/" + name, reason: "cannot remove the previous output: \(error.localizedDescription)")
                    }
                }
            }
        }
        try createFolder(output)
    }

    static func createFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw PipelineError(path: path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    static func folderBytes(_ path: String) -> Int64 {
        var total: Int64 = 0
        guard let e = FileManager.default.enumerator(atPath: path) else { return 0 }
        while let name = e.nextObject() as? String {
            if let size = (try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? NSNumber, e.fileAttributes?[.type] as? FileAttributeType != .typeDirectory {
                total += size.int64Value
            }
        }
        return total
    }
}
