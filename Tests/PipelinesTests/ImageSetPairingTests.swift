import Foundation
import Metrics
import XCTest
@testable import Pipelines

final class ImageSetPairingTests: XCTestCase {
    var root = ""
    var pairing: ImagePairing!
    override func setUpWithError() throws {
        root = try ImageSetFixture.makeSets()
        pairing = ImagePairing.pair(real: try ImageSet.list(root: root + "/real"),
                                    synthetic: try ImageSet.list(root: root + "/synthetic"))
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func testPairsByKeyAcrossFormats() {
        XCTAssertEqual(pairing.pairs.map(\.key), ["glioma/IM0001", "glioma/a", "glioma/b", "top"])
        XCTAssertEqual(pairing.pairs.map(\.real.path), ["glioma/IM0001", "glioma/a.png", "glioma/b.png", "top.png"])
        XCTAssertEqual(pairing.pairs.map(\.synthetic.path), ["glioma/IM0001.dcm", "glioma/a.nii.gz", "glioma/b.png", "top.png"])
        XCTAssertFalse(pairing.isComplete)
    }

    func testUnpairedBothSidesAndConflictsAreListed() {
        XCTAssertEqual(pairing.onlyInReal.map(\.path), ["meningioma/d.nii", "meningioma/e.dcm", "meningioma/f.dcm", "pituitary/x.hdr"])
        XCTAssertEqual(pairing.onlyInSynthetic.map(\.path), ["meningioma/zzz.png"])
        XCTAssertEqual(pairing.conflicts.count, 1)
        let c = pairing.conflicts[0]
        XCTAssertEqual(c.key, "meningioma/c")
        XCTAssertEqual(c.real.map(\.path), ["meningioma/c.nii.gz"])
        XCTAssertEqual(c.synthetic.map(\.path), ["meningioma/c.nii.gz", "meningioma/c.png"])
        // Every item of both sets is in exactly one place.
        let realPlaced = pairing.pairs.map(\.real) + pairing.onlyInReal + pairing.conflicts.flatMap(\.real)
        let synthPlaced = pairing.pairs.map(\.synthetic) + pairing.onlyInSynthetic + pairing.conflicts.flatMap(\.synthetic)
        XCTAssertEqual(Set(realPlaced), Set(pairing.real.items))
        XCTAssertEqual(realPlaced.count, pairing.real.items.count)
        XCTAssertEqual(Set(synthPlaced), Set(pairing.synthetic.items))
        XCTAssertEqual(synthPlaced.count, pairing.synthetic.items.count)
    }

    func testPairingIsDeterministic() throws {
        let again = ImagePairing.pair(real: try ImageSet.list(root: root + "/real", workers: 1),
                                      synthetic: try ImageSet.list(root: root + "/synthetic", workers: 1))
        XCTAssertEqual(again.pairs, pairing.pairs)
        XCTAssertEqual(again.onlyInReal, pairing.onlyInReal)
        XCTAssertEqual(again.onlyInSynthetic, pairing.onlyInSynthetic)
        XCTAssertEqual(again.conflicts, pairing.conflicts)
    }

    func testLoadingAPairReadsBothAndReportsShapeMismatch() throws {
        let a = try pairing.load(pairing.pairs[1])
        XCTAssertEqual(a.real.pixels, [0, 10, 20, 30, 40, 50])
        XCTAssertEqual(a.synthetic.pixels, [1, 11, 21, 31, 41, 51])
        let dicom = try pairing.load(pairing.pairs[0])
        XCTAssertEqual(dicom.synthetic.pixels, (0..<6).map { Float(($0 + 101) * 2 - 100) })
        XCTAssertThrowsError(try pairing.load(pairing.pairs[2])) { error in
            let e = error as? ImageSetError
            XCTAssertEqual(e?.kind, .shapeMismatch)
            XCTAssertEqual(e?.path, root + "/real/glioma/b.png")
            XCTAssertTrue(e?.reason.contains("3x2") == true && e?.reason.contains("4x2") == true, "\(error)")
            XCTAssertTrue(e?.reason.contains(root + "/synthetic/glioma/b.png") == true, "\(error)")
        }
    }

    func testTwoOneFileSetsPairWhateverTheirNames() throws {
        let p = ImagePairing.pair(real: try ImageSet.list(root: root + "/real/glioma/a.png"),
                                  synthetic: try ImageSet.list(root: root + "/synthetic/glioma/a.nii.gz"))
        XCTAssertEqual(p.pairs.count, 1)
        XCTAssertTrue(p.isComplete)
        let other = ImagePairing.pair(real: try ImageSet.list(root: root + "/real/top.png"),
                                      synthetic: try ImageSet.list(root: root + "/synthetic/meningioma/zzz.png"))
        XCTAssertEqual(other.pairs.map(\.key), ["top"])
        XCTAssertEqual(try other.load(other.pairs[0]).synthetic.pixels, [9, 9, 9, 9])
    }

    func testEmptySetsPairToNothing() throws {
        let empty = root + "/empty"
        try ImageSetFixture.folder(empty)
        let p = ImagePairing.pair(real: try ImageSet.list(root: empty), synthetic: try ImageSet.list(root: root + "/synthetic"))
        XCTAssertEqual(p.pairs, [])
        XCTAssertEqual(p.onlyInReal, [])
        // Conflicting keys stay conflicts even with nothing to pair against.
        XCTAssertEqual(p.onlyInSynthetic.map(\.key), ["glioma/IM0001", "glioma/a", "glioma/b", "meningioma/zzz", "top"])
        XCTAssertEqual(p.conflicts.map(\.key), ["meningioma/c"])
    }
}
