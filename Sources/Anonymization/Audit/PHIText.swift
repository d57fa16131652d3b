import Foundation
import DICOM

/// The text form in which the PHI audit compares identifiers with what it scans: upper case,
/// every run of characters other than letters and digits turned into one space, no space at
/// either end. So "DOE^JOHN", "Doe_John" and "doe  john" are all `DOE JOHN`.
///
/// Bytes are read as UTF-8 when they are valid UTF-8, else as ISO 8859-1 (Latin-1), as
/// `DataElement` decodes text; non-ASCII text is composed (NFC) first, so "é" written as
/// "e" + combining accent equals "é". The result is UTF-8.
public enum PHIText {
    /// Normalises a string (see the type's description).
    public static func normalize(_ text: String) -> [UInt8] {
        normalize(bytes: Array(text.utf8))
    }

    /// Normalises raw element bytes (UTF-8 when valid, else Latin-1).
    public static func normalize(bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { normalize(buffer: $0) }
    }

    /// Normalises bytes in place of a copy (the hot path of the audit).
    public static func normalize(buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(buffer.count)
        var pendingSpace = false
        var ascii = true
        for b in buffer {
            if b >= 0x80 { ascii = false; break }
            let m = asciiMap[Int(b)]
            if m == 0 {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(m)
            }
        }
        if ascii { return out }
        return normalizeUnicode(decode(buffer))
    }

    /// The text of raw bytes: UTF-8 when valid, else Latin-1 (every byte one character).
    public static func decode(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        DataElement.decodeText(buffer)
    }

    static func normalizeUnicode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var pendingSpace = false
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let mapped: String.UTF8View?
            if scalar.isASCII {
                let m = asciiMap[Int(scalar.value)]
                if m == 0 { pendingSpace = true; continue }
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(m)
                continue
            } else if isWordScalar(scalar) {
                mapped = scalar.properties.uppercaseMapping.utf8
            } else {
                mapped = nil
            }
            guard let mapped else { pendingSpace = true; continue }
            if pendingSpace && !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            out.append(contentsOf: mapped)
        }
        return out
    }

    /// Letters and digits of any script.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// ASCII byte -> its normalised byte (letters upper-cased, digits kept), 0 for a separator.
    static let asciiMap: [UInt8] = (0..<128).map { b -> UInt8 in
        switch b {
        case 0x30...0x39, 0x41...0x5A: return UInt8(b)
        case 0x61...0x7A: return UInt8(b - 0x20)
        default: return 0
        }
    }

    /// How much a normalised needle says: letters and digits counted once, ideographs
    /// (a Chinese or Japanese name is often two of them) twice; spaces not at all.
    public static func weight(_ normalized: [UInt8]) -> Int {
        if normalized.allSatisfy({ $0 < 0x80 }) { return normalized.reduce(0) { $0 + ($1 == 0x20 ? 0 : 1) } }
        var n = 0
        for scalar in String(decoding: normalized, as: UTF8.self).unicodeScalars where scalar != " " {
            n += scalar.properties.isIdeographic ? 2 : 1
        }
        return n
    }

    /// Whether normalised text holds digits and spaces only (a number, a phone, a date).
    public static func isNumeric(_ normalized: [UInt8]) -> Bool {
        !normalized.isEmpty && normalized.allSatisfy { $0 == 0x20 || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// Whether a value is a keyed pseudonym or token of medsynth's anonymizer: "ANON" and 16
    /// base-32 characters (a Patient ID pseudonym) or 16 base-32 characters alone (a hashed
    /// value). They are random, carry no PHI, and would match short identifiers by chance, so
    /// the audit does not search them.
    public static func isKeyedToken(_ value: String) -> Bool {
        isKeyedToken(bytes: Array(value.utf8))
    }

    /// The values of a text element's bytes: split on backslashes (unless `singleValued`, for
    /// LT, ST, UT and UR), padding (spaces, NULs) removed, empty values dropped; each decoded as
    /// UTF-8 when valid, else Latin-1.
    public static func values(_ bytes: [UInt8], singleValued: Bool = false) -> [String] {
        DataElement.textValues(bytes, singleValued: singleValued).compactMap { v in
            let trimmed = v.drop { $0 == " " || $0 == "\0" }
            return trimmed.isEmpty ? nil : String(trimmed)
        }
    }

    /// `isKeyedToken` of raw element bytes (padding removed).
    public static func isKeyedToken(bytes: [UInt8]) -> Bool {
        var lo = 0, hi = bytes.count
        while lo < hi && bytes[lo] == 0x20 { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0) { hi -= 1 }
        if hi - lo == 20 && bytes[lo] == 0x41 && bytes[lo + 1] == 0x4E && bytes[lo + 2] == 0x4F && bytes[lo + 3] == 0x4E { lo += 4 }
        guard hi - lo == 16 else { return false }
        return bytes[lo..<hi].allSatisfy { c in (c >= 0x41 && c <= 0x5A && c != 0x49 && c != 0x4F) || (c >= 0x32 && c <= 0x39) }
    }

    /// Runs of digits and dots of `text` that look like UIDs ("1.2.840.99.7"): at least one dot,
    /// starting and ending with a digit, at least 8 characters.
    public static func uidCandidates(_ text: [UInt8]) -> [String] {
        var out: [String] = []
        var start = -1
        func flush(_ end: Int) {
            guard start >= 0 else { return }
            var a = start, b = end
            while a < b && text[a] == 0x2E { a += 1 }
            while b > a && text[b - 1] == 0x2E { b -= 1 }
            if b - a >= 8, text[a..<b].contains(0x2E) { out.append(String(decoding: text[a..<b], as: UTF8.self)) }
            start = -1
        }
        for (i, c) in text.enumerated() {
            if (c >= 0x30 && c <= 0x39) || c == 0x2E {
                if start < 0 { start = i }
            } else {
                flush(i)
            }
        }
        flush(text.count)
        return out
    }
}
