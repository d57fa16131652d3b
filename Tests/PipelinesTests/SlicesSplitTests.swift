import Foundation
import Preprocessing
import Testing
@testable import Pipelines

@Suite struct SlicesSplitTests {
    static let patients = (1...50).map { String(format: "P%03d", $0) }

    @Test func everyPatientIsInExactlyOneSplitWithTheRequestedCounts() throws {
        let f = try SplitFractions(parsing: "0.7,0.15")
        let a = f.assign(patients: Self.patients, seed: 7)
        #expect(a.count == 50)
        var bySplit: [DatasetSplit: Set<String>] = [:]
        for (p, s) in a { bySplit[s, default: []].insert(p) }
        // round(35) train, round(42.5) - 35 = 8 val, 7 test.
        #expect(bySplit[.train]?.count == 35 && bySplit[.val]?.count == 8 && bySplit[.test]?.count == 7)
        let all = DatasetSplit.allCases.map { bySplit[$0] ?? [] }
        #expect(all[0].isDisjoint(with: all[1]) && all[0].isDisjoint(with: all[2]) && all[1].isDisjoint(with: all[2]))
        #expect(all[0].union(all[1]).union(all[2]) == Set(Self.patients))
    }

    @Test func theSeedDecidesAndTheInputOrderDoesNot() throws {
        let f = try SplitFractions(parsing: "0.8")
        let a = f.assign(patients: Self.patients, seed: 3)
        #expect(f.assign(patients: Self.patients.reversed() + ["P001"], seed: 3) == a)
        let b = f.assign(patients: Self.patients, seed: 4)
        #expect(a != b)
        #expect(a.values.filter { $0 == .test }.count == 10)
        #expect(!a.values.contains(.val))
    }

    @Test func smallCountsRoundAndAllTrainWorks() throws {
        #expect(try SplitFractions(parsing: "0.8").counts(3) == [.train: 2, .val: 0, .test: 1])
        #expect(try SplitFractions(parsing: "1").counts(4) == [.train: 4, .val: 0, .test: 0])
        #expect(try SplitFractions(parsing: "0.5,0.5").counts(5) == [.train: 3, .val: 2, .test: 0])
        #expect(try SplitFractions(parsing: "0.8").assign(patients: ["only"], seed: 1) == ["only": .train])
    }

    @Test(arguments: ["0", "1.5", "-0.2", "0.8,0.3", "abc", "0.5,0.2,0.1", "", "0.7,0", "nan"])
    func badFractionsAreRefusedNamingTheParameter(_ text: String) {
        do {
            _ = try SplitFractions(parsing: text)
            Issue.record("accepted --split \(text)")
        } catch {
            guard case .invalidParameter(let name, _, let reason) = error else { Issue.record("\(error)"); return }
            #expect(name == "split" && !reason.isEmpty)
        }
    }

    @Test func patientIDsFromPaths() {
        #expect(PatientID.derive(relativePath: "sub-01/anat/sub-01_T1w.nii.gz") == "sub-01")
        #expect(PatientID.derive(relativePath: "P007/ct.nii") == "P007")
        #expect(PatientID.derive(relativePath: "sub-12_ses-2_T1w.nii.gz") == "sub-12")
        #expect(PatientID.derive(relativePath: "case_4.nii.gz") == "case_4")
        #expect(PatientID.derive(relativePath: "scan.hdr") == "scan")
        #expect(PatientID.fileSafe("Jane Doe/1") == "Jane_Doe_1")
        #expect(PatientID.fileSafe(".hidden") == "_hidden")
    }
}
