/// A path to an element at any depth: sequence steps (tag + item index) then the element's tag.
/// Text form: `RequestAttributesSequence[0].RequestedProcedureID` or `(0040,0275)[0].(0040,1001)`.
public struct AttributePath: Hashable, Sendable, CustomStringConvertible, Codable {
    public struct Step: Hashable, Sendable, Codable {
        public var tag: Tag
        /// Item index when this step goes into a sequence item; nil for the final element.
        public var item: Int?

        public init(tag: Tag, item: Int?) {
            self.tag = tag
            self.item = item
        }
    }
    public var steps: [Step]

    public init(_ steps: [Step] = []) { self.steps = steps }

    public init(_ tag: Tag) { self.steps = [Step(tag: tag, item: nil)] }

    /// This path extended by one step (into item `item` of sequence `tag`, or to the element `tag`).
    public func appending(_ tag: Tag, item: Int? = nil) -> AttributePath {
        AttributePath(steps + [Step(tag: tag, item: item)])
    }

    /// The tag of the element the path ends at.
    public var tag: Tag? { steps.last?.tag }
    /// Nesting depth (0 for a top-level element).
    public var depth: Int { steps.filter { $0.item != nil }.count }

    public var description: String {
        steps.map { s in
            let name = s.tag.keyword ?? s.tag.description
            return s.item.map { "\(name)[\($0)]" } ?? name
        }.joined(separator: ".")
    }

    /// Parses the text form; nil on syntax errors or unknown keywords.
    public init?(parsing text: String) {
        var steps: [Step] = []
        for part in text.split(separator: ".") {
            var name = Substring(part)
            var item: Int? = nil
            if let open = name.firstIndex(of: "["), name.last == "]" {
                guard let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]), i >= 0 else { return nil }
                item = i
                name = name[..<open]
            }
            guard let tag = Tag(parsing: String(name)) else { return nil }
            steps.append(Step(tag: tag, item: item))
        }
        guard !steps.isEmpty, steps.dropLast().allSatisfy({ $0.item != nil }) else { return nil }
        self.steps = steps
    }
}

extension Dataset {
    /// The element at a path, or nil.
    public subscript(path path: AttributePath) -> DataElement? {
        var ds = self
        for (n, step) in path.steps.enumerated() {
            guard let e = ds[step.tag] else { return nil }
            if n == path.steps.count - 1 && step.item == nil { return e }
            guard let i = step.item, let items = e.items, i < items.count else { return nil }
            if n == path.steps.count - 1 { return nil }
            ds = items[i]
        }
        return nil
    }

    public enum EditError: Error, CustomStringConvertible {
        case noSuchItem(AttributePath)
        public var description: String {
            switch self {
            case .noSuchItem(let p): return "no sequence item on the path \(p)"
            }
        }
    }

    /// Inserts or replaces the element at a path, creating missing sequences and items on the way.
    public mutating func set(_ element: DataElement, at path: AttributePath) throws {
        try edit(path.steps[...]) { ds in
            var e = element
            e.tag = path.tag ?? element.tag
            ds.set(e)
        }
    }

    /// Removes the element at a path; returns whether it existed.
    @discardableResult
    public mutating func remove(at path: AttributePath) -> Bool {
        guard let tag = path.tag else { return false }
        var removed = false
        try? edit(path.steps[...], create: false) { ds in removed = ds.remove(tag) != nil }
        return removed
    }

    private mutating func edit(_ steps: ArraySlice<AttributePath.Step>, create: Bool = true, _ body: (inout Dataset) -> Void) throws {
        guard let first = steps.first else { return }
        if steps.count == 1 { body(&self); return }
        guard let i = first.item else { throw EditError.noSuchItem(AttributePath(Array(steps))) }
        var items = self[first.tag]?.items ?? []
        if i >= items.count {
            guard create else { throw EditError.noSuchItem(AttributePath(Array(steps))) }
            while items.count <= i { items.append(Dataset()) }
        }
        try items[i].edit(steps.dropFirst(), create: create, body)
        set(DataElement(tag: first.tag, items: items))
    }
}
