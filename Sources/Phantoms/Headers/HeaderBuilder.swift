import DICOM
import Foundation

/// Builds the identifying part of a header (the elements every file of a series shares) and
/// records each planted identifier with its attribute path, so the manifest can never
/// disagree with the files.
struct HeaderBuilder {
    /// One element to put: keyword or tag text, VR, value, and what it identifies (nil: not PHI).
    struct Entry {
        var tag: Tag
        var vr: VR
        var value: Value
        var text: [String]
        var kind: String?
        var match: PlantedPHI.Match

        static func text(_ keyword: String, _ vr: VR, _ value: String, _ kind: String? = nil,
                         match: PlantedPHI.Match = .exact) -> Entry {
            Entry(tag: HeaderBuilder.tag(keyword), vr: vr, value: DataElement(tag: Tag(0, 0), vr: vr, strings: [value]).value,
                  text: [value], kind: kind, match: match)
        }

        static func values(_ keyword: String, _ vr: VR, _ values: [String], _ kind: String?) -> Entry {
            Entry(tag: HeaderBuilder.tag(keyword), vr: vr, value: DataElement(tag: Tag(0, 0), vr: vr, strings: values).value,
                  text: values, kind: kind, match: .exact)
        }

        static func sequence(_ keyword: String, _ items: [[Entry]]) -> Entry {
            Entry(tag: HeaderBuilder.tag(keyword), vr: .SQ, value: .sequence([]), text: [], kind: nil, match: .exact, items: items)
        }

        /// Items of a sequence entry.
        var items: [[Entry]] = []

        init(tag: Tag, vr: VR, value: Value, text: [String], kind: String?, match: PlantedPHI.Match, items: [[Entry]] = []) {
            self.tag = tag
            self.vr = vr
            self.value = value
            self.text = text
            self.kind = kind
            self.match = match
            self.items = items
        }
    }

    let series: String
    private(set) var dataset = Dataset()
    private(set) var phi: [PlantedPHI] = []

    init(series: String) { self.series = series }

    /// A tag from a keyword or "(gggg,eeee)"; keywords are the project's own constants, so an
    /// unknown one is a programming error caught by the tests (it maps to (FFFF,FFFF)).
    static func tag(_ keyword: String) -> Tag { Tag(parsing: keyword) ?? Tag(0xFFFF, 0xFFFF) }

    mutating func put(_ entries: [Entry]) {
        for e in entries { dataset.set(element(e, prefix: AttributePath())) }
    }

    private mutating func element(_ e: Entry, prefix: AttributePath) -> DataElement {
        if e.vr == .SQ {
            let items = e.items.enumerated().map { n, item in
                Dataset(item.map { element($0, prefix: AttributePath(prefix.steps + [.init(tag: e.tag, item: n)])) })
            }
            return DataElement(tag: e.tag, items: items)
        }
        if let kind = e.kind {
            let path = AttributePath(prefix.steps + [.init(tag: e.tag, item: nil)]).description
            for v in e.text where !v.isEmpty {
                phi.append(.attribute(kind, v, series: series, path: path, match: e.match))
            }
        }
        return DataElement(tag: e.tag, vr: e.vr, value: e.value)
    }

    /// Records an identifier that the series writer already put in place.
    mutating func record(_ kind: String, _ value: String, keyword: String) {
        guard !value.isEmpty else { return }
        phi.append(.attribute(kind, value, series: series, path: AttributePath(HeaderBuilder.tag(keyword)).description))
    }

    /// Records a text identifier inside a free-text element (match: contains).
    mutating func recordInText(_ kind: String, _ value: String, keyword: String) {
        phi.append(.attribute(kind, value, series: series, path: AttributePath(HeaderBuilder.tag(keyword)).description, match: .contains))
    }
}
