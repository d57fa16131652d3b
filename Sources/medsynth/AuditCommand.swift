import Anonymization
import ArgumentParser
import Foundation
import Pipelines

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit a data release before it leaves the building.",
        discussion: """
        Examples:
          medsynth audit phi ./release --original ./archive --key-file site.key
          medsynth audit phi ./release --manifest demo/manifest.json --json a.json
        """,
        subcommands: [PHI.self])

    struct PHI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "phi",
            abstract: "Find protected health information left in a de-identified DICOM release.",
            discussion: """
            Reads every file of OUTPUT (recursively) and every element of every
            DICOM file (private and nested ones included; pixels are read only
            for the checks below that need them) and reports, by kind:

              person_name        a person name (PN) other than empty, ANONYMIZED
                                 or (Patient's Name) the Patient ID pseudonym
              unshifted_date     a date in a file not marked MODIFIED (0028,0303),
                                 or a date of the original patient or file
              identifier         a value of an identifying attribute of the
                                 original, anywhere (inside descriptions and
                                 comments too, case and punctuation ignored)
              original_uid       a UID of the original archive
              path_name          an identifier in a file or folder name
              unredacted_pixels  a file at risk of burned-in text without the
                                 Clean Pixel Data code 113101
              pixel_text         (--ocr) text Tesseract reads in the pixels of a
                                 file at risk of burned-in text (US, XA, ES,
                                 secondary captures, screenshots, flagged files)
              planted_phi        a value planted by `medsynth demo-data`
                                 (--manifest), including burned-in text boxes
                                 that are not blank
              unreadable         a file that looks like DICOM but cannot be read

            --original gives the identifiers, UIDs and dates to look for;
            --manifest gives every value planted in a simulated archive.
            --key-file (the anonymizer's key, and --lookup if it used one) finds
            each patient's pseudonym and each input file's output file: the
            per-patient date check and the burned-in text boxes need it. Checks
            that cannot run are named in notes.

            A finding never shows the PHI value, only its kind and length. The
            terminal shows --show findings per kind; --json writes them all.
            Non-DICOM files are listed, their names checked and their text
            searched (unless --no-text-files).

            Exit status: 0 no finding, 1 findings, 2 the audit could not run
            (unreadable manifest, original folder or key), 64 bad usage.

            Examples:
              medsynth audit phi ./release --original ./archive --key-file k.key
              medsynth audit phi ./release --manifest demo/manifest.json \\
                  --key-file k.key --json phi-audit.json
              medsynth audit phi ./release --exclude quarantine --show 50
              medsynth audit phi ./release --original ./archive --ocr
            """)

        @Argument(help: "The de-identified release (a folder).")
        var output: String

        @Option(help: "The original archive the release was made from.")
        var original: String?

        @Option(help: "A simulated archive's manifest.json (medsynth demo-data).")
        var manifest: String?

        @Option(name: .customLong("key-file"), help: "The anonymizer's key file.")
        var keyFile: String?

        @Option(name: .customLong("lookup"), help: "The anonymizer's CSV of Patient ID pseudonyms, if it used one.")
        var lookupFile: String?

        @Option(name: .customLong("exclude"), help: "A folder of OUTPUT to leave out (repeatable), e.g. a quarantine folder.")
        var excluded: [String] = []

        @Option(name: .customLong("json"), help: "Also write the report (every finding) as JSON to this file.")
        var jsonFile: String?

        @Option(help: "Findings shown per kind on the terminal.")
        var show = 10

        @Flag(name: .customLong("no-text-files"), help: "Do not search the text of non-DICOM files.")
        var noTextFiles = false

        @Flag(name: .customLong("ocr"), help: "Read the pixels of at-risk files with OCR (Tesseract); text found is a finding.")
        var ocr = false

        @OptionGroup var ocrEngine: OCREngineOptions

        func validate() throws {
            guard show >= 0 else { throw ValidationError("--show must be 0 or more") }
            if lookupFile != nil && keyFile == nil { throw ValidationError("--lookup needs the --key-file it was used with") }
        }

        func run() throws {
            let options = PHIAuditOptions(output: output, original: original, manifest: manifest, keyFile: keyFile,
                                          lookupFile: lookupFile, excluded: excluded, scanOtherFiles: !noTextFiles,
                                          ocr: ocr, ocrMinimumConfidence: ocrEngine.minConfidence, ocrLanguage: ocrEngine.language)
            let originalBar = ProgressBar("original")
            let scanBar = ProgressBar("auditing")
            let pixelBar = ProgressBar("pixels  ")
            let ocrBar = ProgressBar("ocr     ")
            let report = try scanBar.run {
                defer { originalBar.finish(); pixelBar.finish(); ocrBar.finish() }
                return try PHIAuditJob.run(options) { event in
                    switch event {
                    case .readingOriginal(let d, let t): originalBar.update(d, t)
                    case .scanning(let d, let t): originalBar.finish(); scanBar.update(d, t)
                    case .pixels(let d, let t): scanBar.finish(); pixelBar.update(d, t)
                    case .ocr(let d, let t): scanBar.finish(); pixelBar.finish(); ocrBar.update(d, t)
                    }
                }
            }
            printReport(report)
            if let jsonFile {
                do { try AtomicJSON.write(report, to: jsonFile) } catch {
                    Output.stderr("error: \(error)")
                    throw ExitCode(2)
                }
            }
            if !report.clean { throw ExitCode(1) }
        }

        func printReport(_ report: PHIAuditReport) {
            for kind in PHIFinding.Kind.allCases {
                let found = report.findings(kind)
                guard !found.isEmpty else { continue }
                print("\(kind.rawValue): \(found.count)")
                for f in found.prefix(show) {
                    let place = [f.file, f.attribute].compactMap { $0 }.joined(separator: "  ")
                    print("  \(place)  \(f.hint)")
                }
                if found.count > show { print("  ... and \(found.count - show) more\(jsonFile == nil ? " (--json lists all)" : "")") }
            }
            for note in report.notes { print("note: \(note)") }
            let n = report.needles
            print("searched for \(n.identifiers) identifiers and \(n.uids) UIDs; \(report.filesScanned) DICOM files, \(report.otherFiles.count) other files, \(report.foldersChecked) folders")
            if let t = report.pixelText {
                print("OCR (\(t.engine)): \(t.files) at-risk files read, \(t.textBoxes) text boxes found")
            }
            if let b = report.pixelBoxes {
                print("burned-in text: \(b.files) files with planted boxes: \(b.checked) checked, \(b.absent) absent from the release, \(b.unchecked) not checked")
            }
            if report.clean {
                print(String(format: "no finding (%.2f s)", report.seconds))
            } else {
                let counts = PHIFinding.Kind.allCases.compactMap { k in report.counts[k.rawValue].flatMap { $0 > 0 ? "\($0) \(k.rawValue)" : nil } }
                print("\(report.findings.count) findings: \(counts.joined(separator: ", "))" + String(format: " (%.2f s)", report.seconds))
            }
        }
    }
}
