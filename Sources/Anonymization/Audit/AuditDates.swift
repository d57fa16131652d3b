/// Dates as the PHI audit compares them: the date part of a DA or DT value.
public enum AuditDates {
    /// The dummy date of action D (DA), and the start of the dummy date-time (DT).
    public static let dummyDate = "19000101"

    /// The leading digits of a DA or DT value: "20230115" of "20230115", of "20230115101530.5+0100"
    /// and of a range "20230115-20230120" (first date); "2023" and "202301" for reduced
    /// precision. Nil when the value does not start with 4, 6 or 8 digits.
    public static func datePart(_ value: String) -> String? {
        let digits = value.utf8.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        let n = digits >= 8 ? 8 : (digits >= 6 ? 6 : (digits >= 4 ? 4 : 0))
        guard n > 0 else { return nil }
        return String(value.prefix(n))
    }

    /// Whether a DA/DT value is the anonymizer's dummy ("19000101", "19000101000000").
    public static func isDummy(_ value: String) -> Bool {
        value.hasPrefix(dummyDate) && value.dropFirst(8).allSatisfy { $0 == "0" || $0 == "." }
    }

    /// "19850302" from "19850302", "1985-03-02", "1985.03.02" or "1985/03/02"; nil otherwise.
    public static func compact(_ value: String) -> String? {
        let digits = value.filter { $0.isASCII && $0.isNumber }
        guard digits.count == 8 else { return nil }
        let separators = value.filter { !($0.isASCII && $0.isNumber) }
        if let separator = separators.first {
            guard separators.count == 2, separators.allSatisfy({ $0 == separator }), "-./ ".contains(separator) else { return nil }
            let parts = value.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
        }
        guard let month = Int(digits.dropFirst(4).prefix(2)), let day = Int(digits.suffix(2)),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        return String(digits)
    }
}
