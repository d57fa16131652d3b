import Foundation
import Preprocessing

/// Everything that identifies one simulated patient and the people and places around the
/// scans: fictitious, but shaped like a real hospital's records.
public struct PatientIdentity: Sendable, Codable, Equatable {
    public struct OtherID: Sendable, Codable, Equatable {
        public var value: String
        public var issuer: String
    }

    public var name: PersonName
    /// "F" or "M".
    public var sex: String
    /// YYYYMMDD.
    public var birthDate: String
    public var medicalRecordNumber: String
    public var otherIDs: [OtherID]
    public var address: PostalAddress
    public var phones: [String]
    public var email: String
    /// kg.
    public var weight: Double
    /// m.
    public var height: Double
    public var motherBirthName: PersonName?
    public var institution: Institution
    public var referringPhysician: PersonName
    /// A number identifying the referring physician (as in a national provider registry).
    public var referringPhysicianID: String
    public var referringPhysicianPhone: String
    public var performingPhysician: PersonName
    public var readingPhysician: PersonName
    public var technologist: PersonName
    public var stationName: String
    public var deviceSerialNumber: String

    /// A random identity; birth year such that the patient is 18-85 in `referenceYear`.
    public static func random(referenceYear: Int, random r: inout SeededRandom) -> PatientIdentity {
        let sex = r.uniform() < 0.5 ? "F" : "M"
        let name = SyntheticIdentity.person(sex: sex, random: &r)
        let year = referenceYear - 18 - r.int(below: 68)
        let month = 1 + r.int(below: 12), day = 1 + r.int(below: 28)
        let institution = SyntheticIdentity.institution(random: &r)
        let others = (0..<(1 + r.int(below: 2))).map { _ -> OtherID in
            let o = SyntheticIdentity.otherID(random: &r)
            return OtherID(value: o.value, issuer: o.issuer)
        }
        let height = (sex == "F" ? r.uniform(1.52...1.78) : r.uniform(1.62...1.93))
        let bmi = r.uniform(19...33)
        return PatientIdentity(
            name: name, sex: sex, birthDate: String(format: "%04d%02d%02d", year, month, day),
            medicalRecordNumber: SyntheticIdentity.medicalRecordNumber(random: &r), otherIDs: others,
            address: SyntheticIdentity.address(random: &r),
            phones: (0..<(1 + r.int(below: 2))).map { _ in SyntheticIdentity.phone(random: &r) },
            email: SyntheticIdentity.email(name, random: &r),
            weight: (bmi * height * height).rounded(), height: (height * 100).rounded() / 100,
            motherBirthName: r.uniform() < 0.4 ? SyntheticIdentity.person(sex: "F", random: &r) : nil,
            institution: institution, referringPhysician: SyntheticIdentity.clinician(random: &r),
            referringPhysicianID: String(format: "%010llu", 1_000_000_000 + r.next() % 8_999_999_999),
            referringPhysicianPhone: SyntheticIdentity.phone(random: &r),
            performingPhysician: SyntheticIdentity.clinician(random: &r),
            readingPhysician: SyntheticIdentity.clinician(random: &r),
            technologist: SyntheticIdentity.clinician(random: &r),
            stationName: SyntheticIdentity.stationName(institution: institution, random: &r),
            deviceSerialNumber: SyntheticIdentity.deviceSerialNumber(random: &r))
    }

    /// DICOM age string ("047Y") on a YYYYMMDD date.
    public func age(on date: String) -> String {
        func parts(_ s: String) -> (Int, Int, Int) {
            let d = Array(s.utf8).map { Int($0) - 48 }
            guard d.count == 8 else { return (0, 0, 0) }
            return (d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], d[4] * 10 + d[5], d[6] * 10 + d[7])
        }
        let (by, bm, bd) = parts(birthDate), (y, m, d) = parts(date)
        var years = y - by
        if (m, d) < (bm, bd) { years -= 1 }
        return String(format: "%03dY", max(0, years))
    }
}
