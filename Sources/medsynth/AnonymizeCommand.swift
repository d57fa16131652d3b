import Anonymization
import ArgumentParser
import Foundation
import Pipelines

struct AnonymizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymize",
        abstract: "De-identify a DICOM archive by the PS3.15 Annex E profile, with keyed pseudonyms.",
        discussion: """
        Applies DICOM PS3.15 (2024b) Table E.1-1, the Basic Application Level Confidentiality
        Profile and any of its options, at every depth of every file. UIDs become keyed
        2.25 UIDs, Patient ID and name a keyed pseudonym (or --lookup's entry), so every run,
        machine and shard with the same key agrees. Files that may carry burned-in text go to
        quarantine unless a --redact-regions rule matches them; --ocr report reads their pixels
        with Tesseract and logs the text boxes still there, --ocr redact also blanks them (and
        releases at-risk files no rule matches). Outputs are written to a
        temporary name and renamed; a re-run skips what is done. The release is
        OUTPUT/<pseudonym>/st-<study>/<series>/<instance>-<file token>.dcm; the quarantine,
        the per-file log and the temporary folder sit beside it (OUTPUT-quarantine,
        OUTPUT-log.jsonl, OUTPUT-tmp). Exit status: 0 all written, 1 some files quarantined
        or failed, 2 the run could not start.

        Options (--option, repeatable): retain-safe-private, retain-uids, retain-device-identity,
        retain-institution-identity, retain-patient-characteristics, retain-full-dates,
        retain-modified-dates, clean-descriptors, clean-structured-content, clean-graphics.

        Examples:
          medsynth anonymize ./archive -o ./release --key-file ~/keys/site.key --create-key
          medsynth anonymize ./archive -o ./release --key-file site.key --option retain-modified-dates --option clean-descriptors
          medsynth anonymize ./archive -o ./release --key-file site.key --recipe site.yaml --redact-regions screens.yaml --json run.json
          medsynth anonymize ./archive -o ./release --key-file site.key --redact-regions screens.yaml --ocr report
          medsynth anonymize ./archive -o ./release --key-file site.key --ocr redact
          medsynth anonymize ./archive -o /shared/release --key-file site.key --shard $SLURM_ARRAY_TASK_ID/8
        """)

    @Argument(help: "Folder of DICOM files (searched recursively) or one file.")
    var input: String

    @Option(name: [.short, .customLong("out")], help: "Release folder (created if missing; never inside the input).")
    var output: String

    @Option(name: .customLong("key-file"), help: "Secret key file for the keyed pseudonyms (keep it; same key, same pseudonyms).")
    var keyFile: String

    @Flag(name: .customLong("create-key"), help: "Create the key file (32 random bytes, owner-only) if it does not exist.")
    var createKey = false

    @Option(name: .customLong("option"), help: "A profile option to apply (repeatable; see above).")
    var profileOptions: [String] = []

    @Flag(name: .customLong("remove-unlisted"), help: "Remove every attribute the table does not list, except pixel description, geometry and acquisition numbers.")
    var removeUnlisted = false

    @Option(name: .customLong("compound"), help: "How compound codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) resolve: conformant (keep Type 1/2 slots) or remove.")
    var compound = "conformant"

    @Option(name: .customLong("lookup"), help: "CSV of original Patient ID -> pseudonym to use instead of keyed pseudonyms.")
    var lookup: String?

    @Option(name: .customLong("recipe"), help: "YAML recipe of per-tag overrides (keep, remove, empty, replace, hash).")
    var recipe: String?

    @Option(name: .customLong("redact-regions"), help: "YAML rules of pixel rectangles to blank per manufacturer/model/size.")
    var redactRegions: String?

    @Option(name: .customLong("ocr"), help: "OCR of at-risk files (Tesseract): off, report (log text boxes), redact (also blank them).")
    var ocr = "off"

    @OptionGroup var ocrEngine: OCREngineOptions

    @Option(name: .customLong("date-shift-max"), help: "Largest date shift in days (dates move back by a per-patient keyed amount).")
    var dateShiftMax = 365

    @Option(name: .customLong("date-shift-min"), help: "Smallest date shift in days.")
    var dateShiftMin = 1

    @Option(help: "Worker threads (0 = one per core).")
    var jobs = 0

    @Option(help: "This machine's share I/N of the files (0-based), e.g. 0/4.")
    var shard = "0/1"

    @Option(name: .customLong("quarantine"), help: "Quarantine folder (default OUTPUT-quarantine).")
    var quarantine: String?

    @Option(name: .customLong("log"), help: "Per-file JSON-lines log (default OUTPUT-log.jsonl).")
    var log: String?

    @Flag(name: .customLong("log-input-paths"), help: "Also write input paths into the log (they often contain PHI).")
    var logInputPaths = false

    @Option(name: .customLong("json"), help: "Also write the summary as JSON to this file.")
    var jsonFile: String?

    func validate() throws {
        guard Shard(parsing: shard) != nil else { throw ValidationError("--shard must be I/N with 0 <= I < N, e.g. 0/4") }
        guard CompoundRule(rawValue: compound) != nil else { throw ValidationError("--compound must be conformant or remove") }
        for o in profileOptions where AnonymizeCommand.option(o) == nil {
            throw ValidationError("unknown --option \(o); choose from: \(AnonymizeCommand.optionNames.keys.sorted().joined(separator: ", "))")
        }
        guard OCRMode(rawValue: ocr) != nil else { throw ValidationError("--ocr must be off, report or redact") }
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 or more") }
    }

    static let optionNames: [String: ProfileOption] = [
        "retain-safe-private": .retainSafePrivate, "retain-uids": .retainUIDs, "retain-device-identity": .retainDeviceIdentity,
        "retain-institution-identity": .retainInstitutionIdentity, "retain-patient-characteristics": .retainPatientCharacteristics,
        "retain-full-dates": .retainLongitudinalFullDates, "retain-modified-dates": .retainLongitudinalModifiedDates,
        "clean-descriptors": .cleanDescriptors, "clean-structured-content": .cleanStructuredContent, "clean-graphics": .cleanGraphics,
    ]

    static func option(_ name: String) -> ProfileOption? { optionNames[name.lowercased()] }

    func run() throws {
        let bar = ProgressBar("anonymizing")
        let summary = try bar.run { () throws -> AnonymizeSummary in
            let profile = try DeidentificationOptions(options: Set(profileOptions.compactMap(AnonymizeCommand.option)),
                                                      compoundRule: CompoundRule(rawValue: compound) ?? .conformant,
                                                      removeUnlisted: removeUnlisted)
            let options = AnonymizeOptions(
                input: input, output: output, keyFile: keyFile, profile: profile, quarantine: quarantine, logPath: log,
                createKey: createKey, lookupTable: lookup, recipe: recipe, redactRegions: redactRegions,
                minimumShiftDays: dateShiftMin, maximumShiftDays: dateShiftMax, jobs: jobs,
                shard: Shard(parsing: shard) ?? .all, logInputPaths: logInputPaths, ocr: OCRMode(rawValue: ocr) ?? .off,
                ocrMinimumConfidence: ocrEngine.minConfidence, ocrLanguage: ocrEngine.language)
            return try AnonymizeJob.run(options) { event in
                if case .anonymizing(let d, let t) = event { bar.update(d, t) }
            }
        }
        for p in summary.unlisted { print("not listed   \(p.input): \(p.reason)") }
        for p in summary.skipped { print("skipped      \(p.input): \(p.reason)") }
        for p in summary.quarantined { print("QUARANTINED  \(p.input): \(p.reason)") }
        for p in summary.failed { print("FAILED       \(p.input): \(p.reason)") }
        print(String(format: "%d written, %d already there, %d skipped, %d quarantined, %d failed (of %d in shard %@, %d found) in %.2f s, %.0f files/s, %.1f MB read",
                     summary.written, summary.alreadyWritten, summary.skipped.count, summary.quarantined.count, summary.failed.count,
                     summary.filesInShard, summary.shard, summary.filesFound, summary.seconds, summary.filesPerSecond, summary.megabytesRead))
        if summary.pixelsRedacted > 0 { print("\(summary.pixelsRedacted) files had burned-in regions blanked") }
        if let engine = summary.ocrEngine, let read = summary.ocrFilesRead {
            print("OCR (\(engine)): \(read) at-risk files read, \(summary.ocrTextBoxes ?? 0) text boxes in \(summary.ocrFilesWithText ?? 0) of them"
                  + (ocr == "redact" ? ", blanked" : " (see ocr_text_boxes in the log)"))
        }
        if summary.duplicateSOPInstanceUIDs > 0 { print("\(summary.duplicateSOPInstanceUIDs) files repeat another file's SOP Instance UID (see the log)") }
        print("release: \(summary.output)   log: \(summary.log)" + (summary.quarantined.isEmpty ? "" : "   quarantine: \(summary.quarantine)"))
        if let jsonFile { try AtomicJSON.write(summary, to: jsonFile) }
        if summary.hasFailures { throw ExitCode(1) }
    }
}

/// Tesseract settings shared by `anonymize --ocr` and `audit phi --ocr`.
struct OCREngineOptions: ParsableArguments {
    @Option(name: .customLong("ocr-min-confidence"), help: "Ignore words Tesseract is less sure of (0-100; 0 keeps all).")
    var minConfidence = 0.0

    @Option(name: .customLong("ocr-language"), help: "Tesseract model(s), e.g. eng or eng+deu.")
    var language = "eng"

    func validate() throws {
        guard (0...100).contains(minConfidence) else { throw ValidationError("--ocr-min-confidence must be between 0 and 100") }
    }
}
