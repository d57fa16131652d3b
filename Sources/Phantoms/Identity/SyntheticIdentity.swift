import Preprocessing

/// A person's name, split the way DICOM's PN value representation splits it.
public struct PersonName: Sendable, Equatable, Codable {
    public var family: String
    public var given: String
    /// A middle initial ("M") or a middle name; `nil` when there is none.
    public var middle: String?

    public init(family: String, given: String, middle: String? = nil) {
        self.family = family
        self.given = given
        self.middle = middle
    }

    /// The DICOM PN value "FAMILY^GIVEN^MIDDLE" in the case as stored ("Okafor^Grace^M";
    /// "Okafor^Grace" without a middle name). Callers that want the uppercase variant
    /// uppercase it. Component separators (`^`) and value separators (`\`) inside the
    /// components are dropped.
    public var dicom: String {
        let clean = { (s: String) in s.filter { $0 != "^" && $0 != "\\" } }
        var components = [clean(family), clean(given)]
        if let middle, !middle.isEmpty { components.append(clean(middle)) }
        return components.joined(separator: "^")
    }

    /// The name as written in a letter: "Grace Okafor".
    public var display: String { "\(given) \(family)" }
}

/// A US-style postal address.
public struct PostalAddress: Sendable, Equatable, Codable {
    /// "4172 Maple Ridge Rd".
    public var street: String
    public var city: String
    /// Two-letter state code.
    public var state: String
    /// Five digits.
    public var postalCode: String

    public init(street: String, city: String, state: String, postalCode: String) {
        self.street = street
        self.city = city
        self.state = state
        self.postalCode = postalCode
    }

    /// "4172 Maple Ridge Rd, Springfield, OR 97477"; generated addresses fit DICOM LO (64 characters).
    public var singleLine: String { "\(street), \(city), \(state) \(postalCode)" }
}

/// A hospital with its address, the departments that produce images, and the prefix its
/// scanners' station names start with.
public struct Institution: Sendable, Equatable, Codable {
    /// "St. Brigid Regional Medical Center" (at most 64 characters, DICOM LO).
    public var name: String
    public var address: PostalAddress
    /// Two to four distinct department names ("Neuroradiology", "Radiology MRI").
    public var departments: [String]
    /// Uppercase letters, at most 6 ("SBRMC"): the initials of the name's words.
    public var stationPrefix: String

    public init(name: String, address: PostalAddress, departments: [String], stationPrefix: String) {
        self.name = name
        self.address = address
        self.departments = departments
        self.stationPrefix = stationPrefix
    }
}

/// Realistic but fictitious identifying data (PHI) to plant in the simulated archive, so
/// that de-identification and PHI audits have something real-looking to find.
///
/// Every value is drawn from the given `SeededRandom` only (no clock, locale or hashing),
/// so the same random state gives the same identity on every machine. Names use the DICOM
/// default character set (ASCII letters, spaces, apostrophes, hyphens, periods), and every
/// string fits the DICOM VR it is meant for (PN components and LO 64, SH 16 characters).
/// Phone numbers use the 555-0100..0199 lines reserved for fiction, e-mail addresses the
/// example.org/.com/.net domains, and national-style numbers an area (9xx) and group that
/// are never issued as Social Security or taxpayer numbers.
public enum SyntheticIdentity {
    /// A patient's name: "F" draws from the female given names, "M" from the male ones,
    /// anything else from either. About half carry a middle initial, some a middle name.
    public static func person(sex: String, random: inout SeededRandom) -> PersonName {
        let list: [String]
        switch sex.uppercased() {
        case "F": list = IdentityLists.femaleGiven
        case "M": list = IdentityLists.maleGiven
        default: list = random.int(below: 2) == 0 ? IdentityLists.femaleGiven : IdentityLists.maleGiven
        }
        let given = pick(list, &random)
        let family = pick(IdentityLists.family, &random)
        let middle: String?
        let kind = random.int(below: 10)
        if kind < 5 {
            middle = pick(IdentityLists.initials, &random)
        } else if kind < 7 {
            var name = pick(list, &random)
            if name == given { name = list[(indexOf(name, in: list) + 1) % list.count] }
            middle = name
        } else {
            middle = nil
        }
        return PersonName(family: family, given: given, middle: middle)
    }

    /// A street address in one of the listed cities; the ZIP code matches the city's state.
    public static func address(random: inout SeededRandom) -> PostalAddress {
        let number = streetNumber(&random)
        let direction = random.int(below: 100) < 15 ? pick(IdentityLists.directions, &random) + " " : ""
        let name = pick(IdentityLists.streetNames, &random)
        let type = pick(IdentityLists.streetTypes, &random)
        let city = pick(IdentityLists.cities, &random)
        let zip = city.zipPrefix + digits(2, &random)
        return PostalAddress(street: "\(number) \(direction)\(name) \(type)", city: city.name,
                             state: city.state, postalCode: zip)
    }

    /// A fictitious North American number, "(503) 555-0147": a real area code with a line
    /// in the 555-0100..0199 range reserved for fiction (14 characters, fits DICOM SH).
    public static func phone(random: inout SeededRandom) -> String {
        let area = pick(IdentityLists.areaCodes, &random)
        return "(\(area)) 555-01\(digits(2, &random))"
    }

    /// A hospital medical record number: a site letter and 8 digits, "H04817263".
    public static func medicalRecordNumber(random: inout SeededRandom) -> String {
        pick(IdentityLists.siteLetters, &random) + digits(8, &random)
    }

    /// Another patient identifier with its issuer (DICOM Other Patient IDs): an insurance
    /// member number ("IN-7730-2291", "STATE INSURANCE"), a national-style number that is
    /// never issued ("994-27-1045", "SSA"), a regional exchange number ("RHIE-00482913",
    /// "REGIONAL HEALTH INFORMATION EXCHANGE") or a driver's licence ("D4820193", "STATE DMV").
    /// The value fits SH (16 characters), the issuer LO (64).
    public static func otherID(random: inout SeededRandom) -> (value: String, issuer: String) {
        switch random.int(below: 4) {
        case 0:
            let issuer = pick(IdentityLists.insuranceIssuers, &random)
            return ("IN-\(digits(4, &random))-\(digits(4, &random))", issuer)
        case 1:
            // Area 900-999 is never an SSN; groups 10-49 are never ITINs either.
            let area = 900 + random.int(below: 100)
            let group = 10 + random.int(below: 40)
            return ("\(area)-\(group)-\(digits(4, &random))", "SSA")
        case 2:
            return ("RHIE-\(digits(8, &random))", "REGIONAL HEALTH INFORMATION EXCHANGE")
        default:
            return ("D\(digits(7, &random))", "STATE DMV")
        }
    }

    /// An accession number, "A" + the 4-digit year + 7 digits: "A20240193847" (fits SH).
    /// Years outside 0...9999 are clamped.
    public static func accessionNumber(year: Int, random: inout SeededRandom) -> String {
        "A" + zeroPadded(min(max(year, 0), 9999), width: 4) + digits(7, &random)
    }

    /// A hospital: its address first, then a name pattern filled in with that address's
    /// city (or a saint, a landscape or a donor's family name), two to four departments,
    /// and the station prefix made of the name's initials.
    public static func institution(random: inout SeededRandom) -> Institution {
        let address = Self.address(random: &random)
        var name = pick(IdentityLists.institutionPatterns, &random)
        let saint = pick(IdentityLists.saints, &random)
        let landscape = pick(IdentityLists.landscapes, &random)
        let donor = pick(IdentityLists.family, &random)
        name = name.replacing("{C}", with: address.city)
        name = name.replacing("{S}", with: saint)
        name = name.replacing("{L}", with: landscape)
        name = name.replacing("{F}", with: donor)
        // Partial Fisher-Yates over the department list: 2-4 distinct entries.
        let count = 2 + random.int(below: 3)
        var pool = IdentityLists.departments
        var departments: [String] = []
        for i in 0..<min(count, pool.count) {
            let j = i + random.int(below: pool.count - i)
            pool.swapAt(i, j)
            departments.append(pool[i])
        }
        return Institution(name: name, address: address, departments: departments,
                           stationPrefix: stationPrefix(for: name))
    }

    /// A clinician's name, for referring and performing physicians and operators ("Dr." is
    /// not included): either sex, usually with a middle initial.
    public static func clinician(random: inout SeededRandom) -> PersonName {
        let list = random.int(below: 2) == 0 ? IdentityLists.femaleGiven : IdentityLists.maleGiven
        let given = pick(list, &random)
        let family = pick(IdentityLists.family, &random)
        let middle: String? = random.int(below: 10) < 7 ? pick(IdentityLists.initials, &random) : nil
        return PersonName(family: family, given: given, middle: middle)
    }

    /// A station name from the institution's prefix, a modality code and a unit number:
    /// "SBRMC-MR2" (at most 16 characters, DICOM SH).
    public static func stationName(institution: Institution, random: inout SeededRandom) -> String {
        var prefix = String(institution.stationPrefix.filter { $0.isASCII && $0.isLetter }.prefix(6))
        if prefix.isEmpty { prefix = "SITE" }
        let modality = pick(IdentityLists.stationModalities, &random)
        let unit = 1 + random.int(below: 9)
        return "\(prefix)-\(modality)\(unit)"
    }

    /// A scanner's serial number: "MR74213", "45031", "SN00482913" or "Q8-204417".
    public static func deviceSerialNumber(random: inout SeededRandom) -> String {
        switch random.int(below: 4) {
        case 0: return "MR" + digits(5, &random)
        case 1: return String(1 + random.int(below: 9)) + digits(4, &random)
        case 2: return "SN" + digits(8, &random)
        default:
            let letter = pick(IdentityLists.initials, &random)
            return "\(letter)\(1 + random.int(below: 9))-\(digits(6, &random))"
        }
    }

    /// An e-mail address derived from the name, on example.org, example.com or example.net
    /// only: "grace.okafor@example.org", "gokafor@example.net", "grace.m.okafor@example.com",
    /// "okafor.grace27@example.org".
    public static func email(_ p: PersonName, random: inout SeededRandom) -> String {
        let given = emailPart(p.given), family = emailPart(p.family)
        let local: String
        switch random.int(below: 4) {
        case 0: local = "\(given).\(family)"
        case 1: local = "\(given.prefix(1))\(family)"
        case 2:
            if let m = p.middle.map(emailPart), let initial = m.first {
                local = "\(given).\(initial).\(family)"
            } else {
                local = "\(given).\(family)"
            }
        default: local = "\(family).\(given)\(10 + random.int(below: 90))"
        }
        let domain = pick(IdentityLists.emailDomains, &random)
        return "\(local.isEmpty ? "patient" : local)@\(domain)"
    }

    // MARK: - Helpers

    static func pick<T>(_ list: [T], _ random: inout SeededRandom) -> T {
        list[random.int(below: list.count)]
    }

    /// `count` random decimal digits (leading zeros allowed).
    static func digits(_ count: Int, _ random: inout SeededRandom) -> String {
        var s = ""
        for _ in 0..<max(count, 0) { s.append(Character(String(random.int(below: 10)))) }
        return s
    }

    static func zeroPadded(_ n: Int, width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(width - s.count, 0)) + s
    }

    /// House numbers of one to four digits, short ones more common in the long tail.
    static func streetNumber(_ random: inout SeededRandom) -> Int {
        switch random.int(below: 10) {
        case 0: return 1 + random.int(below: 99)
        case 1, 2, 3: return 100 + random.int(below: 900)
        default: return 1000 + random.int(below: 9000)
        }
    }

    static func indexOf(_ s: String, in list: [String]) -> Int {
        list.firstIndex(of: s) ?? 0
    }

    /// Initials of the name's words (letters only, stop words skipped), uppercase, at most 6.
    static func stationPrefix(for name: String) -> String {
        var prefix = ""
        for word in name.split(separator: " ") {
            let letters = word.filter { $0.isASCII && $0.isLetter }
            guard let first = letters.first,
                  !IdentityLists.prefixStopWords.contains(letters.lowercased()) else { continue }
            prefix.append(first)
        }
        prefix = String(prefix.uppercased().prefix(6))
        return prefix.isEmpty ? "SITE" : prefix
    }

    /// Lowercase ASCII letters and hyphens of a name part ("O'Brien" -> "obrien",
    /// "Van Dyke" -> "vandyke").
    static func emailPart(_ s: String) -> String {
        String(s.lowercased().filter { ($0.isASCII && $0.isLetter) || $0 == "-" })
    }
}
