import Anonymization
import DICOM
import Foundation
import Imaging
import Phantoms

/// `medsynth audit phi`: walks a de-identified release and reports every place where protected
/// health information survived (see `DatasetAuditor` for the checks on each file):
///
/// 1. Needles: with `original`, every file of the original archive is read (header only, in
///    parallel) for its identifying values, UIDs and dates (`OriginalIdentifiers`); with
///    `manifest`, every planted value of a simulated archive (`ManifestNeedles`).
/// 2. Every file of the release is read header-only, in parallel, and audited; every folder
///    and file name is checked; non-DICOM files are listed and their text searched; files that
///    look like DICOM but cannot be read are findings (`unreadable`).
/// 3. Output files are matched to their inputs (same relative path, or with the key the file
///    token in the name): a date still equal to the input file's at the same attribute is
///    `unshifted_date`, a planted value still at its manifest location is `planted_phi`, and
///    the manifest's burned-in text boxes must be blank in the output file (or the file absent).
///
/// 4. With `ocr`, the pixels of every release file at risk of burned-in text (by class, modality
///    or flag: `BurnedInRisk`) are read by Tesseract; each file with text is a `pixel_text` finding.
///
/// The report lists every finding with a masked hint, never a PHI value.
public enum PHIAuditJob {
    /// Progress events (called from worker threads).
    public enum Event: Sendable {
        case readingOriginal(done: Int, total: Int)
        case scanning(done: Int, total: Int)
        case pixels(done: Int, total: Int)
        case ocr(done: Int, total: Int)
    }

    public static func run(_ options: PHIAuditOptions, progress: (@Sendable (Event) -> Void)? = nil) throws -> PHIAuditReport {
        let start = Date()
        var notes: [String] = []
        // The OCR engine is loaded first, so a missing Tesseract stops the audit before any work.
        let ocrReader = try options.ocr ? BurnedInTextReader(language: options.ocrLanguage, minimumConfidence: options.ocrMinimumConfidence) : nil
        let workers = max(1, options.workers)
        let tree = try AuditTree.list(options.output, excluding: options.excluded)
        let pseudonymizer: Pseudonymizer?
        if let keyFile = options.keyFile {
            let lookup = try options.lookupFile.map { try PseudonymLookupTable(contentsOf: $0) }
            pseudonymizer = try Pseudonymizer(key: PseudonymKey(contentsOf: keyFile), lookup: lookup)
        } else if let lookup = options.lookupFile {
            throw PipelineError(path: lookup, reason: "a lookup table is used with the key (--key-file) it was used with")
        } else {
            pseudonymizer = nil
        }
        var needles = PHINeedles()

        // Needles from the original archive.
        var originalDates: [String: [AttributePath: [String]]] = [:]
        var originalRead: Int?, originalUnreadable: Int?
        if let original = options.original {
            let originals = try AuditTree.list(original)
            let read = ConcurrentSlots<OriginalIdentifiers?>.compute(count: originals.files.count, workers: workers, { i in
                guard let f = try? DicomFile.read(originals.absolute(originals.files[i]), options: .header) else { return nil }
                return OriginalIdentifiers.extract(from: f.dataset)
            }, finished: { _, done in progress?(.readingOriginal(done: done, total: originals.files.count)) })
            var n = 0
            for (i, slot) in read.enumerated() {
                guard let ids = slot ?? nil else { continue }
                n += 1
                needles.add(ids, pseudonym: ids.patientID.flatMap { id in pseudonymizer?.patientID(id) })
                if !ids.dates.isEmpty { originalDates[originals.files[i]] = ids.dates }
            }
            originalRead = n
            originalUnreadable = originals.files.count - n
            if n == 0 { notes.append("no DICOM file could be read under the original folder: it gave no identifiers") }
            if originals.files.count > n {
                notes.append("\(originals.files.count - n) files under the original folder are not DICOM or cannot be read: they gave no identifiers")
            }
            if pseudonymizer == nil {
                notes.append("the per-patient date check needs --key-file (to find each patient's pseudonym): dates were compared per patient only where the release kept the original Patient ID, and per file only where the release kept the original file paths")
            }
        }

        // Needles from a manifest.
        var manifestNeedles: ManifestNeedles?
        if let manifestPath = options.manifest {
            let manifest = try ManifestNeedles.read(manifestPath)
            manifestNeedles = ManifestNeedles(manifest, needles: &needles, pseudonymizer: pseudonymizer)
            if pseudonymizer == nil {
                notes.append("without --key-file the output files of the manifest's files are found only where the release kept their paths; the planted dates of each patient are checked per patient only where the release kept the original Patient ID")
            }
        }
        if options.original == nil && options.manifest == nil {
            notes.append("neither --original nor --manifest given: only person names, dates of files not marked MODIFIED and burned-in pixels were checked; identifiers and UIDs need the original archive or a manifest")
            if options.keyFile != nil { notes.append("--key-file is used only with --original or --manifest") }
        }

        // The release.
        let auditor = DatasetAuditor(needles: needles)
        let map = ReleaseFileMap(outputFiles: tree.files, pseudonymizer: pseudonymizer)
        var originalOfOutput: [String: String] = [:]
        for source in originalDates.keys { if let o = map.locate(source) { originalOfOutput[o] = source } }
        var manifestOfOutput: [String: String] = [:]
        for source in (manifestNeedles?.locations.keys).map(Array.init) ?? [] {
            if let o = map.locate(source) { manifestOfOutput[o] = source }
        }
        let originalOf = originalOfOutput, manifestOf = manifestOfOutput
        let datesOfOriginals = originalDates, locations = manifestNeedles?.locations ?? [:]
        let scans = ConcurrentSlots<FileScan>.compute(count: tree.files.count, workers: workers, { i in
            let rel = tree.files[i]
            return scan(tree.absolute(rel), relative: rel, auditor: auditor, options: options,
                        originalDates: originalOf[rel].flatMap { datesOfOriginals[$0] },
                        locations: manifestOf[rel].flatMap { locations[$0] } ?? [])
        }, finished: { _, done in progress?(.scanning(done: done, total: tree.files.count)) })

        var findings: [PHIFinding] = []
        var scanned = 0, unreadable = 0, unmarked = 0
        var others: [String] = []
        var atRisk: [String] = []
        for (i, slot) in scans.enumerated() {
            let s = slot ?? FileScan(kind: .unreadable, findings: [PHIFinding(kind: .unreadable, file: tree.files[i], hint: "not read")])
            findings += s.findings
            switch s.kind {
            case .dicom(let marked, let risky): scanned += 1; if !marked { unmarked += 1 }; if risky { atRisk.append(tree.files[i]) }
            case .unreadable: scanned += 1; unreadable += 1
            case .other: others.append(tree.files[i])
            }
        }
        for folder in tree.folders { findings += auditor.auditName(folder, isFolder: true) }
        for file in tree.files { findings += auditor.auditName(file, isFolder: false) }
        if let m = manifestNeedles { findings += m.folderFindings(outputFolders: Set(tree.folders)) }
        if unmarked > 0 {
            notes.append("\(unmarked) DICOM files lack Patient Identity Removed (0012,0062) = YES")
        }
        if !others.isEmpty {
            notes.append("\(others.count) files are not DICOM: their names were checked\(options.scanOtherFiles ? " and their text searched when they are text" : "")")
        }

        // Burned-in text boxes of the manifest.
        var boxes: PHIAuditReport.PixelBoxes?
        if let m = manifestNeedles, !m.pixelBoxes.isEmpty {
            var counts = PHIAuditReport.PixelBoxes(files: m.pixelBoxes.count, checked: 0, absent: 0, unchecked: 0)
            var found: [(source: String, output: String)] = []
            for source in m.pixelBoxes.keys.sorted() {
                if let o = map.locate(source) { found.append((source, o)) } else if pseudonymizer != nil { counts.absent += 1 } else {
                    counts.unchecked += 1
                }
            }
            let toCheck = found
            let checked = ConcurrentSlots<[PHIFinding]>.compute(count: toCheck.count, workers: workers, { i in
                PixelBoxCheck.findings(path: tree.absolute(toCheck[i].output), file: toCheck[i].output, planted: m.pixelBoxes[toCheck[i].source] ?? [])
            }, finished: { _, done in progress?(.pixels(done: done, total: toCheck.count)) })
            for c in checked { findings += c ?? [] }
            counts.checked = toCheck.count
            if counts.unchecked > 0 {
                notes.append("the burned-in text boxes of \(counts.unchecked) files were not checked: their output files cannot be found without --key-file")
            }
            boxes = counts
        }

        // OCR of the at-risk files.
        var pixelText: PHIAuditReport.PixelText?
        if let reader = ocrReader {
            let files = atRisk
            let read = ConcurrentSlots<PixelTextCheck.Result>.compute(count: files.count, workers: workers, { i in
                PixelTextCheck.check(path: tree.absolute(files[i]), file: files[i], reader: reader)
            }, finished: { _, done in progress?(.ocr(done: done, total: files.count)) })
            var boxes = 0
            for r in read {
                boxes += r?.boxes ?? 0
                findings += r?.findings ?? []
            }
            pixelText = PHIAuditReport.PixelText(engine: reader.engineDescription, files: files.count, textBoxes: boxes)
        }

        return PHIAuditReport(
            output: options.output, original: options.original, manifest: options.manifest, keyUsed: pseudonymizer != nil,
            filesScanned: scanned, filesUnreadable: unreadable, otherFiles: others, foldersChecked: tree.folders.count,
            originalFilesRead: originalRead, originalFilesUnreadable: originalUnreadable,
            needles: PHIAuditReport.Needles(identifiers: needles.identifiers.count, uids: needles.uids.count,
                                            patientsWithDates: needles.patientDates.count, rejected: needles.rejected),
            pixelBoxes: boxes, pixelText: pixelText, findings: deduplicated(findings), notes: notes, seconds: Date().timeIntervalSince(start))
    }

    /// What one file of the release turned out to be, and its findings.
    struct FileScan: Sendable {
        enum Kind: Sendable {
            /// `atRisk`: the class, modality or flag says the pixels may carry burned-in text.
            case dicom(marked: Bool, atRisk: Bool)
            case unreadable
            case other
        }
        var kind: Kind
        var findings: [PHIFinding]
    }

    static func scan(_ path: String, relative: String, auditor: DatasetAuditor, options: PHIAuditOptions,
                     originalDates: [AttributePath: [String]]?, locations: [PlantedLocation]) -> FileScan {
        do {
            let f = try DicomFile.read(path, options: .header)
            let ds = f.dataset
            var findings = auditor.audit(ds, meta: f.meta, file: relative, originalDates: originalDates)
            let marking = ds.string(Tag(0x0028, 0x0303))?.trimmingCharacters(in: .whitespaces).uppercased()
            for l in locations { if let x = l.finding(in: ds, file: relative, marking: marking) { findings.append(x) } }
            let marked = ds.string(Tag(0x0012, 0x0062))?.trimmingCharacters(in: .whitespaces).uppercased() == "YES"
            return FileScan(kind: .dicom(marked: marked, atRisk: BurnedInRisk.assess(ds) != nil), findings: findings)
        } catch let e as DicomError where e.kind == .notDicom {
            guard options.scanOtherFiles, let text = textContent(path) else { return FileScan(kind: .other, findings: []) }
            return FileScan(kind: .other, findings: auditor.auditText(text, file: relative))
        } catch let e as DicomError {
            return FileScan(kind: .unreadable, findings: [PHIFinding(kind: .unreadable, file: relative, hint: "cannot be read: \(e.reason)")])
        } catch {
            return FileScan(kind: .unreadable, findings: [PHIFinding(kind: .unreadable, file: relative, hint: "cannot be read: \(error)")])
        }
    }

    /// The bytes of a file that looks like text (no NUL in its first 8 KiB, not too large).
    static func textContent(_ path: String) -> [UInt8]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, size.intValue <= PHIAuditOptions.maximumTextFileBytes,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard !bytes.prefix(8192).contains(0) else { return nil }
        return bytes
    }

    /// One finding per kind, file, attribute and identifier kind (the first one found), sorted.
    static func deduplicated(_ findings: [PHIFinding]) -> [PHIFinding] {
        var seen = Set<String>()
        var out: [PHIFinding] = []
        for f in findings where seen.insert("\(f.kind.rawValue)|\(f.file)|\(f.attribute ?? "")|\(f.identifierKind ?? "")").inserted {
            out.append(f)
        }
        return out.sorted { a, b in
            (a.kind, a.file, a.attribute ?? "", a.identifierKind ?? "") < (b.kind, b.file, b.attribute ?? "", b.identifierKind ?? "")
        }
    }
}
