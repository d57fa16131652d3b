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
        let (ny, nm, nd) = civil(fromDays: daysFromCivil(y, m, d) + days)
        guard (0...9999).contains(ny) else { return nil }
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        switch p.count {
        case 4: return pad(ny, 4)
        case 6: return pad(ny, 4) + pad(nm, 2)
        default: return pad(ny, 4) + pad(nm, 2) + pad(nd, 2)
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
