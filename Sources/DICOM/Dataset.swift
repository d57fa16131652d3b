/// An ordered set of data elements (a DICOM dataset, meta header, or sequence item).
/// Elements are kept sorted by tag.
public struct Dataset: Sendable, Equatable {
    public private(set) var elements: [DataElement]

    public init(_ elements: [DataElement] = []) {
        self.elements = elements.sorted { $0.tag < $1.tag }
    }

    public var isEmpty: Bool { elements.isEmpty }
    public var count: Int { elements.count }

    private func index(of tag: Tag) -> (found: Bool, at: Int) {
        var lo = 0, hi = elements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if elements[mid].tag < tag { lo = mid + 1 } else { hi = mid }
        }
        return (lo < elements.count && elements[lo].tag == tag, lo)
    }

    /// The element with this tag, or nil.
    public subscript(tag: Tag) -> DataElement? {
        get {
            let (found, i) = index(of: tag)
            return found ? elements[i] : nil
        }
        set {
            let (found, i) = index(of: tag)
            switch (found, newValue) {
            case (true, .some(var e)): e.tag = tag; elements[i] = e
            case (true, .none): elements.remove(at: i)
            case (false, .some(var e)): e.tag = tag; elements.insert(e, at: i)
            case (false, .none): break
            }
        }
    }

    /// The element for a keyword such as "PatientName".
    public subscript(keyword: String) -> DataElement? {
        get { Tag(parsing: keyword).flatMap { self[$0] } }
    }

    public func contains(_ tag: Tag) -> Bool { index(of: tag).found }

    /// Inserts or replaces an element.
    public mutating func set(_ element: DataElement) { self[element.tag] = element }

    /// Removes an element; returns it if present.
    @discardableResult
    public mutating func remove(_ tag: Tag) -> DataElement? {
        let (found, i) = index(of: tag)
        return found ? elements.remove(at: i) : nil
    }

    /// Removes every element matching `predicate` at this level.
    public mutating func removeAll(where predicate: (DataElement) -> Bool) {
        elements.removeAll(where: predicate)
    }

    // MARK: typed access

    /// First text value, trimmed; nil when absent or empty.
    public func string(_ tag: Tag) -> String? {
        guard let s = self[tag]?.strings.first, !s.isEmpty else { return nil }
        return s
    }
    public func string(_ keyword: String) -> String? { Tag(parsing: keyword).flatMap { string($0) } }

    public func strings(_ tag: Tag) -> [String] { self[tag]?.strings ?? [] }

    /// Numeric values (binary or DS/IS text).
    public func numbers(_ tag: Tag) -> [Double] { self[tag]?.numbers ?? [] }
    public func number(_ tag: Tag) -> Double? { numbers(tag).first }
    public func int(_ tag: Tag) -> Int? {
        guard let d = number(tag), d.isFinite, abs(d) < 9e18 else { return nil }
        return Int(d)
    }
    public func number(_ keyword: String) -> Double? { Tag(parsing: keyword).flatMap { number($0) } }

    /// Items of a sequence (empty when absent).
    public func items(_ tag: Tag) -> [Dataset] { self[tag]?.items ?? [] }

    // MARK: private blocks

    /// The private creator string governing a private element, read from this dataset.
    public func privateCreator(of tag: Tag) -> String? {
        guard let c = tag.privateCreatorTag else { return nil }
        return string(c)
    }

    /// Finds (or with `reserve`, reserves) the private block of `creator` in `group`;
    /// returns the block number xx so elements are (group, xx00 + offset).
    public mutating func privateBlock(group: UInt16, creator: String, reserve: Bool) -> UInt16? {
        for xx in UInt16(0x10)...0xFF {
            let t = Tag(group, xx)
            if let e = self[t] {
                if e.strings.first == creator { return xx }
            } else if reserve {
                set(DataElement(tag: t, vr: .LO, strings: [creator]))
                return xx
            }
        }
        return nil
    }

    // MARK: traversal

    /// Visits every element at every depth, with the path of sequence steps leading to it.
    public func walk(_ body: (AttributePath, DataElement) throws -> Void) rethrows {
        try walk(prefix: AttributePath(), body)
    }

    private func walk(prefix: AttributePath, _ body: (AttributePath, DataElement) throws -> Void) rethrows {
        for e in elements {
            let p = prefix.appending(e.tag)
            try body(p, e)
            if case .sequence(let items) = e.value {
                for (i, item) in items.enumerated() {
                    try item.walk(prefix: prefix.appending(e.tag, item: i), body)
                }
            }
        }
    }

    /// Rewrites elements at every depth (children first). Return nil to delete an element.
    public func mapElements(_ transform: (AttributePath, DataElement) throws -> DataElement?) rethrows -> Dataset {
        try mapElements(prefix: AttributePath(), transform)
    }

    private func mapElements(prefix: AttributePath, _ transform: (AttributePath, DataElement) throws -> DataElement?) rethrows -> Dataset {
        var out: [DataElement] = []
        out.reserveCapacity(elements.count)
        for var e in elements {
            if case .sequence(let items) = e.value {
                e.value = .sequence(try items.enumerated().map { i, item in
                    try item.mapElements(prefix: prefix.appending(e.tag, item: i), transform)
                })
            }
            if let r = try transform(prefix.appending(e.tag), e) { out.append(r) }
        }
        return Dataset(out)
    }
}
