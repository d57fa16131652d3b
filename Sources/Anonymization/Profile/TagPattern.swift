import Foundation
import DICOM

/// Which tags a row of Table E.1-1 covers: one tag, a repeating group (50xx,xxxx) /
/// (60xx,4000) / (60xx,3000), or every private (odd-group) element.
public enum TagPattern: Sendable, Hashable, CustomStringConvertible {
    case exact(Tag)
    /// Tags whose group & `groupMask` == `group` and element & `elementMask` == `element`.
    case masked(group: UInt16, groupMask: UInt16, element: UInt16, elementMask: UInt16)
    case privateElements

    /// Parses "(0008,0050)", "(50XX,XXXX)", "(60XX,4000)" or "(GGGG,EEEE) odd".
    public init?(parsing text: String) {
        if text.hasPrefix("(GGGG,EEEE)") { self = .privateElements; return }
        let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        let parts = inner.split(separator: ",").map(String.init)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 4 }) else { return nil }
        func field(_ s: String) -> (value: UInt16, mask: UInt16)? {
            var value: UInt16 = 0, mask: UInt16 = 0
            for c in s.uppercased() {
                value <<= 4; mask <<= 4
                if c == "X" { continue }
                guard let d = c.hexDigitValue else { return nil }
                value |= UInt16(d); mask |= 0xF
            }
            return (value, mask)
        }
        guard let g = field(parts[0]), let e = field(parts[1]) else { return nil }
        if g.mask == 0xFFFF && e.mask == 0xFFFF { self = .exact(Tag(g.value, e.value)) } else {
            self = .masked(group: g.value, groupMask: g.mask, element: e.value, elementMask: e.mask)
        }
    }

    public func matches(_ tag: Tag) -> Bool {
        switch self {
        case .exact(let t): return t == tag
        case .masked(let g, let gm, let e, let em): return tag.group & gm == g && tag.element & em == e
        case .privateElements: return tag.isPrivate
        }
    }

    /// The text form of Table E.1-1 ("(50XX,XXXX)", "(GGGG,EEEE) odd").
    public var description: String {
        switch self {
        case .exact(let t): return t.description
        case .masked(let g, let gm, let e, let em):
            func text(_ v: UInt16, _ m: UInt16) -> String {
                (0..<4).map { n -> String in
                    let shift = UInt16(12 - 4 * n)
                    return (m >> shift) & 0xF == 0 ? "X" : String(format: "%X", (v >> shift) & 0xF)
                }.joined()
            }
            return "(\(text(g, gm)),\(text(e, em)))"
        case .privateElements: return "(GGGG,EEEE) odd"
        }
    }
}
