import Anonymization
import DICOM
import Foundation
import Imaging

/// De-identifies one input file into the release (or the quarantine), and logs it.
final class FileWorker: @unchecked Sendable {
    struct Result: Sendable {
        var outcome: FileOutcome
        var tally: ActionTally
        var bytesRead: Int
        var redacted: Bool
        var readByOCR: Bool = false
    }

    /// OCR of at-risk files: the mode and the reader.
    struct OCR: Sendable {
        var mode: OCRMode
        var reader: BurnedInTextReader
    }

    let paths: AnonymizeJob.Paths
    let tree: FileTree
    let deidentifier: Deidentifier
    let rules: RedactionRules?
    let ocr: OCR?
    let logInputPaths: Bool
    let log: LogWriter
    private var seenSOP: [String: String] = [:]
    private var createdFolders = Set<String>()
    private(set) var duplicates = 0
    private let lock = NSLock()

    init(paths: AnonymizeJob.Paths, tree: FileTree, deidentifier: Deidentifier, rules: RedactionRules?, ocr: OCR?,
         logInputPaths: Bool, log: LogWriter) {
        self.paths = paths
        self.tree = tree
        self.deidentifier = deidentifier
        self.rules = rules
        self.ocr = ocr
        self.logInputPaths = logInputPaths
        self.log = log
    }

    func inputPath(_ relative: String) -> String {
        tree.rootIsFile ? paths.input : paths.input + "/" + relative
    }

    func process(_ relative: String) -> Result {
        let token = deidentifier.pseudonymizer.fileToken(relativePath: relative)
        var outcome = FileOutcome(inputID: token, input: logInputPaths ? relative : nil, status: .failed)
        var result = Result(outcome: outcome, tally: ActionTally(), bytesRead: 0, redacted: false)
        let path = inputPath(relative)
        do {
            try handle(path: path, relative: relative, token: token, outcome: &outcome, result: &result)
        } catch let e as DicomError {
            switch e.kind {
            case .notDicom:
                outcome.status = .skipped
                outcome.reason = e.reason
            case .unreadable:
                outcome.status = .failed
                outcome.reason = e.reason
            default:
                quarantine(path: path, relative: relative, reason: e.reason, outcome: &outcome)
            }
        } catch let e as AnonymizationError {
            quarantine(path: path, relative: relative, reason: e.reason, outcome: &outcome)
        } catch let e as PipelineError {
            outcome.status = .failed
            outcome.reason = e.reason
        } catch {
            outcome.status = .failed
            outcome.reason = "\(error)"
        }
        result.outcome = outcome
        log.append(outcome)
        return result
    }

    private func handle(path: String, relative: String, token: String, outcome: inout FileOutcome, result: inout Result) throws {
        var file = try DicomFile.read(path, options: .init(headerOnly: false, decodePixels: false))
        result.bytesRead = Int(fileSize(path))
        let original = file.dataset
        guard original.contains(Tags.sopInstanceUID) || original.contains(Tags.sopClassUID) else {
            throw AnonymizationError(.pixels, "not a composite instance: no SOP Class or Instance UID (a DICOMDIR or a fragment?)")
        }
        var pixelsCleaned = false
        var transferSyntax: TransferSyntax? = nil
        var pixelNote = "untouched"
        if let risk = BurnedInRisk.assess(original) {
            let rule = rules?.match(original)
            guard rule != nil || ocr?.mode == .redact else {
                let why = "may carry burned-in text (\(risk.reasons.joined(separator: "; "))) and no --redact-regions rule matches it"
                quarantine(path: path, relative: relative, reason: why, outcome: &outcome)
                return
            }
            pixelsCleaned = true
            var regions = rule?.regions ?? []
            var notes: [String] = []
            if let rule {
                notes.append(rule.regions.isEmpty ? "reviewed clean by rule \"\(rule.name)\""
                                                  : "redacted \(rule.regions.count) region(s) by rule \"\(rule.name)\"")
            } else {
                notes.append("no --redact-regions rule")
            }
            if let ocr {
                // OCR reads the pixels as they will be released: after the rule's regions are blanked.
                if file.transferSyntax.isEncapsulated && file.decodedPixels == nil {
                    file = try DicomFile.read(path, options: .full)
                }
                let found = try ocr.reader.read(file, blanking: regions)
                result.readByOCR = true
                outcome.textBoxes = found
                if ocr.mode == .redact {
                    regions += found.map(\.region)
                    notes.append("OCR blanked \(found.count) text box(es)")
                } else {
                    notes.append("OCR found \(found.count) text box(es) (reported, not blanked)")
                }
            }
            if !regions.isEmpty {
                if file.transferSyntax.isEncapsulated && file.decodedPixels == nil {
                    file = try DicomFile.read(path, options: .full)
                }
                file.dataset = try PixelRedactor.redact(file, regions: regions)
                transferSyntax = .explicitVRLittleEndian
                result.redacted = true
            }
            pixelNote = notes.joined(separator: "; ")
            file.dataset.set(DataElement(tag: Tags.burnedInAnnotation, vr: .CS, strings: ["NO"]))
        }
        let deid = deidentifier.deidentify(file.dataset, pixelsCleaned: pixelsCleaned)
        result.tally = deid.tally
        var warnings = deid.warnings
        if let sop = original.string(Tags.sopInstanceUID) {
            lock.lock()
            if let other = seenSOP[sop] {
                duplicates += 1
                warnings.append("duplicate SOP Instance UID: input \(other) has the same one; both are written")
            } else {
                seenSOP[sop] = token
            }
            lock.unlock()
        }
        let outRelative = ReleaseNaming.relativePath(original: original, deidentified: deid.dataset, fileToken: token,
                                                     pseudonymizer: deidentifier.pseudonymizer)
        let destination = paths.output + "/" + outRelative
        outcome.output = outRelative
        outcome.actions = deid.tally.counts
        outcome.pixels = pixelNote
        outcome.warnings = warnings.isEmpty ? nil : warnings
        if FileManager.default.fileExists(atPath: destination) {
            outcome.status = .alreadyWritten
            return
        }
        try createFolderOnce((destination as NSString).deletingLastPathComponent)
        let temporary = paths.temporary + "/" + String(token.prefix(1)) + "/" + token + ".dcm"
        do {
            try DicomWriter.write(deid.dataset, to: temporary, transferSyntax: transferSyntax,
                                  originalTransferSyntax: file.transferSyntax, atomic: false)
            try AtomicFile.commit(temporary: temporary, to: destination)
        } catch {
            unlink(temporary)
            throw PipelineError(path: outRelative, reason: "cannot write: \((error as? DicomError)?.reason ?? "\(error)")")
        }
        outcome.status = .written
    }

    /// Creates a release folder the first time a file goes into it (folders are shared by many files).
    private func createFolderOnce(_ folder: String) throws {
        lock.lock()
        let known = createdFolders.contains(folder)
        lock.unlock()
        if known { return }
        try AnonymizeJob.createFolder(folder)
        lock.lock()
        createdFolders.insert(folder)
        lock.unlock()
    }

    /// Copies the original to the quarantine folder (same relative path) with a `.reason.txt` beside it.
    private func quarantine(path: String, relative: String, reason: String, outcome: inout FileOutcome) {
        outcome.reason = reason
        let destination = paths.quarantine + "/" + (tree.rootIsFile ? (relative as NSString).lastPathComponent : relative)
        do {
            try AnonymizeJob.createFolder((destination as NSString).deletingLastPathComponent)
            guard let data = FileManager.default.contents(atPath: path) else {
                outcome.status = .failed
                outcome.reason = reason + "; and it cannot be read to copy it to the quarantine"
                return
            }
            try AtomicFile.write(data, to: destination)
            try AtomicFile.write(Array((reason + "\n").utf8), to: destination + ".reason.txt")
            outcome.status = .quarantined
        } catch {
            outcome.status = .failed
            outcome.reason = reason + "; and copying it to the quarantine failed: \(error)"
        }
    }

    private func fileSize(_ path: String) -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_size) : 0
    }
}
