import Foundation
import Testing
@testable import Imaging

@Suite struct GeometryTests {
    /// Orthonormal direction cosines: voxel axes rotated 30 degrees about z, then flipped in y.
    static let direction: [[Double]] = {
        let c = 0.8660254037844387, s = 0.5
        return [[c, s, 0], [s, -c, 0], [0, 0, 1]]
    }()

    @Test func spacingOriginDirectionRoundTrip() {
        let g = Geometry(spacing: [0.5, 0.7, 3], origin: [-90, 126, -72], direction: Self.direction, timeStep: 2.5)
        for (a, b) in zip(g.spacing, [0.5, 0.7, 3]) { #expect(abs(a - b) < 1e-12) }
        #expect(g.origin == [-90, 126, -72])
        for c in 0..<3 {
            for r in 0..<3 { #expect(abs(g.direction[c][r] - Self.direction[c][r]) < 1e-12) }
        }
        #expect(g.timeStep == 2.5)
        // The affine's columns are direction * spacing.
        #expect(abs(g.affine[1, 0] - Self.direction[0][1] * 0.5) < 1e-15)
        #expect(abs(g.affine[0, 1] - Self.direction[1][0] * 0.7) < 1e-15)
        // Rebuilding from the derived values gives the same affine.
        let again = Geometry(spacing: g.spacing, origin: g.origin, direction: g.direction, timeStep: g.timeStep)
        #expect(again.affine.maxAbsDifference(g.affine) < 1e-12)
    }

    @Test func identityAndWorld() {
        let g = Geometry.identity(spacing: [2, 3, 4])
        #expect(g.affine == Matrix4.diagonal([2, 3, 4, 1]))
        #expect(g.world([1, 1, 1]) == [2, 3, 4])
        #expect(g.world([0.5, 0, 2]) == [1, 0, 8])
        #expect(g.orientationCode == "RAS")
        #expect(Geometry.identity().spacing == [1, 1, 1])
    }

    @Test func worldUsesOriginAndDirection() {
        let g = Geometry(spacing: [1, 2, 1], origin: [10, 20, 30], direction: [[0, 1, 0], [-1, 0, 0], [0, 0, 1]])
        #expect(g.world([0, 0, 0]) == [10, 20, 30])
        #expect(g.world([1, 0, 0]) == [10, 21, 30])
        #expect(g.world([0, 1, 0]) == [8, 20, 30])
        #expect(g.orientationCode == "ALS")
    }

    @Test func lpsAffineFlipsXAndY() {
        let g = Geometry(spacing: [0.5, 0.7, 3], origin: [-90, 126, -72], direction: Self.direction)
        let lps = g.lpsAffine
        for c in 0..<4 {
            #expect(lps[0, c] == -g.affine[0, c])
            #expect(lps[1, c] == -g.affine[1, c])
            #expect(lps[2, c] == g.affine[2, c])
        }
    }

    @Test func codableRoundTrip() throws {
        let g = Geometry(spacing: [0.5, 0.7, 3], origin: [1, 2, 3], direction: Self.direction, timeStep: 1.5)
        let data = try JSONEncoder().encode(g)
        #expect(try JSONDecoder().decode(Geometry.self, from: data) == g)
    }
}
