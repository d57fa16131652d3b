import Testing
@testable import Imaging

@Suite struct VolumeReorientTests {
    func sample() throws -> Volume {
        let g = Geometry(spacing: [0.5, 1, 2], origin: [10, -20, 30], direction: [[0, 0, -1], [1, 0, 0], [0, -1, 0]])
        return try Volume(values: (0..<(3 * 4 * 5 * 2)).map { Int16($0) }, shape: [3, 4, 5, 2], geometry: g)
    }

    @Test func flipsKeepWorldPositionsAndUndoThemselves() throws {
        let v = try sample()
        for axis in 0..<3 {
            let f = v.flipped(axis: axis)
            var idx = [1.0, 2.0, 3.0]
            let before = v.geometry.world(idx)
            idx[axis] = Double(v.shape[axis] - 1) - idx[axis]
            let after = f.geometry.world(idx)
            for i in 0..<3 { #expect(abs(before[i] - after[i]) < 1e-12) }
            #expect(f.flipped(axis: axis).data == v.data)
            #expect(f.data != v.data)
        }
    }

    @Test func reorientToCanonicalAndBack() throws {
        let v = try sample()
        #expect(v.geometry.orientationCode == "IRP")
        let ras = v.closestCanonical()
        #expect(ras.geometry.orientationCode == "RAS")
        #expect(ras.shape == [4, 5, 3, 2])
        // The voxel at old index (i, j, k) sits at the same world position in the new grid.
        let inverse = try #require(ras.geometry.affine.inverse)
        let p = v.geometry.world([2, 1, 4])
        let q = inverse.apply(p).map { Int($0.rounded()) }
        let old = v.values(as: Int16.self)!, new = ras.values(as: Int16.self)!
        #expect(new[q[0] + 4 * (q[1] + 5 * q[2])] == old[2 + 3 * (1 + 4 * 4)])
        // Time points travel with their voxels.
        #expect(new[q[0] + 4 * (q[1] + 5 * q[2]) + 60] == old[2 + 3 * (1 + 4 * 4) + 60])
        let back = try #require(ras.reoriented(to: "IRP"))
        #expect(back.data == v.data)
        #expect(back.geometry.affine.maxAbsDifference(v.geometry.affine) < 1e-12)
        #expect(v.reoriented(to: "RRS") == nil)
    }
}
