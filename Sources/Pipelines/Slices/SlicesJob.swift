import Foundation
import Imaging
import NIfTI
import Preprocessing

/// Folder of NIfTI volumes -> 2D PNG dataset split by patient:
/// `OUTPUT/{train,val,test}/{class}/{patient}_{volume}_{axis}{index:03}.png`, plus
/// `index.csv`, `index.json` (every PNG with patient, class, split, source volume, slice
/// index and the slice centre in RAS mm) and `summary.json`.
///
/// Each volume is read, converted to float32 physical values, reoriented for the axis
/// (`SliceExtractor`), windowed to [0, 1] (`IntensityWindow`, per volume), its slices
/// selected (`SliceSelection`), resized to a square (`SliceResizer`), quantized to 8 or 16
/// bits and written atomically. Volumes run in parallel. A volume that cannot be read or
/// sliced is reported with the reason and leaves no PNG behind; the run goes on.
public enum SlicesJob {
    /// Progress events for a front end (called from worker threads).
    public enum Event: Sendable {
        case slicing(done: Int, total: Int, name: String)
    }

    /// One volume to slice, with everything decided before the parallel part.
    struct Plan: Sendable {
        var source: String          // relative to the input folder
        var patient: String
        var className: String
        var split: DatasetSplit
        var volumeID: String
        var filePrefix: String      // "{patient}_{volume}_"
    }

    /// Files the job writes at the top of the output folder.
    static let topLevelOutputs = ["index.csv", "index.json", "summary.json"]

    public static func run(_ options: SlicesOptions, progress: (@Sendable (Event) -> Void)? = nil) throws -> SlicesSummary {
        let start = Date()
        try options.validate()
        let fm = FileManager.default
        let input = URL(fileURLWithPath: options.input).standardizedFileURL.path
        let output = URL(fileURLWithPath: options.output).standardizedFileURL.path
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: input, isDirectory: &isDir) else {
            throw PipelineError(path: options.input, reason: "no such folder")
        }
        guard isDir.boolValue else {
            throw PipelineError(path: options.input, reason: "not a folder; give the folder that holds the NIfTI volumes")
        }
        try checkOutput(input: input, output: output, overwrite: options.overwrite)

        // Inputs, labels, patients, split.
        let outputInsideInput = output.hasPrefix(input.hasSuffix("/") ? input : input + "/")
        let inputs = NIfTIInputs.scan(input, excluding: outputInsideInput ? output : nil)
        guard !inputs.volumes.isEmpty else {
            throw PipelineError(path: options.input, reason: "no NIfTI volumes (.nii, .nii.gz, .hdr/.img) found (\(inputs.ignored.count) other file\(inputs.ignored.count == 1 ? "" : "s"))")
        }
        let labelRows = try options.labels.map { try LabelsFile.load($0).match(inputs.volumes) }
        var plans = makePlans(inputs.volumes, labels: labelRows, options: options)
        let patientIDs = Array(Set(plans.map(\.patient)))
        let assignment = options.split.assign(patients: patientIDs, seed: options.seed)
        for i in plans.indices { plans[i].split = assignment[plans[i].patient] ?? .train }
        var warnings: [String] = []
        let perSplit = options.split.counts(patientIDs.count)
        for s in DatasetSplit.dealt {
            let wanted = s == .train ? options.split.train : s == .val ? options.split.val : options.split.test
            if wanted > 1e-9, perSplit[s, default: 0] == 0 {
                warnings.append("split '\(s.rawValue)' (fraction \(wanted)) has no patient: only \(patientIDs.count) patient\(patientIDs.count == 1 ? "" : "s")")
            }
        }

        // Output folders.
        if options.overwrite { try clearPreviousOutput(output) }
        do {
            for folder in Set(plans.map { "\($0.split.rawValue)/\($0.className)" }).sorted() {
                try fm.createDirectory(atPath: output + "/" + folder, withIntermediateDirectories: true)
            }
        } catch {
            throw PipelineError(path: options.output, reason: "cannot create the output folders: \(error.localizedDescription)")
        }

        // Slice the volumes in parallel.
        let slots = ConcurrentSlots<(SlicesSummary.VolumeResult, [SliceRecord])>(count: plans.count)
        progress?(.slicing(done: 0, total: plans.count, name: ""))
        let frozen = plans
        DispatchQueue.concurrentPerform(iterations: frozen.count) { n in
            let result = slice(frozen[n], input: input, output: output, options: options)
            slots.set(n, result)
            let done = slots.increment()
            progress?(.slicing(done: done, total: frozen.count, name: frozen[n].source))
        }
        var results: [SlicesSummary.VolumeResult] = []
        var records: [SliceRecord] = []
        for (n, slot) in slots.values.enumerated() {
            if let (r, recs) = slot {
                results.append(r)
                records += recs
            } else {
                let p = frozen[n]
                results.append(.init(source: p.source, status: .failed, patient: p.patient, className: p.className, split: p.split,
                                     slicesWritten: 0, warnings: [], reason: "not processed"))
            }
        }
        records.sort { $0.file < $1.file }

        // Index and summary.
        var patientsBySplit: [String: [String]] = [:]
        for s in DatasetSplit.dealt {
            patientsBySplit[s.rawValue] = assignment.filter { $0.value == s }.map(\.key).sorted()
        }
        let index = SlicesIndex(tool: "medsynth slices \(MedsynthVersion.current)", axis: options.axis, size: options.size,
                                bitDepth: options.grayLevels.rawValue, convention: options.convention, window: options.window,
                                foregroundThreshold: options.foreground, selection: options.selection,
                                interpolation: options.interpolation, seed: options.seed, split: options.split,
                                patients: patientsBySplit, slices: records)
        var counts: [String: [String: Int]] = [:]
        for r in records { counts[r.split.rawValue, default: [:]][r.className, default: 0] += 1 }
        try AtomicFile.write(Array(index.csv().utf8), to: output + "/index.csv")
        try AtomicJSON.write(index, to: output + "/index.json")
        let summary = SlicesSummary(
            input: options.input, output: options.output, axis: options.axis, size: options.size,
            bitDepth: options.grayLevels.rawValue, seed: options.seed, split: options.split, filesSeen: inputs.filesSeen,
            volumes: results, ignoredFiles: inputs.ignored, counts: counts,
            patients: patientsBySplit.mapValues(\.count), warnings: warnings, seconds: Date().timeIntervalSince(start))
        try AtomicJSON.write(summary, to: output + "/summary.json")
        return summary
    }

    // MARK: - Steps

    /// Refuses an output folder that is the input, holds the input, or is not empty (unless overwrite).
    static func checkOutput(input: String, output: String, overwrite: Bool) throws {
        let fm = FileManager.default
        let i = input.hasSuffix("/") ? input : input + "/"
        let o = output.hasSuffix("/") ? output : output + "/"
        if i == o || i.hasPrefix(o) {
            throw PipelineError(path: output, reason: "the output folder must not be the input folder or contain it")
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output, isDirectory: &isDir) {
            guard isDir.boolValue else { throw PipelineError(path: output, reason: "exists and is not a folder") }
            let entries = ((try? fm.contentsOfDirectory(atPath: output)) ?? []).filter { $0 != ".DS_Store" }
            if !entries.isEmpty && !overwrite {
                throw PipelineError(path: output, reason: "the output folder is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies")); choose an empty or new folder, or pass --overwrite to replace a previous dataset there (its train/, val/, test/ folders and index/summary files)")
            }
        }
    }

    /// Removes what a previous run wrote: train/, val/, test/ and the top-level files.
    static func clearPreviousOutput(_ output: String) throws {
        let fm = FileManager.default
        for name in DatasetSplit.allCases.map(\.rawValue) + topLevelOutputs {
            let p = output + "/" + name
            if fm.fileExists(atPath: p) {
                do { try fm.removeItem(atPath: p) } catch {
                    throw PipelineError(path: p, reason: "cannot remove the previous output: \(error.localizedDescription)")
                }
            }
        }
    }

    /// Patient, class and a unique file-name prefix for every volume (split filled in later).
    static func makePlans(_ volumes: [String], labels: [String: LabelsFile.Row]?, options: SlicesOptions) -> [Plan] {
        var taken = Set<String>()
        return volumes.map { source in
            let row = labels?[source]
            let patient = row?.patient ?? PatientID.derive(relativePath: source)
            let safePatient = PatientID.fileSafe(patient)
            var volume = PatientID.fileSafe(PatientID.stem((source as NSString).lastPathComponent))
            if volume.hasPrefix(safePatient + "_"), volume.count > safePatient.count + 1 {
                volume = String(volume.dropFirst(safePatient.count + 1))
            }
            var id = volume, n = 2
            while taken.contains("\(safePatient)_\(id)".lowercased()) { id = "\(volume)-\(n)"; n += 1 }
            taken.insert("\(safePatient)_\(id)".lowercased())
            return Plan(source: source, patient: patient, className: row?.className ?? options.unlabeledClass,
                        split: .train, volumeID: id, filePrefix: "\(safePatient)_\(id)_")
        }
    }

    /// Reads and slices one volume; failures are recorded in the result, not thrown.
    static func slice(_ plan: Plan, input: String, output: String, options: SlicesOptions) -> (SlicesSummary.VolumeResult, [SliceRecord]) {
        do {
            let volume = try NIfTIReader.readVolume(at: input + "/" + plan.source)
            return slice(volume, plan: plan, output: output, options: options, choose: nil)
        } catch {
            var result = SlicesSummary.VolumeResult(source: plan.source, status: .failed, patient: plan.patient,
                                                    className: plan.className, split: plan.split, slicesWritten: 0, warnings: [])
            result.reason = "\(error)"
            return (result, [])
        }
    }

    /// Slices a volume made in memory (by a job that generates volumes rather than reads them)
    /// into `OUTPUT/{split}/{class}/{patient}_{volumeID}_{axis}{index}.png`, exactly as `run`
    /// slices a file. `choose` picks the slice indices (of `SliceExtractor`'s reoriented stack);
    /// nil applies `options.selection`. Failures are recorded in the result, not thrown.
    public static func slice(_ volume: Volume, source: String, patient: String, className: String, split: DatasetSplit,
                             volumeID: String, output: String, options: SlicesOptions,
                             choose: (@Sendable (SliceExtractor) -> [Int])? = nil) -> (SlicesSummary.VolumeResult, [SliceRecord]) {
        let safe = PatientID.fileSafe(patient)
        let plan = Plan(source: source, patient: patient, className: className, split: split, volumeID: volumeID,
                        filePrefix: "\(safe)_\(PatientID.fileSafe(volumeID))_")
        return slice(volume, plan: plan, output: output, options: options, choose: choose)
    }

    /// Slices one volume; failures are recorded in the result (and its PNGs removed), not thrown.
    /// The selected slices are resized and written in parallel.
    static func slice(_ volume: Volume, plan: Plan, output: String, options: SlicesOptions,
                      choose: (@Sendable (SliceExtractor) -> [Int])?) -> (SlicesSummary.VolumeResult, [SliceRecord]) {
        var result = SlicesSummary.VolumeResult(source: plan.source, status: .failed, patient: plan.patient,
                                                className: plan.className, split: plan.split, slicesWritten: 0, warnings: [])
        let folder = "\(plan.split.rawValue)/\(plan.className)/"
        var written: [String] = []
        do {
            result.shape = volume.shape
            result.orientation = volume.geometry.orientationCode
            if volume.frames > 1 { result.warnings.append("4D volume with \(volume.frames) frames: only the first frame is sliced") }
            let extractor = try SliceExtractor(volume, axis: options.axis, convention: options.convention)
            let nonFinite = extractor.volume.nonFiniteCount
            if nonFinite > 0 { result.warnings.append("\(nonFinite) NaN or infinite voxels, shown as black (NaN, -inf) or white (+inf)") }
            // One pass for every percentile the window and the foreground threshold need.
            let table = try Percentiles.table(extractor.volume, options.window.requiredPercentiles + options.foreground.requiredPercentiles)
            let window = options.window.resolve(percentiles: table ?? [:])
            result.window = window
            if !(window.high > window.low) { result.warnings.append("empty intensity window (constant volume?): all pictures are black") }
            let fractions = extractor.foregroundFractions(threshold: options.foreground.resolve(percentiles: table))
            let selected = try choose.map { $0(extractor).filter { (0..<extractor.count).contains($0) } }
                ?? options.selection.select(count: extractor.count) { fractions[$0] }
            result.slicesAvailable = extractor.count
            if selected.isEmpty { result.warnings.append("no slice passed the selection") }

            let resample = ResampleOptions(interpolation: options.interpolation, fill: 0, antialias: true)
            let slots = ConcurrentSlots<Result<SliceRecord, any Error>>(count: selected.count)
            DispatchQueue.concurrentPerform(iterations: selected.count) { n in
                let k = selected[n]
                let name = plan.filePrefix + options.axis.rawValue + String(format: "%03d", k) + ".png"
                do {
                    let s = try extractor.slice(k)
                    let square = try SliceResizer.resize(try window.normalized(s.image), size: options.size, options: resample)
                    let gray = try options.grayLevels.quantize(square)
                    try PNGCodec.write(gray, to: output + "/" + folder + name, compressionLevel: options.compressionLevel)
                    slots.set(n, .success(SliceRecord(
                        file: folder + name, patient: plan.patient, className: plan.className, split: plan.split,
                        source: plan.source, volume: plan.volumeID, axis: options.axis.rawValue, slice: k,
                        centre: s.centre, foreground: fractions[k])))
                } catch {
                    slots.set(n, .failure(error))
                }
            }
            var records: [SliceRecord] = []
            var firstError: (any Error)?
            for slot in slots.values {
                switch slot {
                case .success(let r)?:
                    records.append(r)
                    written.append(output + "/" + r.file)
                case .failure(let e)?:
                    if firstError == nil { firstError = e }
                case nil:
                    if firstError == nil { firstError = PipelineError(path: plan.source, reason: "a slice was not processed") }
                }
            }
            if let e = firstError { throw e }
            result.slicesWritten = records.count
            result.status = .sliced
            return (result, records)
        } catch {
            for p in written { unlink(p) }
            result.reason = "\(error)"
            return (result, [])
        }
    }
}
