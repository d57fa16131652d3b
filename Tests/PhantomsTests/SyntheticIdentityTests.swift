import Preprocessing
import Testing
@testable import Phantoms

@Suite struct SyntheticIdentityTests {
    /// Every value the generator makes, in a fixed order, as strings.
    static func draw(_ random: inout SeededRandom) -> [String] {
        let patient = SyntheticIdentity.person(sex: "F", random: &random)
        let other = SyntheticIdentity.otherID(random: &random)
        let institution = SyntheticIdentity.institution(random: &random)
        return [
            patient.dicom,
            SyntheticIdentity.person(sex: "M", random: &random).dicom,
            SyntheticIdentity.person(sex: "O", random: &random).dicom,
            SyntheticIdentity.address(random: &random).singleLine,
            SyntheticIdentity.phone(random: &random),
            SyntheticIdentity.medicalRecordNumber(random: &random),
            other.value, other.issuer,
            SyntheticIdentity.accessionNumber(year: 2024, random: &random),
            institution.name, institution.address.singleLine, institution.stationPrefix,
            institution.departments.joined(separator: "|"),
            SyntheticIdentity.clinician(random: &random).dicom,
            SyntheticIdentity.stationName(institution: institution, random: &random),
            SyntheticIdentity.deviceSerialNumber(random: &random),
            SyntheticIdentity.email(patient, random: &random),
        ]
    }

    /// ASCII printable characters only, never a backslash (the DICOM value separator).
    static func isDICOMSafe(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\\" }
    }

    /// Characters allowed in names and list entries.
    static func isNameText(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy {
            ($0.value >= 0x41 && $0.value <= 0x5A) || ($0.value >= 0x61 && $0.value <= 0x7A)
                || $0 == " " || $0 == "'" || $0 == "-" || $0 == "."
        }
    }

    static func isDigits(_ s: Substring) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 }
    }

    @Test func sameSeedGivesSameValues() {
        var a = SeededRandom(seed: 7, stream: "patient-001")
        var b = SeededRandom(seed: 7, stream: "patient-001")
        for _ in 0..<50 { #expect(Self.draw(&a) == Self.draw(&b)) }
    }

    @Test func differentStreamOrSeedGivesDifferentValues() {
        var a = SeededRandom(seed: 7, stream: "patient-001")
        var b = SeededRandom(seed: 7, stream: "patient-002")
        var c = SeededRandom(seed: 8, stream: "patient-001")
        let x = (0..<5).map { _ in Self.draw(&a) }
        let y = (0..<5).map { _ in Self.draw(&b) }
        let z = (0..<5).map { _ in Self.draw(&c) }
        #expect(x != y)
        #expect(x != z)
    }

    /// The generator's output is pinned: a change in draw order or lists shows up here, and
    /// a machine that produced other values would fail it.
    @Test func pinnedValues() {
        var r = SeededRandom(seed: 2024, stream: "pinned")
        let person = SyntheticIdentity.person(sex: "F", random: &r)
        let mrn = SyntheticIdentity.medicalRecordNumber(random: &r)
        let phone = SyntheticIdentity.phone(random: &r)
        #expect("\(person.dicom) \(mrn) \(phone)" == "Hussain^Yasmin G66913967 (704) 555-0199")
        let inst = SyntheticIdentity.institution(random: &r)
        #expect(inst.name + " / " + inst.address.singleLine + " / " + inst.departments.joined(separator: ",")
                == "Harbor View Neuroscience Institute / 6747 Sunset Ln, Lakewood Hills, CO 80181 / "
                + "Magnetic Resonance Imaging,Imaging Services,Nuclear Medicine")
    }

    @Test func valuesFitTheirVRs() throws {
        var r = SeededRandom(seed: 1, stream: "limits")
        for i in 0..<2000 {
            let sex = ["F", "M", "O", ""][i % 4]
            let p = SyntheticIdentity.person(sex: sex, random: &r)
            let c = SyntheticIdentity.clinician(random: &r)
            for name in [p, c] {
                #expect(Self.isNameText(name.family) && Self.isNameText(name.given), "\(name)")
                if let m = name.middle { #expect(Self.isNameText(m), "\(name)") }
                #expect(name.family.count <= 64 && name.given.count <= 64 && (name.middle?.count ?? 0) <= 64)
                #expect(name.dicom.count <= 64 && Self.isDICOMSafe(name.dicom), "\(name.dicom)")
                #expect(name.dicom.split(separator: "^", omittingEmptySubsequences: false).count == (name.middle == nil ? 2 : 3))
                #expect(name.display == "\(name.given) \(name.family)")
            }

            let a = SyntheticIdentity.address(random: &r)
            #expect(a.singleLine.count <= 64 && Self.isDICOMSafe(a.singleLine), "\(a.singleLine)")
            #expect(a.state.count == 2 && a.state == a.state.uppercased())
            #expect(a.postalCode.count == 5 && Self.isDigits(Substring(a.postalCode)))
            #expect(a.street.first.map { $0.isNumber } == true, "\(a.street)")

            let mrn = SyntheticIdentity.medicalRecordNumber(random: &r)
            #expect(mrn.count == 9 && mrn.first?.isLetter == true && Self.isDigits(mrn.dropFirst()), "\(mrn)")

            let other = SyntheticIdentity.otherID(random: &r)
            #expect(!other.value.isEmpty && other.value.count <= 16 && Self.isDICOMSafe(other.value), "\(other)")
            #expect(!other.issuer.isEmpty && other.issuer.count <= 64 && Self.isDICOMSafe(other.issuer), "\(other)")

            let accession = SyntheticIdentity.accessionNumber(year: 2024, random: &r)
            #expect(accession.count <= 16 && accession.hasPrefix("A2024") && Self.isDigits(accession.dropFirst()), "\(accession)")

            let inst = SyntheticIdentity.institution(random: &r)
            #expect(inst.name.count <= 64 && Self.isDICOMSafe(inst.name) && !inst.name.contains("{"), "\(inst.name)")
            #expect(inst.address.singleLine.count <= 64)
            #expect((2...4).contains(inst.departments.count) && Set(inst.departments).count == inst.departments.count)
            for d in inst.departments { #expect(d.count <= 64 && Self.isDICOMSafe(d)) }
            #expect((1...6).contains(inst.stationPrefix.count), "\(inst.stationPrefix)")
            #expect(inst.stationPrefix.unicodeScalars.allSatisfy { $0.value >= 0x41 && $0.value <= 0x5A }, "\(inst.stationPrefix)")

            let station = SyntheticIdentity.stationName(institution: inst, random: &r)
            #expect(station.count <= 16 && station.hasPrefix(inst.stationPrefix + "-") && Self.isDICOMSafe(station), "\(station)")

            let serial = SyntheticIdentity.deviceSerialNumber(random: &r)
            #expect(!serial.isEmpty && serial.count <= 64 && Self.isDICOMSafe(serial), "\(serial)")

            let email = SyntheticIdentity.email(p, random: &r)
            let parts = email.split(separator: "@")
            #expect(parts.count == 2 && email.count <= 64 && Self.isDICOMSafe(email) && !email.contains(" "), "\(email)")
            #expect(["example.org", "example.com", "example.net"].contains(String(parts.last ?? "")), "\(email)")
        }
    }

    @Test func phonesUseTheFictionalRange() throws {
        let pattern = try Regex(#"\(\d{3}\) 555-01\d{2}"#)
        var r = SeededRandom(seed: 3, stream: "phones")
        var lines = Set<String>()
        for _ in 0..<2000 {
            let phone = SyntheticIdentity.phone(random: &r)
            #expect(phone.wholeMatch(of: pattern) != nil, "\(phone)")
            #expect(phone.count <= 16)
            lines.insert(String(phone.suffix(2)))
        }
        #expect(lines.count == 100)
    }

    @Test func namesMatchTheSex() {
        var r = SeededRandom(seed: 4, stream: "sex")
        let female = Set(IdentityLists.femaleGiven), male = Set(IdentityLists.maleGiven)
        for _ in 0..<1000 {
            let f = SyntheticIdentity.person(sex: "F", random: &r)
            #expect(female.contains(f.given), "\(f)")
            if let m = f.middle, m.count > 1 { #expect(female.contains(m) && m != f.given, "\(f)") }
            let m = SyntheticIdentity.person(sex: "M", random: &r)
            #expect(male.contains(m.given), "\(m)")
            if let mid = m.middle, mid.count > 1 { #expect(male.contains(mid) && mid != m.given, "\(m)") }
        }
        // Any other value draws from both lists.
        var seen = (f: false, m: false)
        for _ in 0..<200 {
            let o = SyntheticIdentity.person(sex: "O", random: &r)
            if female.contains(o.given) { seen.f = true }
            if male.contains(o.given) { seen.m = true }
        }
        #expect(seen.f && seen.m)
    }

    @Test func personsAreVaried() {
        var r = SeededRandom(seed: 5, stream: "variety")
        var names = Set<String>(), families = Set<String>()
        for i in 0..<2000 {
            let p = SyntheticIdentity.person(sex: i.isMultiple(of: 2) ? "F" : "M", random: &r)
            names.insert(p.dicom)
            families.insert(p.family)
        }
        #expect(names.count > 500, "\(names.count)")
        #expect(families.count > 60, "\(families.count)")
    }

    @Test func listsAreCleanAndSized() {
        let all = IdentityLists.femaleGiven + IdentityLists.maleGiven + IdentityLists.family
            + IdentityLists.streetNames + IdentityLists.streetTypes + IdentityLists.cities.map(\.name)
            + IdentityLists.saints + IdentityLists.landscapes + IdentityLists.departments
        for s in all { #expect(Self.isNameText(s) && !s.contains("^"), "\(s)") }
        #expect(IdentityLists.femaleGiven.count >= 55 && IdentityLists.maleGiven.count >= 55)
        #expect(IdentityLists.family.count >= 75 && IdentityLists.streetNames.count >= 40)
        #expect(IdentityLists.cities.count >= 30 && IdentityLists.institutionPatterns.count == 12)
        #expect(Set(IdentityLists.femaleGiven).isDisjoint(with: IdentityLists.maleGiven))
        for list in [IdentityLists.femaleGiven, IdentityLists.maleGiven, IdentityLists.family,
                     IdentityLists.streetNames, IdentityLists.cities.map(\.name), IdentityLists.departments] {
            #expect(Set(list).count == list.count, "duplicates in \(list)")
        }
        for c in IdentityLists.cities {
            #expect(c.state.count == 2 && c.zipPrefix.count == 3 && Self.isDigits(Substring(c.zipPrefix)), "\(c)")
        }
    }

    /// The longest entries combined still fit: the limits hold for every draw, not just the sampled ones.
    @Test func worstCasesFit() {
        func longest(_ list: [String]) -> String { list.max { $0.count < $1.count } ?? "" }
        let city = IdentityLists.cities.max { $0.name.count < $1.name.count }
        let street = "9999 " + longest(IdentityLists.directions) + " " + longest(IdentityLists.streetNames)
            + " " + longest(IdentityLists.streetTypes)
        let address = PostalAddress(street: street, city: city?.name ?? "", state: "XX", postalCode: "99999")
        #expect(address.singleLine.count <= 64, "\(address.singleLine)")

        for pattern in IdentityLists.institutionPatterns {
            let name = pattern.replacing("{C}", with: city?.name ?? "")
                .replacing("{S}", with: longest(IdentityLists.saints))
                .replacing("{L}", with: longest(IdentityLists.landscapes))
                .replacing("{F}", with: longest(IdentityLists.family))
            #expect(name.count <= 64, "\(name)")
            let prefix = SyntheticIdentity.stationPrefix(for: name)
            #expect(prefix.count <= 6 && !prefix.isEmpty, "\(name) -> \(prefix)")
        }
        #expect(SyntheticIdentity.stationPrefix(for: "St. Brigid Regional Medical Center") == "SBRMC")
        #expect(SyntheticIdentity.stationPrefix(for: "Mercy Hospital of Fox Hollow") == "MHFH")

        let given = longest(IdentityLists.femaleGiven + IdentityLists.maleGiven)
        let person = PersonName(family: longest(IdentityLists.family), given: given, middle: given)
        #expect(person.dicom.count <= 64)
        var r = SeededRandom(seed: 6, stream: "email")
        for _ in 0..<50 { #expect(SyntheticIdentity.email(person, random: &r).count <= 64) }

        let station = "XXXXXX-" + longest(IdentityLists.stationModalities) + "9"
        #expect(station.count <= 16)
        #expect(SyntheticIdentity.accessionNumber(year: 123_456, random: &r).count <= 16)
        #expect(SyntheticIdentity.accessionNumber(year: 5, random: &r).hasPrefix("A0005"))
    }

    @Test func namesAndEmails() {
        let p = PersonName(family: "Okafor", given: "Grace", middle: "M")
        #expect(p.dicom == "Okafor^Grace^M")
        #expect(p.display == "Grace Okafor")
        #expect(PersonName(family: "O'Brien", given: "Ruth").dicom == "O'Brien^Ruth")
        var r = SeededRandom(seed: 9, stream: "email")
        var locals = Set<String>()
        for _ in 0..<200 {
            let e = SyntheticIdentity.email(PersonName(family: "O'Brien", given: "Ruth", middle: "K"), random: &r)
            #expect(e.contains("obrien") && !e.contains("'"), "\(e)")
            locals.insert(String(e.split(separator: "@").first ?? ""))
        }
        #expect(locals.contains("ruth.obrien") && locals.contains("robrien") && locals.contains("ruth.k.obrien"))
    }
}
