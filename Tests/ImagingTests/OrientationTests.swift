import Foundation
import Testing
@testable import Imaging

/// Orientation codes against nibabel (Fixtures/nibabel/orientation.json, made by
/// Tests/Reference/imaging_orientation.py).
@Suite struct OrientationTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let affine: [[Double]]
        let axcodes: [String?]
        let ornt: [[Int]?]
        var matrix: Matrix4 { Matrix4(rows: affine) }
        var testDescription: String { name }
    }
    struct Fixture: Decodable { let nibabel: String; let cases: [Case] }

    static let cases: [Case] = {
        let url = TestSupport.fixture("nibabel/orientation.json")
        guard let data = try? Data(contentsOf: url), let f = try? JSONDecoder().decode(Fixture.self, from: data) else { return [] }
        return f.cases
    }()

    @Test func fixtureIsPresent() {
        #expect(Self.cases.count >= 20, "missing or unreadable Fixtures/nibabel/orientation.json; run Tests/Reference/imaging_orientation.py")
    }

    @Test(arguments: cases)
    func codeMatchesNibabel(_ c: Case) {
        #expect(Orientation.code(of: c.matrix) == c.axcodes.map { $0 ?? "?" }.joined())
        #expect(Orientation.axes(of: c.matrix).map { $0.map { [$0.axis, $0.sign] } } == c.ornt)
    }

    @Test func simpleCodes() {
        #expect(Orientation.code(of: .identity) == "RAS")
        #expect(Orientation.code(of: .diagonal([-1, -1, 1, 1])) == "LPS")
        #expect(Orientation.code(of: Matrix4(rows: [[-1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]])) == "LIA")
    }
}
