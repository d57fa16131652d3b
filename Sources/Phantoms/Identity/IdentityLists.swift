/// The word lists `SyntheticIdentity` draws from. Every entry is plain ASCII (letters,
/// spaces, apostrophes, hyphens, periods: the DICOM default character set), never holds
/// `^` or `\`, and is sized so that every generated string fits its DICOM VR.
///
/// Arrays only (no sets or dictionaries), so that a draw depends on the random state alone.
enum IdentityLists {
    /// Given names used for sex "F" (none appears in `maleGiven`).
    static let femaleGiven: [String] = [
        "Grace", "Amara", "Mei", "Sofia", "Olivia", "Emma", "Ava", "Isabella", "Mia", "Charlotte",
        "Amelia", "Harper", "Evelyn", "Abigail", "Emily", "Elizabeth", "Ella", "Chloe", "Victoria", "Madison",
        "Priya", "Ananya", "Fatima", "Aisha", "Leila", "Yasmin", "Hana", "Yuki", "Sakura", "Min-ji",
        "Linh", "Thao", "Ngozi", "Chiamaka", "Adaeze", "Abena", "Wanjiru", "Zanele", "Ingrid", "Astrid",
        "Freya", "Katarzyna", "Agnieszka", "Elena", "Lucia", "Carmen", "Valentina", "Camila", "Ximena", "Rosa",
        "Margaret", "Dorothy", "Ruth", "Helen", "Nora", "Claire", "Siobhan", "Maeve", "Anneliese", "Beatriz",
    ]

    /// Given names used for sex "M" (none appears in `femaleGiven`).
    static let maleGiven: [String] = [
        "James", "Daniel", "Michael", "David", "Samuel", "Benjamin", "Henry", "Thomas", "William", "Joseph",
        "Matthew", "Andrew", "Robert", "Charles", "Arthur", "George", "Oliver", "Liam", "Noah", "Ethan",
        "Lucas", "Mateo", "Diego", "Carlos", "Javier", "Luis", "Rafael", "Tiago", "Joao", "Ahmed",
        "Omar", "Yusuf", "Karim", "Tariq", "Arjun", "Rohan", "Vikram", "Sanjay", "Hiroshi", "Kenji",
        "Takumi", "Min-jun", "Wei", "Jian", "Minh", "Quang", "Chinedu", "Emeka", "Kwame", "Kofi",
        "Tunde", "Sipho", "Lars", "Erik", "Magnus", "Piotr", "Tomasz", "Dmitri", "Stefan", "Declan",
    ]

    /// Family names of varied origins, with a few apostrophes, spaces, hyphens and periods.
    static let family: [String] = [
        "Okafor", "Nguyen", "Garcia", "Kowalski", "Haddad", "O'Brien", "Lindqvist", "Tanaka", "Patel", "Mensah",
        "Rossi", "Fischer", "Novak", "Moreau", "Castillo", "Adeyemi", "Kim", "Chen", "Singh", "Schmidt",
        "Murphy", "MacLeod", "Johansson", "Petrov", "Yilmaz", "Hernandez", "Silva", "Cohen", "Levy", "Abernathy",
        "Whitfield", "Thornton", "Delacroix", "Van Dyke", "De Luca", "Nakamura", "Takahashi", "Park", "Choi", "Tran",
        "Pham", "Alvarez", "Romero", "Mendoza", "Okonkwo", "Balogun", "Asante", "Mwangi", "Kariuki", "Hoffman",
        "Becker", "Jensen", "Larsen", "Nieminen", "Horvath", "Szabo", "Dvorak", "Papadopoulos", "Ferreira", "Santos",
        "Rahman", "Hussain", "Qureshi", "Khalil", "Mansour", "Sato", "Walsh", "Gallagher", "Fitzgerald", "McAllister",
        "Brennan", "Whitaker", "Holloway", "Pemberton", "Blackwood", "Rosenthal", "Navarro", "St. Clair", "Ward-Perkins", "D'Souza",
    ]

    /// Letters used for middle initials (no I, O, Q, U, X, Y, Z: rare as initials).
    static let initials: [String] = [
        "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "T", "V", "W",
    ]

    /// Street names, used with a type from `streetTypes`.
    static let streetNames: [String] = [
        "Maple Ridge", "Oak", "Cedar", "Willow Creek", "Birch Hollow", "Elm", "Pine", "Aspen", "Juniper", "Hawthorne",
        "Magnolia", "Chestnut", "Sycamore", "Laurel", "Alder", "Spruce", "Hemlock", "Cypress", "Mill", "Lakeview",
        "River", "Meadow", "Orchard", "Harbor", "Summit", "Highland", "Valley View", "Sunset", "Prospect", "Lincoln",
        "Jefferson", "Franklin", "Church", "Market", "Station", "Old Mill", "Fox Run", "Quail Hollow", "Stonegate", "Briarwood",
    ]

    /// Street type abbreviations (USPS style).
    static let streetTypes: [String] = ["St", "Ave", "Rd", "Dr", "Ln", "Ct", "Blvd", "Way", "Pl", "Ter", "Pkwy", "Cir"]

    /// Directional prefixes, used on a minority of streets ("1820 NE Alder St").
    static let directions: [String] = ["N", "S", "E", "W", "NE", "NW", "SE", "SW"]

    /// A city with its state and the first three digits of its ZIP codes (consistent with the state).
    struct City: Sendable, Equatable {
        var name: String
        var state: String
        var zipPrefix: String
    }

    /// Plausible, mostly fictional cities.
    static let cities: [City] = [
        City(name: "Springfield", state: "OR", zipPrefix: "974"),
        City(name: "Fairhaven", state: "WA", zipPrefix: "982"),
        City(name: "Millbrook", state: "NY", zipPrefix: "125"),
        City(name: "Ashford", state: "CT", zipPrefix: "062"),
        City(name: "Riverton", state: "WY", zipPrefix: "825"),
        City(name: "Lakewood Hills", state: "CO", zipPrefix: "801"),
        City(name: "Harlow", state: "MN", zipPrefix: "556"),
        City(name: "Pinecrest", state: "CA", zipPrefix: "953"),
        City(name: "Brookhaven", state: "GA", zipPrefix: "303"),
        City(name: "Maple Grove", state: "MN", zipPrefix: "553"),
        City(name: "Clearwater Bay", state: "FL", zipPrefix: "337"),
        City(name: "Oak Harbor", state: "WA", zipPrefix: "982"),
        City(name: "Eastbrook", state: "ME", zipPrefix: "046"),
        City(name: "Greenfield", state: "MA", zipPrefix: "013"),
        City(name: "Westfield Park", state: "NJ", zipPrefix: "070"),
        City(name: "Northvale", state: "IL", zipPrefix: "600"),
        City(name: "Silver Lake", state: "OH", zipPrefix: "442"),
        City(name: "Cedar Bluff", state: "VA", zipPrefix: "246"),
        City(name: "Granite Falls", state: "NC", zipPrefix: "286"),
        City(name: "Mesa Verde", state: "AZ", zipPrefix: "853"),
        City(name: "Red Rock", state: "NM", zipPrefix: "873"),
        City(name: "Bellmont", state: "TX", zipPrefix: "757"),
        City(name: "Willow Springs", state: "MO", zipPrefix: "657"),
        City(name: "Fox Hollow", state: "PA", zipPrefix: "173"),
        City(name: "Kingsport Landing", state: "TN", zipPrefix: "376"),
        City(name: "Stillwater Creek", state: "OK", zipPrefix: "740"),
        City(name: "Port Ellis", state: "MI", zipPrefix: "494"),
        City(name: "Hartwell", state: "VT", zipPrefix: "056"),
        City(name: "Lone Pine", state: "NV", zipPrefix: "894"),
        City(name: "Bayview", state: "WI", zipPrefix: "532"),
    ]

    /// Real North American area codes; the exchange 555 with lines 0100-0199 is reserved for
    /// fictional use in every one of them.
    static let areaCodes: [String] = [
        "503", "541", "206", "360", "415", "510", "617", "312", "303", "512",
        "614", "919", "704", "313", "651", "801", "208", "406", "802", "207",
    ]

    /// Institution name patterns: `{C}` a city, `{S}` a saint, `{L}` a landscape name,
    /// `{F}` a family name.
    static let institutionPatterns: [String] = [
        "St. {S} Regional Medical Center",
        "{C} General Hospital",
        "{C} Memorial Hospital",
        "{L} Medical Center",
        "{F} University Hospital",
        "Mercy Hospital of {C}",
        "{L} Neuroscience Institute",
        "University of {C} Medical Center",
        "{C} Community Hospital",
        "St. {S} Hospital and Imaging Center",
        "{L} Health {C} Campus",
        "{F} Clinic of {C}",
    ]

    /// Saints for "St. ..." institutions.
    static let saints: [String] = [
        "Brigid", "Jude", "Luke", "Agnes", "Vincent", "Catherine", "Francis", "Anne", "Joseph", "Clare",
        "Elizabeth", "Raphael",
    ]

    /// Landscape names for institutions.
    static let landscapes: [String] = [
        "Cedar Valley", "Lakeshore", "Riverbend", "Summit", "Pinecrest", "Harbor View", "Meadowbrook", "Bayside",
        "Northridge", "Silver Creek",
    ]

    /// Institutional department names (DICOM LO).
    static let departments: [String] = [
        "Radiology", "Neuroradiology", "Radiology MRI", "Diagnostic Imaging", "Neurology", "Neurosurgery",
        "Magnetic Resonance Imaging", "Imaging Services", "Medical Physics", "Nuclear Medicine",
        "Emergency Radiology", "Pediatric Radiology",
    ]

    /// Words left out of an institution's station prefix.
    static let prefixStopWords: [String] = ["of", "and", "the"]

    /// Modality codes for station names, weighted toward MR (the archive is brain MRI).
    static let stationModalities: [String] = ["MR", "MR", "MR", "MRI", "CT", "NEURO"]

    /// Site letters for medical record numbers.
    static let siteLetters: [String] = ["H", "M", "R", "S", "K", "G"]

    /// Issuers of insurance member numbers ("IN-dddd-dddd").
    static let insuranceIssuers: [String] = [
        "STATE INSURANCE", "BLUE RIVER HEALTH PLAN", "CASCADE MUTUAL INSURANCE", "NORTHSTAR HEALTH COOPERATIVE",
    ]

    /// Email domains: the reserved example domains only (RFC 2606).
    static let emailDomains: [String] = ["example.org", "example.com", "example.net"]
}
