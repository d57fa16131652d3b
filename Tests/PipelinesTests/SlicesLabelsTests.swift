import Foundation
import Testing
@testable import Pipelines

@Suite struct SlicesLabelsTests {
    static let inputs = ["sub-01/a.nii.gz", "sub-02/a.nii.gz", "flat.nii"]

    func reason(_ csv: String, match: [String]? = nil) -> String? {
        do {
            let file = try LabelsFile.parse(csv, path: "labels.csv")
            if let m = match { _ = try file.match(m) }
            return nil
        } catch let e as PipelineError {
            #expect(e.path == "labels.csv")
            return e.reason
        } catch {
            return "\(error)"
        }
    }

    @Test func readsFileClassAndOptionalPatient() throws {
        let csv = "\u{FEFF}File,Class,patient\r\n# comment\nsub-01/a.nii.gz,tumor,P1\n\"sub-02/a.nii.gz\",healthy,\nflat.nii,\"tumor\",P1\n\n"
        let file = try LabelsFile.parse(csv, path: "labels.csv")
        let rows = try file.match(Self.inputs)
        #expect(rows["sub-01/a.nii.gz"]?.className == "tumor" && rows["sub-01/a.nii.gz"]?.patient == "P1")
        #expect(rows["sub-02/a.nii.gz"]?.patient == nil)  // empty cell: derived from the path later
        #expect(rows["flat.nii"]?.line == 5)
    }

    @Test func aUniqueFileNameIsEnoughAndAnAmbiguousOneIsNot() throws {
        #expect(try LabelsFile.parse("file,class\nflat.nii,x\nsub-01/a.nii.gz,y\nsub-02/a.nii.gz,y\n", path: "l").match(Self.inputs).count == 3)
        let r = reason("file,class\na.nii.gz,x\nflat.nii,y\n", match: Self.inputs)
        #expect(r?.contains("matches 2 volumes") == true, "\(r ?? "")")
    }

    @Test func badFilesGiveClearReasons() {
        #expect(reason("file,class,age\nx,y,3\n")?.contains("unknown column 'age'") == true)
        #expect(reason("file,patient\nx,y\n")?.contains("'file' and 'class'") == true)
        #expect(reason("")?.contains("empty") == true)
        #expect(reason("file,class\n")?.contains("no rows") == true)
        #expect(reason("file,class\nx.nii\n")?.contains("line 2: 1 fields") == true)
        #expect(reason("file,class\nx.nii,\n")?.contains("'x.nii' has no class") == true)
        #expect(reason("file,class\nx.nii,../up\n")?.contains("cannot be a folder name") == true)
        #expect(reason("file,class\nx.nii,a\n./x.nii,b\n")?.contains("already listed on line 2") == true)
        let missing = reason("file,class\nsub-01/a.nii.gz,x\nsub-02/a.nii.gz,x\nflat.nii,x\ngone.nii.gz,x\n", match: Self.inputs)
        #expect(missing?.contains("line 5: 'gone.nii.gz' is not a NIfTI volume under the input folder") == true, "\(missing ?? "")")
        let unlabeled = reason("file,class\nsub-01/a.nii.gz,x\n", match: Self.inputs)
        #expect(unlabeled?.contains("2 volumes have no label: flat.nii, sub-02/a.nii.gz") == true, "\(unlabeled ?? "")")
    }

    @Test func csvFieldsWithCommasAndQuotesRoundTrip() {
        let row = ["a,b", "say \"hi\"", "plain", "two\nlines"]
        let text = row.map(CSVText.escape).joined(separator: ",") + "\n"
        let parsed = CSVText.parse(text)
        #expect(parsed.count == 1 && parsed[0].fields == row)
    }
}
