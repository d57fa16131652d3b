import DICOM

/// The result of de-identifying one dataset.
public struct DeidentifiedDataset: Sendable {
    public var dataset: Dataset
    public var tally: ActionTally
    /// Problems worth a look, never containing PHI (attribute paths and reasons only).
    public var warnings: [String]
    /// The Patient ID written (pseudonym or lookup-table entry).
    public var patientPseudonym: String
    /// The date shift applied, in days (nil when dates were not shifted).
    public var dateShiftDays: Int?
}

/// Applies the PS3.15 Annex E profile (with the chosen options), keyed pseudonyms and a
/// site recipe to a dataset, at every depth. Pure: no files, no shared state, so any
/// number of threads, runs and machines give the same output for the same input and key.
///
/// Order of decisions for each element:
/// 1. a recipe rule for the tag;
/// 2. Patient ID and Patient's Name: the keyed pseudonym (or lookup-table entry);
/// 3. private elements: removed, unless Retain Safe Private keeps a listed safe attribute
///    (private creators stay exactly when an element of their block stays);
/// 4. overlay (60xx) and curve (50xx) groups: removed, or kept under Clean Graphics with their
///    text cleaned;
/// 5. the action of Table E.1-1 with the options applied (`ResolvedProfile`), compound codes
///    resolved by `CompoundRule`;
/// 6. attributes the table does not list: `UnlistedPolicy`.
public struct Deidentifier: Sendable {
    public let profile: ResolvedProfile
    public let pseudonymizer: Pseudonymizer
    public let recipe: Recipe?
    /// Written into De-identification Method (0012,0063), e.g. "medsynth 0.5.0".
    public let software: String

    public var options: DeidentificationOptions { profile.options }

    public init(options: DeidentificationOptions, pseudonymizer: Pseudonymizer, recipe: Recipe? = nil, software: String = "medsynth") {
        self.profile = ResolvedProfile(options)
        self.pseudonymizer = pseudonymizer
        self.recipe = recipe
        self.software = software
    }

    /// De-identifies `dataset` (the data set, not the file meta information).
    /// - Parameter pixelsCleaned: the pixel data was redacted (or reviewed clean by a rule);
    ///   adds the Clean Pixel Data Option code.
    public func deidentify(_ dataset: Dataset, pixelsCleaned: Bool = false) -> DeidentifiedDataset {
        let originalID = dataset.string(Tags.patientID) ?? ""
        var state = State(
            pseudonym: pseudonymizer.patientID(originalID),
            shiftDays: options.shiftsDates ? pseudonymizer.dateShiftDays(patientID: originalID) : nil,
            scrubber: TextScrubber(identifiersOf: dataset, profile: profile))
        if originalID.isEmpty {
            state.warnings.append("no Patient ID: the pseudonym and date shift are those of an empty ID, shared by every file without one")
        }
        var out = process(dataset, path: AttributePath(), state: &state)
        for e in DeidentificationMethod.elements(options: options, pixelsCleaned: pixelsCleaned, software: software) {
            out.set(e)
            state.tally.add(.added)
        }
        return DeidentifiedDataset(dataset: out, tally: state.tally, warnings: state.warnings,
                                   patientPseudonym: state.pseudonym, dateShiftDays: state.shiftDays)
    }

    struct State {
        var pseudonym: String
        var shiftDays: Int?
        var scrubber: TextScrubber
        var tally = ActionTally()
        var warnings: [String] = []
    }

    private func process(_ ds: Dataset, path: AttributePath, state: inout State) -> Dataset {
        var out: [DataElement] = []
        out.reserveCapacity(ds.count)
        var keptPrivateBlocks = Set<Tag>()
                for e in ds.elements {
            if e.tag.isPrivateCreator { continue }  // decided after their blocks
            if let r = apply(e, in: ds, path: path, state: &state) {
                if let c = e.tag.privateCreatorTag { keptPrivateBlocks.insert(c) }
                out.append(r)
            }
        }
        for e in ds.elements where e.tag.isPrivateCreator {
            if keptPrivateBlocks.contains(e.tag) { out.append(e) } else { state.tally.add(.privateRemoved) }
        }
        return Dataset(out)
    }

    /// The element to write in place of `e`, or nil to remove it. `path` leads to the dataset
    /// holding `e` (the element's own path is built only for warnings).
    private func apply(_ e: DataElement, in ds: Dataset, path: AttributePath, state: inout State) -> DataElement? {
        let tag = e.tag
        if let rule = recipe?.rule(for: tag, in: ds) {
            state.tally.add(.recipe)
            return applyRecipe(rule, e, path: path, state: &state)
        }
        if tag == Tags.patientID {
            state.tally.add(.pseudonym)
            let id = path.depth == 0 ? state.pseudonym : pseudonymizer.patientID(e.strings.first ?? "")
            return DataElement(tag: tag, vr: e.vr, strings: [id])
        }
        if tag == Tags.patientName && path.depth == 0 {
            state.tally.add(.pseudonym)
            return DataElement(tag: tag, vr: e.vr, strings: [state.pseudonym])
        }
        if tag.isPrivate {
            if options.options.contains(.retainSafePrivate), let creator = ds.privateCreator(of: tag),
               SafePrivateAttributes.isSafe(group: tag.group, elementOffset: UInt8(tag.element & 0xFF), creator: creator) {
                state.tally.add(.privateKept)
                return recurse(e, path: path, state: &state)
            }
            state.tally.add(.privateRemoved)
            return nil
        }
        if tag.isOverlay || tag.isCurve {
            let code = tag.isCurve ? (profile.code(for: tag) ?? .remove) : (profile.code(for: tag) ?? profile.overlayGroupCode)
            if code == .remove {
                state.tally.add(.graphicsRemoved)
                return nil
            }
            return clean(e, path: path, state: &state)
        }
        if let code = profile.code(for: tag) {
            return applyCode(code, e, path: path, state: &state)
        }
        switch UnlistedPolicy.decide(e, options: options) {
        case .keep:
            state.tally.add(.kept)
            return recurse(e, path: path, state: &state)
        case .remove:
            state.tally.add(.unlistedRemoved)
            return nil
        case .empty:
            state.tally.add(.emptied)
            return DataElement(tag: tag, vr: e.vr, value: .bytes([]))
        case .date:
            if options.shiftsDates { return clean(e, path: path, state: &state) }
            if options.keepsDates { state.tally.add(.kept); return e }
            state.tally.add(.unlistedRemoved)
            return nil
        case .clean:
            return clean(e, path: path, state: &state)
        }
    }

    private func applyCode(_ code: ActionCode, _ e: DataElement, path: AttributePath, state: inout State) -> DataElement? {
        let resolved = options.compoundRule.resolve(code, emptyValue: e.length == 0, isSequence: e.vr == .SQ)
        switch resolved {
        case .keep:
            state.tally.add(.kept)
            return recurse(e, path: path, state: &state)
        case .remove:
            state.tally.add(.removed)
            return nil
        case .zero:
            state.tally.add(.emptied)
            return DataElement(tag: e.tag, vr: e.vr, value: e.vr == .SQ ? .sequence([]) : .bytes([]))
        case .dummy:
            if e.vr == .SQ { state.tally.add(.kept); return recurse(e, path: path, state: &state) }
            state.tally.add(.dummy)
            return DummyValue.element(replacing: e)
        case .uid:
            return replaceUIDs(e, path: path, state: &state)
        case .clean:
            return clean(e, path: path, state: &state)
        default:
            state.tally.add(.removed)
            return nil
        }
    }

    private func recurse(_ e: DataElement, path: AttributePath, state: inout State) -> DataElement {
        guard case .sequence(let items) = e.value else { return e }
        var out = e
        out.value = .sequence(items.enumerated().map { i, item in
            process(item, path: path.appending(e.tag, item: i), state: &state)
        })
        return out
    }

    private func replaceUIDs(_ e: DataElement, path: AttributePath, state: inout State) -> DataElement {
        if options.options.contains(.retainUIDs) { state.tally.add(.kept); return e }
        guard e.vr == .UI, e.length > 0 else {
            if e.vr == .SQ { return recurse(e, path: path, state: &state) }
            state.tally.add(.emptied)
            return DataElement(tag: e.tag, vr: e.vr, value: .bytes([]))
        }
        state.tally.add(.uidReplaced)
        return DataElement(tag: e.tag, vr: .UI, strings: e.strings.map { $0.isEmpty ? $0 : pseudonymizer.uid($0) })
    }

    /// Action C: shift dates, clean text, recurse into sequences; other values are kept.
    private func clean(_ e: DataElement, path: AttributePath, state: inout State) -> DataElement? {
        switch e.vr.rawValue {
        case "SQ":
            state.tally.add(.cleaned)
            return recurse(e, path: path, state: &state)
        case "DA", "DT":
            guard let days = state.shiftDays else {
                if options.keepsDates { state.tally.add(.kept); return e }
                state.tally.add(.removed)
                return nil
            }
            var shifted: [String] = []
            for v in e.strings {
                if v.isEmpty { shifted.append(v); continue }
                let s = e.vr == .DA ? DateShift.shiftDA(v, days: days) : DateShift.shiftDT(v, days: days)
                guard let s else {
                    state.warnings.append("\(path.appending(e.tag)): a value is not a valid \(e.vr) and was replaced by the dummy")
                    state.tally.add(.dummy)
                    return DummyValue.element(replacing: e)
                }
                shifted.append(s)
            }
            state.tally.add(.dateShifted)
            return DataElement(tag: e.tag, vr: e.vr, strings: shifted)
        case "TM":
            // Whole-day shifts leave times of day as they are.
            state.tally.add(.kept)
            return e
        case "PN":
            state.tally.add(.emptied)
            return DataElement(tag: e.tag, vr: e.vr, value: .bytes([]))
        default:
            guard e.vr.isString, e.vr != .UI, e.length > 0 else { state.tally.add(.kept); return e }
            let text = e.vr.isSingleValuedText ? (e.strings.first ?? "") : e.strings.joined(separator: "\\")
            let (cleaned, changed) = state.scrubber.clean(text)
            state.tally.add(changed ? .cleaned : .kept)
            return changed ? DataElement(tag: e.tag, vr: e.vr, strings: [cleaned]) : e
        }
    }

    private func applyRecipe(_ rule: Recipe.Rule, _ e: DataElement, path: AttributePath, state: inout State) -> DataElement? {
        switch rule.action {
        case .keep: return recurse(e, path: path, state: &state)
        case .remove: return nil
        case .empty: return DataElement(tag: e.tag, vr: e.vr, value: e.vr == .SQ ? .sequence([]) : .bytes([]))
        case .replace: return DataElement(tag: e.tag, vr: e.vr == .SQ || e.vr == .UN ? .LO : e.vr, strings: [rule.value ?? ""])
        case .hash:
            if e.vr == .UI { return DataElement(tag: e.tag, vr: .UI, strings: e.strings.map { pseudonymizer.uid($0) }) }
            if e.vr == .SQ { return DataElement(tag: e.tag, vr: .SQ, value: .sequence([])) }
            let text = e.vr.isSingleValuedText ? (e.strings.first ?? "") : e.strings.joined(separator: "\\")
            let token = pseudonymizer.token(text, domain: "recipe")
            let limited = e.vr == .SH || e.vr == .AE || e.vr == .CS ? String(token.prefix(16)) : token
            return DataElement(tag: e.tag, vr: e.vr.isString ? e.vr : .LO, strings: [limited])
        }
    }
}
