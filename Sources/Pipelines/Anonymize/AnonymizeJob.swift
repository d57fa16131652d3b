import Anonymization
import DICOM
import Foundation
import Imaging

/// `medsynth anonymize`: de-identifies a folder tree (or one file) into a release folder.
///
/// - Every input file ends in exactly one state, logged: written, already written (resume),
///   skipped (not DICOM), quarantined (corrupt, truncated, or at risk of burned-in text with no
///   redaction rule: the original is copied to the quarantine folder with a `.reason.txt`),
///   or failed (could not even be read or copied).
/// - Outputs are written under a temporary folder of this shard and renamed into place, so a
///   crash or `kill -9` never leaves a partial file in the release; a re-run skips files whose
///   output exists and, everything being keyed and deterministic, writes the same bytes.
/// - Files are handled on all cores, one file per worker at a time, so memory stays flat.
public enum AnonymizeJob {
    public enum Event: Sendable {
        case listing
        case anonymizing(done: Int, total: Int)
    }

    public static func run(_ options: AnonymizeOptions, progress: (@Sendable (Event) -> Void)? = nil) throws -> AnonymizeSummary {
        let start = Date()
        progress?(.listing)
        let paths = try Paths(options)
        let key: PseudonymKey
        if options.createKey && !FileManager.default.fileExists(atPath: options.keyFile) {
            key = try PseudonymKey.create(at: options.keyFile)
        } else {
            key = try PseudonymKey(contentsOf: options.keyFile)
        }
        let lookup = try options.lookupTable.map { try PseudonymLookupTable(contentsOf: $0) }
        let pseudonymizer = try Pseudonymizer(key: key, lookup: lookup, minimumShiftDays: options.minimumShiftDays,
                                              maximumShiftDays: options.maximumShiftDays)
        let recipe = try options.recipe.map { try Recipe(contentsOf: $0) }
        let rules = try options.redactRegions.map { try RedactionRules(contentsOf: $0) }
        // The engine is loaded before any work, so a missing Tesseract stops the run at once.
        let ocr = try options.ocr == .off ? nil : FileWorker.OCR(
            mode: options.ocr, reader: BurnedInTextReader(language: options.ocrLanguage, minimumConfidence: options.ocrMinimumConfidence))
        let deidentifier = Deidentifier(options: options.profile, pseudonymizer: pseudonymizer, recipe: recipe,
                                        software: "medsynth \(MedsynthVersion.current)")

        let tree = try FileTree.list(options.input, excluding: [paths.output, paths.quarantine, paths.temporary])
        let mine = tree.files.filter { options.shard.contains(relativePath: $0) }
        try createFolder(paths.output)
        try? FileManager.default.removeItem(atPath: paths.temporary)
        try createFolder(paths.temporary)
        // Temporary files are spread over 16 sub-folders by the first hex digit of their token:
        // workers creating files in one folder contend for its lock (a third of the kernel time
        // of a run on ext4 when they shared one folder).
        for digit in "0123456789abcdef" { try createFolder(paths.temporary + "/" + String(digit)) }
        defer { try? FileManager.default.removeItem(atPath: paths.temporary) }

        let log = try LogWriter(path: paths.log)
        let worker = FileWorker(paths: paths, tree: tree, deidentifier: deidentifier, rules: rules, ocr: ocr,
                                logInputPaths: options.logInputPaths, log: log)
        let jobs = options.jobs > 0 ? options.jobs : ProcessInfo.processInfo.activeProcessorCount
        let results = ConcurrentSlots<FileWorker.Result>.compute(count: mine.count, workers: jobs, { i in
            worker.process(mine[i])
        }, finished: { _, done in progress?(.anonymizing(done: done, total: mine.count)) })
        try log.finish()

        var summary = AnonymizeSummary(
            medsynthVersion: MedsynthVersion.current, input: options.input, output: paths.output, quarantine: paths.quarantine,
            log: paths.log, shard: options.shard.description,
            profile: ["basic"] + ProfileOption.allCases.filter { options.profile.options.contains($0) }.map(DeidentificationMethod.shortName),
            compoundRule: options.profile.compoundRule.rawValue, removeUnlisted: options.profile.removeUnlisted,
            dateShiftDays: options.profile.shiftsDates ? [-options.maximumShiftDays, -options.minimumShiftDays] : nil,
            filesFound: tree.files.count, filesInShard: mine.count, written: 0, alreadyWritten: 0,
            skipped: [], quarantined: [], failed: [], unlisted: tree.problems.map { .init(input: $0.path, reason: $0.reason) },
            pixelsRedacted: 0,
            ocrEngine: ocr?.reader.engineDescription, ocrFilesRead: ocr.map { _ in 0 }, ocrTextBoxes: ocr.map { _ in 0 },
            ocrFilesWithText: ocr.map { _ in 0 },
            duplicateSOPInstanceUIDs: worker.duplicates, actions: [:], warnings: 0,
            seconds: 0, filesPerSecond: 0, megabytesRead: 0)
        var tally = ActionTally()
        var bytes = 0
        for (i, r) in results.enumerated() {
            guard let r else {
                summary.failed.append(.init(input: mine[i], reason: "no result (internal error)"))
                continue
            }
            bytes += r.bytesRead
            tally = tally + r.tally
            summary.warnings += r.outcome.warnings?.count ?? 0
            if r.redacted { summary.pixelsRedacted += 1 }
            if r.readByOCR {
                let boxes = r.outcome.textBoxes?.count ?? 0
                summary.ocrFilesRead? += 1
                summary.ocrTextBoxes? += boxes
                if boxes > 0 { summary.ocrFilesWithText? += 1 }
            }
            let problem = AnonymizeSummary.Problem(input: mine[i], reason: r.outcome.reason ?? "")
            switch r.outcome.status {
            case .written: summary.written += 1
            case .alreadyWritten: summary.alreadyWritten += 1
            case .skipped: summary.skipped.append(problem)
            case .quarantined: summary.quarantined.append(problem)
            case .failed: summary.failed.append(problem)
            }
        }
        summary.actions = tally.counts
        summary.seconds = Date().timeIntervalSince(start)
        summary.filesPerSecond = summary.seconds > 0 ? Double(mine.count) / summary.seconds : 0
        summary.megabytesRead = Double(bytes) / 1_000_000
        return summary
    }

    static func createFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(path: path, reason: "cannot create folder: \(error.localizedDescription)")
        }
    }

    /// The folders of one run, checked: the output, quarantine and temporary folders are never
    /// inside the input (nor the input inside them).
    struct Paths: Sendable {
        let input: String
        let inputIsFile: Bool
        let output: String
        let quarantine: String
        let temporary: String
        let log: String

        init(_ o: AnonymizeOptions) throws {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: o.input, isDirectory: &isDir) else {
                throw PipelineError(path: o.input, reason: "no such file or folder")
            }
            input = AnonymizeOptions.trimmed(o.input)
            inputIsFile = !isDir.boolValue
            output = AnonymizeOptions.trimmed(o.output)
            quarantine = AnonymizeOptions.trimmed(o.quarantinePath)
            let shardSuffix = o.shard.count > 1 ? "-\(o.shard.index)of\(o.shard.count)" : ""
            temporary = output + "-tmp" + shardSuffix
            log = o.logPath ?? (output + "-log" + shardSuffix + ".jsonl")
            let inputReal = CanonicalPath.of(input)
            for (name, p) in [("output", output), ("quarantine", quarantine), ("log", log)] {
                let r = CanonicalPath.of(p)
                if r == inputReal || r.hasPrefix(inputReal + "/") {
                    throw PipelineError(path: p, reason: "the \(name) must not be inside the input \(input): choose a folder outside it")
                }
                if !inputIsFile && name != "log" && inputReal.hasPrefix(r + "/") {
                    throw PipelineError(path: p, reason: "the input \(input) is inside the \(name) folder: choose a folder outside it")
                }
            }
            if CanonicalPath.of(output) == CanonicalPath.of(quarantine) {
                throw PipelineError(path: quarantine, reason: "the quarantine must be a different folder from the output")
            }
        }
    }
}

/// Streams log lines to a temporary file, renamed into place when the run ends.
final class LogWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let path: String
    private let temporary: String
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    init(path: String) throws {
        self.path = path
        temporary = AtomicFile.temporaryPath(for: path)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try AnonymizeJob.createFolder(folder) }
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let h = FileHandle(forWritingAtPath: temporary) else {
            throw PipelineError(path: path, reason: "cannot create the log file")
        }
        handle = h
    }

    func append(_ outcome: FileOutcome) {
        guard var data = try? encoder.encode(outcome) else { return }
        data.append(0x0A)
        lock.lock()
        handle.write(data)
        lock.unlock()
    }

    func finish() throws {
        try handle.close()
        do { try AtomicFile.commit(temporary: temporary, to: path) } catch let e as AtomicFile.WriteError {
            throw PipelineError(path: path, reason: e.reason)
        }
    }
}
