import Foundation
import Imaging
import SafeTensors

/// The pieces of `medsynth info`'s description of a safetensors file: one row per tensor,
/// names in natural order, the grouped text listing and the number formats.
public enum SafeTensorsInfo {
    /// One tensor of the file, as the JSON output lists it.
    public struct Tensor: Sendable, Equatable, Codable {
        public var name: String
        /// The format's dtype spelling (`F32`, `BF16`, `I64`...).
        public var dtype: String
        public var shape: [Int]
        /// Elements (the product of the shape; 1 for a scalar).
        public var values: Int

        public init(name: String, dtype: String, shape: [Int], values: Int) {
            (self.name, self.dtype, self.shape, self.values) = (name, dtype, shape, values)
        }
    }

    /// Lines of the text listing; longer listings end with a "... N more" line.
    public static let maxTextLines = 20

    /// Rows for `entries`, in natural name order.
    static func rows(_ entries: [SafeTensorsEntry]) -> [Tensor] {
        entries.map { Tensor(name: $0.name, dtype: $0.dtype.rawValue, shape: $0.shape, values: $0.elementCount) }
            .sorted { precedes($0.name, $1.name) }
    }

    /// Natural order of dotted names: numeric components compare as numbers (`main.2` before
    /// `main.10`), others as strings; a name before its own extensions.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: ".", omittingEmptySubsequences: false)
        let y = b.split(separator: ".", omittingEmptySubsequences: false)
        for (p, q) in zip(x, y) where p != q {
            if let i = Int(p), let j = Int(q), i != j { return i < j }
            if Int(p) != nil, Int(q) == nil { return true }
            if Int(p) == nil, Int(q) != nil { return false }
            return p < q
        }
        return x.count != y.count ? x.count < y.count : a < b
    }

    /// The text listing: tensors of one module (the name without its last component) with the
    /// same dtype and shape share a line (`main.1.{bias,running_mean,running_var,weight}`);
    /// at most `maxLines` lines, the last one saying how many tensors are left out.
    public static func lines(_ tensors: [Tensor], maxLines: Int = maxTextLines) -> [String] {
        struct Group { var module: String?; var leaves: [String]; var dtype: String; var shape: [Int] }
        var groups: [Group] = []
        for t in tensors {
            let cut = t.name.lastIndex(of: ".")
            let module = cut.map { String(t.name[..<$0]) }
            let leaf = cut.map { String(t.name[t.name.index(after: $0)...]) } ?? t.name
            // Within the module's run of groups, the group of the same dtype and shape.
            let run = groups.lastIndex { $0.module != module }.map { $0 + 1 } ?? 0
            if module != nil, let i = groups[run...].firstIndex(where: { $0.dtype == t.dtype && $0.shape == t.shape }) {
                groups[i].leaves.append(leaf)
            } else {
                groups.append(Group(module: module, leaves: [leaf], dtype: t.dtype, shape: t.shape))
            }
        }
        let names = groups.map { g -> String in
            let leaves = g.leaves.count == 1 ? g.leaves[0] : "{" + g.leaves.joined(separator: ",") + "}"
            return g.module.map { $0 + "." + leaves } ?? leaves
        }
        let shown = groups.count > maxLines ? max(maxLines - 1, 0) : groups.count
        let width = min(names.prefix(shown).map(\.count).max() ?? 0, 48)
        var out = zip(names, groups).prefix(shown).map { name, g in
            "\(name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0))  \(g.dtype.padding(toLength: 4, withPad: " ", startingAt: 0)) [\(g.shape.map(String.init).joined(separator: ", "))]"
        }
        if shown < groups.count {
            let left = groups[shown...].reduce(0) { $0 + $1.leaves.count }
            out.append("... \(grouped(left)) more tensor\(left == 1 ? "" : "s") (the JSON output lists every tensor)")
        }
        return out
    }

    /// `3576704` as "3,576,704".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A byte count for people: "14.3 MB (14,302,208 bytes)", or "812 bytes".
    public static func size(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        guard let (scale, unit) = units.first(where: { Double(bytes) >= $0.0 }) else { return "\(bytes) bytes" }
        return String(format: "%.1f %@ (%@ bytes)", Double(bytes) / scale, unit, grouped(bytes))
    }

    /// A metadata value on one line of at most `limit` characters, with the full length when cut.
    public static func shortened(_ value: String, limit: Int = 72) -> String {
        let flat = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard flat.count > limit else { return flat }
        return String(flat.prefix(limit)) + "... (\(grouped(value.count)) characters)"
    }

    /// `%g` of a Double (learning rates, betas).
    static func number(_ d: Double) -> String { String(format: "%g", d) }
}
