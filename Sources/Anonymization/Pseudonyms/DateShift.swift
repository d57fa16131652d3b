import DICOM

/// Shifts DICOM dates (DA) and date-times (DT) by whole days, keeping their precision,
/// time of day and UTC offset, so every interval within a patient is kept.
public enum DateShift {
    /// Shifts one DA value ("YYYYMMDD", also "YYYYMM"/"YYYY" and ranges "A-B", "-B", "A-").
    /// Returns nil when the text is not a date.
    public static func shiftDA(_ text: String, days: Int) -> String? {
        if text.contains("-") {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { return nil }
            var out: [String] = []
            for p in parts {
                if p.isEmpty { out.append(""); continue }
                guard let s = shiftDatePart(p, days: days) else { return nil }
                out.append(s)
            }
            return out.joined(separator: "-")
        }
        return shiftDatePart(text, days: days)
    }

    /// Shifts one DT value "YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]"; the time part is kept.
    public static func shiftDT(_ text: String, days: Int) -> String? {
        // Stored DT values are single points (ranges belong to queries); a "-" after the digits is a UTC offset.
        let chars = Array(text)
        var digits = 0
        while digits < chars.count, chars[digits].isASCII, chars[digits].isNumber { digits += 1 }
        guard digits >= 4 else { return nil }
        let dateLength = min(digits, 8)
        guard let datePart = shiftDatePart(String(chars[0..<dateLength]), days: days) else { return nil }
        return datePart + String(chars[dateLength...])
    }

    static func shiftDatePart(_ p: String, days: Int) -> String? {
        guard p.allSatisfy({ $0.isASCII && $0.isNumber }), [4, 6, 8].contains(p.count) else { return nil }
        let digits = Array(p.utf8).map { Int($0) - 48 }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + digits[$1] } }
        let y = num(0..<4)
        let m = p.count >= 6 ? num(4..<6) : 1
        let d = p.count == 8 ? num(6..<8) : 1
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        let (ny, nm, nd) = CivilDate.date(days: CivilDate.days(year: y, month: m, day: d) + days)
        guard (0...9999).contains(ny) else { return nil }
        let pad = CivilDate.pad
        switch p.count {
        case 4: return pad(ny, 4)
        case 6: return pad(ny, 4) + pad(nm, 2)
        default: return pad(ny, 4) + pad(nm, 2) + pad(nd, 2)
        }
    }
}
