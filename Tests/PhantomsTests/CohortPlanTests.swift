import DICOM
import Testing
@testable import Phantoms

@Suite struct CohortPlanTests {
    @Test func classesAreBalancedForEveryCohortSize() {
        for n in 1...60 {
            let plan = CohortPlan(patients: n, holdoutFraction: 0.25, seed: 3)
            let sizes = TumourClass.allCases.map { c in plan.classes.filter { $0 == c }.count }
            #expect(sizes.max()! - sizes.min()! <= 1, "n = \(n): \(sizes)")
            #expect(sizes.reduce(0, +) == n)
        }
    }

    @Test func eachClassHoldsOutRoundedFractionAndEveryPatientHasOneSplit() {
        for (n, f) in [(40, 0.25), (10, 0.3), (7, 0.5), (100, 0.0)] {
            let plan = CohortPlan(patients: n, holdoutFraction: f, seed: 9)
            #expect(plan.splits.count == n && plan.classes.count == n)
            for c in TumourClass.allCases {
                let members = plan.classes.indices.filter { plan.classes[$0] == c }
                let held = members.filter { plan.splits[$0] == .holdout }.count
                #expect(held == Int((Double(members.count) * f).rounded(.toNearestOrAwayFromZero)), "\(c) n=\(n) f=\(f)")
            }
        }
    }

    @Test func theSeedDecides() {
        let a = CohortPlan(patients: 40, holdoutFraction: 0.25, seed: 1)
        #expect(a == CohortPlan(patients: 40, holdoutFraction: 0.25, seed: 1))
        #expect(a != CohortPlan(patients: 40, holdoutFraction: 0.25, seed: 2))
    }

    @Test func civilDatesRoundTrip() {
        #expect(CivilDate.string(days: 0) == "19700101")
        #expect(CivilDate.days(year: 2024, month: 2, day: 29) + 1 == CivilDate.days(year: 2024, month: 3, day: 1))
        for d in stride(from: -1000, to: 30000, by: 37) {
            let s = Array(CivilDate.string(days: d))
            let y = Int(String(s[0..<4]))!, m = Int(String(s[4..<6]))!, day = Int(String(s[6..<8]))!
            #expect(CivilDate.days(year: y, month: m, day: day) == d)
        }
    }

    @Test func ageIsWholeYearsOnTheStudyDate() {
        var id = PatientIdentity.sample
        id.birthDate = "19610412"
        #expect(id.age(on: "20240411") == "062Y")
        #expect(id.age(on: "20240412") == "063Y")
    }
}

extension PatientIdentity {
    /// Any identity, for tests of its functions.
    static var sample: PatientIdentity {
        var r = SeededRandomForTests.make()
        return PatientIdentity.random(referenceYear: 2024, random: &r)
    }
}
