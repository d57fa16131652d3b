/// The header of a `.npy` file: a Python dict literal with the keys `descr`,
/// `fortran_order` and `shape`, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
///
/// Parsing accepts exactly what `numpy.lib.format` accepts for simple dtypes (single or
/// double quotes, trailing commas, Python 2 `L` suffixes on integers) and nothing that would
/// need Python to evaluate (structured dtypes, expressions). Formatting reproduces NumPy's
/// bytes (sorted keys, `repr` of the shape, 21-digit growth space, 64-byte alignment).
struct NumPyHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the dict text; `fail(reason)` builds the error (it names the file).
    static func parse(_ text: String, fail: (String) -> MetricsError) throws -> NumPyHeader {
        var p = Parser(chars: Array(text.unicodeScalars))
        var descr: String?, fortran: Bool?, shape: [Int]?
        p.skipSpace()
        guard p.take("{") else { throw fail("header is not a Python dict: \(text.prefix(80))") }
        while true {
            p.skipSpace()
            if p.take("}") { break }
            guard let key = p.string() else { throw fail("header key is not a quoted string: \(text.prefix(80))") }
            p.skipSpace()
            guard p.take(":") else { throw fail("header misses ':' after '\(key)'") }
            p.skipSpace()
            switch key {
            case "descr":
                if p.peek == "[" { throw fail("structured dtypes are not supported (descr is a list); save a plain numeric array") }
                guard let d = p.string() else { throw fail("header 'descr' is not a string") }
                descr = d
            case "fortran_order":
                if p.take("True") { fortran = true } else if p.take("False") { fortran = false } else {
                    throw fail("header 'fortran_order' is not True or False")
                }
            case "shape":
                guard let s = p.tuple() else { throw fail("header 'shape' is not a tuple of integers") }
                shape = s
            default:
                throw fail("header has an unexpected key '\(key)' (expected descr, fortran_order, shape)")
            }
            p.skipSpace()
            if p.take(",") { continue }
            p.skipSpace()
            if p.take("}") { break }
            throw fail("header dict is malformed after '\(key)'")
        }
        p.skipSpace()
        guard p.atEnd else { throw fail("header has text after the dict") }
        guard let d = descr, let f = fortran, let s = shape else {
            throw fail("header misses one of the keys descr, fortran_order, shape")
        }
        return NumPyHeader(descr: d, fortranOrder: f, shape: s)
    }

    /// The dict text as NumPy writes it, before padding.
    var dictText: String {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var text = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        // Spare room so the growth axis can be rewritten in place (NumPy's GROWTH_AXIS_MAX_DIGITS).
        if let growth = fortranOrder ? shape.last : shape.first {
            text += String(repeating: " ", count: max(0, 21 - String(growth).count))
        }
        return text
    }

    /// Magic, version, header length and padded header: the bytes before the data.
    /// Version 1.0 unless the header needs more than 65,535 bytes (then 2.0).
    var encoded: [UInt8] {
        let dict = Array(dictText.utf8)
        let unpadded = dict.count + 1  // the dict and its final newline
        var hlen = unpadded + 64 - (10 + unpadded) % 64
        let small = hlen <= 65535
        if !small { hlen = unpadded + 64 - (12 + unpadded) % 64 }
        let padding = hlen - unpadded
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [small ? 1 : 2, 0]
        if small {
            out += [UInt8(hlen & 0xFF), UInt8(hlen >> 8)]
        } else {
            out += (0..<4).map { UInt8((hlen >> (8 * $0)) & 0xFF) }
        }
        out += dict
        out += [UInt8](repeating: 0x20, count: padding)
        out.append(0x0A)
        return out
    }

    /// A tiny scanner over the header text.
    private struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0
        var atEnd: Bool { i >= chars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : chars[i] }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1 }
        }

        mutating func take(_ word: String) -> Bool {
            let w = Array(word.unicodeScalars)
            guard i + w.count <= chars.count, Array(chars[i..<(i + w.count)]) == w else { return false }
            i += w.count
            return true
        }

        /// A single- or double-quoted string without escapes beyond `\\` and `\'`.
        mutating func string() -> String? {
            guard let q = peek, q == "'" || q == "\"" else { return nil }
            i += 1
            var s = String.UnicodeScalarView()
            while let c = peek {
                i += 1
                if c == q { return String(s) }
                if c == "\\" {
                    guard let e = peek else { return nil }
                    i += 1
                    s.append(e)
                } else {
                    s.append(c)
                }
            }
            return nil
        }

        /// `()`, `(3,)`, `(3, 4)`, `(3L, 4L)`.
        mutating func tuple() -> [Int]? {
            guard take("(") else { return nil }
            var values: [Int] = []
            while true {
                skipSpace()
                if take(")") { return values }
                var digits = ""
                while let c = peek, ("0"..."9").contains(c) {
                    digits.unicodeScalars.append(c)
                    i += 1
                }
                guard !digits.isEmpty, let v = Int(digits) else { return nil }
                _ = take("L")
                values.append(v)
                skipSpace()
                if take(",") { continue }
                skipSpace()
                guard take(")") else { return nil }
                return values
            }
        }
    }
}
