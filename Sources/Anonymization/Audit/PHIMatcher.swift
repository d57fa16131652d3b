/// Finds every occurrence of many needles in a text at once (Aho–Corasick): one pass over the
/// text whatever the number of needles, so thousands of identifiers against millions of values
/// stay fast. Needles and texts are compared in `PHIText`'s normal form, so matching is
/// case-insensitive and blind to punctuation.
///
/// A needle that starts (ends) with a digit only matches where the text has no digit just
/// before (after) it: an ID "123456" is found in "MRN 123456" and "ID123456" but not inside
/// "91234567", and a UID is not found inside a longer one.
///
/// ```swift
/// let m = PHIMatcher(needles: ["Doe^John", "555-0100"])
/// m.matches(in: "Results to JOHN DOE... no: doe, john; call 555 0100")   // needle 1
/// ```
public struct PHIMatcher: Sendable {
    /// One occurrence: the needle's index (in the order given) and the byte range it covers in
    /// the normalised text.
    public struct Match: Sendable, Hashable {
        public var needle: Int
        public var range: Range<Int>
    }

    /// The needles in normal form, in the order given (empty for one that normalises to nothing).
    public let needles: [[UInt8]]

    /// The automaton (read-only once built).
    private let tables: Tables

    /// Builds the automaton. Needles are normalised here; duplicates each keep their own index.
    public init(needles raw: [String]) {
        self.init(normalizedNeedles: raw.map { PHIText.normalize($0) })
    }

    /// Builds the automaton from needles already in `PHIText`'s normal form.
    public init(normalizedNeedles: [[UInt8]]) {
        needles = normalizedNeedles
        var firstChild: [Int32] = [-1], nextSibling: [Int32] = [-1], label: [UInt8] = [0], terminal: [Int32] = [-1]
        var rootNext = [Int32](repeating: 0, count: 256)
        func child(_ s: Int32, _ b: UInt8) -> Int32 {
            if s == 0 { return rootNext[Int(b)] == 0 ? -1 : rootNext[Int(b)] }
            var c = firstChild[Int(s)]
            while c >= 0 { if label[Int(c)] == b { return c }; c = nextSibling[Int(c)] }
            return -1
        }
        for (n, needle) in normalizedNeedles.enumerated() where !needle.isEmpty {
            var s: Int32 = 0
            for b in needle {
                var c = child(s, b)
                if c < 0 {
                    c = Int32(label.count)
                    label.append(b)
                    firstChild.append(-1)
                    terminal.append(-1)
                    nextSibling.append(s == 0 ? -1 : firstChild[Int(s)])
                    if s == 0 { rootNext[Int(b)] = c } else { firstChild[Int(s)] = c }
                }
                s = c
            }
            // A duplicate needle keeps the first index; `matches` reports it for both.
            if terminal[Int(s)] < 0 { terminal[Int(s)] = Int32(n) }
        }
        // Failure links, breadth first.
        let count = label.count
        var fail = [Int32](repeating: 0, count: count)
        var outputLink = [Int32](repeating: -1, count: count)
        var queue: [Int32] = []
        queue.reserveCapacity(count)
        for b in 0..<256 where rootNext[b] != 0 { queue.append(rootNext[b]) }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            var c = firstChild[Int(s)]
            while c >= 0 {
                let b = label[Int(c)]
                var f = fail[Int(s)]
                var target: Int32 = -1
                while true {
                    let t = child(f, b)
                    if t >= 0 { target = t; break }
                    if f == 0 { break }
                    f = fail[Int(f)]
                }
                let fc = target >= 0 ? target : 0
                fail[Int(c)] = fc
                outputLink[Int(c)] = terminal[Int(fc)] >= 0 ? fc : outputLink[Int(fc)]
                queue.append(c)
                c = nextSibling[Int(c)]
            }
        }
        var flags = [UInt8](repeating: 0, count: normalizedNeedles.count)
        for (n, needle) in normalizedNeedles.enumerated() {
            if let f = needle.first, PHIMatcher.isDigit(f) { flags[n] |= 1 }
            if let l = needle.last, PHIMatcher.isDigit(l) { flags[n] |= 2 }
        }
        tables = Tables(rootNext: rootNext, firstChild: firstChild, nextSibling: nextSibling, label: label, fail: fail,
                        terminal: terminal, outputLink: outputLink, needleLength: normalizedNeedles.map { Int32($0.count) },
                        digitFlags: flags)
        duplicates = PHIMatcher.duplicateIndices(normalizedNeedles)
    }

    /// For needles given more than once: first index -> the later indices.
    private let duplicates: [Int: [Int]]

    private static func duplicateIndices(_ needles: [[UInt8]]) -> [Int: [Int]] {
        var first: [[UInt8]: Int] = [:]
        var out: [Int: [Int]] = [:]
        for (n, needle) in needles.enumerated() where !needle.isEmpty {
            if let f = first[needle] { out[f, default: []].append(n) } else { first[needle] = n }
        }
        return out
    }

    /// Number of trie states (a measure of the automaton's size).
    public var stateCount: Int { tables.states }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Every occurrence of every needle in `text` (normalised first).
    public func matches(in text: String) -> [Match] {
        matches(normalized: PHIText.normalize(text))
    }

    /// Every occurrence in text already in normal form, in order of their ends.
    public func matches(normalized text: [UInt8]) -> [Match] {
        var out: [Match] = []
        text.withUnsafeBufferPointer { buffer in forEachMatch(in: buffer) { out.append($0) } }
        return out
    }

    /// Whether any needle occurs in normalised text.
    public func containsMatch(normalized text: [UInt8]) -> Bool {
        var found = false
        text.withUnsafeBufferPointer { buffer in forEachMatch(in: buffer) { _ in found = true } }
        return found
    }

    /// Calls `body` for every occurrence in normalised text.
    public func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        let t = tables
        guard t.states > 1, let base = text.baseAddress else { return }
        let count = text.count
        var s: Int32 = 0
        for i in 0..<count {
            let b = base[i]
            while true {
                if s == 0 { s = t.rootNext[Int(b)]; break }
                var c = t.firstChild[Int(s)]
                while c >= 0 && t.label[Int(c)] != b { c = t.nextSibling[Int(c)] }
                if c >= 0 { s = c; break }
                s = t.fail[Int(s)]
            }
            var state = t.terminal[Int(s)] >= 0 ? s : t.outputLink[Int(s)]
            while state >= 0 {
                let n = Int(t.terminal[Int(state)])
                let start = i + 1 - Int(t.needleLength[n])
                let flags = t.digitFlags[n]
                let clearBefore = flags & 1 == 0 || start == 0 || !PHIMatcher.isDigit(base[start - 1])
                let clearAfter = flags & 2 == 0 || i + 1 == count || !PHIMatcher.isDigit(base[i + 1])
                if clearBefore && clearAfter {
                    body(Match(needle: n, range: start..<(i + 1)))
                    if let more = duplicates[n] { for d in more { body(Match(needle: d, range: start..<(i + 1))) } }
                }
                state = t.outputLink[Int(state)]
            }
        }
    }

    /// The automaton's arrays in memory of their own, so the search loop reads them through
    /// plain pointers (no copies, no reference counting) on every byte.
    private final class Tables: @unchecked Sendable {
        let states: Int
        let rootNext: UnsafeMutablePointer<Int32>
        let firstChild: UnsafeMutablePointer<Int32>
        let nextSibling: UnsafeMutablePointer<Int32>
        let label: UnsafeMutablePointer<UInt8>
        let fail: UnsafeMutablePointer<Int32>
        /// The needle ending at a state, or -1.
        let terminal: UnsafeMutablePointer<Int32>
        /// The nearest state on the failure chain where a needle ends, or -1.
        let outputLink: UnsafeMutablePointer<Int32>
        let needleLength: UnsafeMutablePointer<Int32>
        /// Bit 0: the needle starts with a digit; bit 1: it ends with one.
        let digitFlags: UnsafeMutablePointer<UInt8>

        init(rootNext: [Int32], firstChild: [Int32], nextSibling: [Int32], label: [UInt8], fail: [Int32], terminal: [Int32],
             outputLink: [Int32], needleLength: [Int32], digitFlags: [UInt8]) {
            func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
                let p = UnsafeMutablePointer<T>.allocate(capacity: max(a.count, 1))
                a.withUnsafeBufferPointer { if let b = $0.baseAddress { p.initialize(from: b, count: a.count) } }
                return p
            }
            states = label.count
            self.rootNext = copy(rootNext)
            self.firstChild = copy(firstChild)
            self.nextSibling = copy(nextSibling)
            self.label = copy(label)
            self.fail = copy(fail)
            self.terminal = copy(terminal)
            self.outputLink = copy(outputLink)
            self.needleLength = copy(needleLength)
            self.digitFlags = copy(digitFlags)
        }

        deinit {
            rootNext.deallocate(); firstChild.deallocate(); nextSibling.deallocate(); label.deallocate(); fail.deallocate()
            terminal.deallocate(); outputLink.deallocate(); needleLength.deallocate(); digitFlags.deallocate()
        }
    }
}
