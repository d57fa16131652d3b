import Foundation
import Imaging
import Testing
@testable import Phantoms

@Suite struct PhantomAnatomyTests {
    static var installed: Bool { FileManager.default.fileExists(atPath: PhantomAnatomy.defaultDirectory + "/ch2.nii.gz") }

    @Test(.enabled(if: installed, "mricron-data is not installed"))
    func tissueClassesArePlausible() throws {
        let a = try PhantomAnatomy.load()
        #expect(a.t1.shape.prefix(3) == [181, 217, 181])
        let labels = a.tissue.values(as: UInt8.self) ?? []
        var counts = [Int](repeating: 0, count: 5)
        for l in labels { counts[Int(l)] += 1 }
        let brain = counts[1] + counts[2] + counts[3]
        // Colin27's brain (ch2bet) holds about 1.1 to 1.8 litres at 1 mm voxels.
        #expect(brain > 1_100_000 && brain < 1_800_000, "\(counts)")
        // Grey and white matter dominate; CSF is the smallest class; the means ascend (T1: CSF dark).
        #expect(counts[2] > counts[1] && counts[3] > counts[1], "\(counts)")
        #expect(a.tissueMeans[0] < a.tissueMeans[1] && a.tissueMeans[1] < a.tissueMeans[2], "\(a.tissueMeans)")
        #expect(counts[4] > 0)
        // The AAL atlas labels brain voxels.
        let atlas = a.atlas.values(as: UInt8.self) ?? []
        #expect(Set(atlas).count > 90)
    }

    @Test func missingTemplatesNameThePackage() {
        #expect {
            _ = try PhantomAnatomy.load(directory: "/nonexistent/templates")
        } throws: { e in
            "\(e)".contains("mricron-data") && "\(e)".contains("/nonexistent/templates/ch2.nii.gz")
        }
    }
}
