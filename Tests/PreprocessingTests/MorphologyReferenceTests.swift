import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// Binary morphology against scipy.ndimage (Fixtures/preprocessing/intensity.json).
@Suite struct MorphologyReferenceTests {
    let f: IntensityFixture
    init() throws { f = try IntensityFixture.load() }

    func differing(_ a: Volume, _ b: Volume) -> Int {
        zip(a.doubles(), b.doubles()).filter { $0 != $1 }.count
    }

    @Test(arguments: [("cube1", StructuringElement.cube(radius: 1)), ("ball1", .ball(radius: 1)),
                      ("ball2", .ball(radius: 2)), ("cube2", .cube(radius: 2))])
    func erosionDilationClosingOpeningMatchScipy(key: String, element: StructuringElement) throws {
        let m = try f.mask("binary")
        let cases: [(String, Volume)] = [
            ("erosion", try m.eroded(by: element)),
            ("dilation", try m.dilated(by: element)),
            ("closing", try m.closed(by: element)),
            ("opening", try m.opened(by: element)),
            ("closing_padded", try m.closed(by: element, padBorder: true)),
        ]
        for (op, got) in cases {
            let want = try f.mask("morphology", key, op)
            #expect(got.voxelType == .uint8)
            #expect(differing(got, want) == 0, "\(key) \(op): \(differing(got, want)) voxels differ")
        }
    }

    @Test func fillHolesMatchesScipy() throws {
        let m = try f.mask("binary")
        let got = try m.holesFilled()
        #expect(differing(got, try f.mask("fill_holes")) == 0)
        #expect(got.nonZeroCount > m.nonZeroCount)  // the fixture has a hole to fill
    }

    @Test(arguments: [(Connectivity.six, "6"), (.twentySix, "26")])
    func largestComponentMatchesScipyLabel(connectivity: Connectivity, key: String) throws {
        let m = try f.mask("binary")
        let want = try f.mask("largest_component", key, "largest")
        let (_, sizes) = ConnectedComponents.label(MaskGrid(m), connectivity: connectivity)
        #expect(Double(sizes.count) == (try f.number("largest_component", key, "components")))
        #expect(differing(try m.largestComponent(connectivity: connectivity), want) == 0)
    }
}
