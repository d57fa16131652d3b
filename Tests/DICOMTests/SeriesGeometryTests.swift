import XCTest
@testable import DICOM
import Imaging

final class SeriesGeometryTests: XCTestCase {
    /// Axial slices (LPS IOP 1,0,0,0,1,0) at z = z0 + k*dz, given in shuffled order.
    func records(_ zs: [Double], iop: [Double] = [1, 0, 0, 0, 1, 0], times: [Double]? = nil, x: (Double) -> Double = { _ in 0 }) -> [SliceRecord] {
        zs.enumerated().map { i, z in
            SliceRecord(path: "f\(i)", frame: 0, position: [x(z) - 10, -20, z], orientation: iop, pixelSpacing: [0.5, 0.8],
                        rows: 4, columns: 3, instanceNumber: i + 1, timeKey: times?[i] ?? 0, echoNumber: nil, echoTime: nil,
                        sopInstanceUID: "1.2.\(i)", sliceThickness: 2, spacingBetweenSlices: nil)
        }
    }

    func series(_ r: [SliceRecord]) -> DicomSeries {
        DicomSeries(seriesInstanceUID: "1.2.3", seriesNumber: 1, seriesDescription: "t", modality: "MR",
                    header: Dataset(), slices: r, splitLabel: nil)
    }

    func testSortsAlongNormalAndBuildsAffine() throws {
        let layout = try SeriesGeometry.layout(series(records([6, 0, 4, 2].map { $0 + 30 })))
        XCTAssertEqual(layout.slices.map { $0[0].position![2] }, [30, 32, 34, 36])
        XCTAssertEqual(layout.shape, [3, 4, 4])
        XCTAssertEqual(layout.sliceSpacing, 2, accuracy: 1e-9)
        // LPS affine: columns = row dir * column spacing (0.8), col dir * row spacing (0.5), slice vector.
        let a = layout.lpsAffine
        XCTAssertEqual(a[0, 0], 0.8); XCTAssertEqual(a[1, 1], 0.5); XCTAssertEqual(a[2, 2], 2)
        XCTAssertEqual(a[0, 3], -10); XCTAssertEqual(a[2, 3], 30)
        // RAS: x and y negated.
        let g = layout.geometry
        XCTAssertEqual(g.affine[0, 0], -0.8); XCTAssertEqual(g.affine[1, 1], -0.5); XCTAssertEqual(g.affine[0, 3], 10)
        XCTAssertEqual(g.orientationCode, "LPS")
        XCTAssertEqual(layout.gantryTiltDegrees, 0, accuracy: 1e-9)
    }

    func testRepeatedPositionsBecomeTimePoints() throws {
        let zs: [Double] = [0, 2, 4, 0, 2, 4]
        let layout = try SeriesGeometry.layout(series(records(zs, times: [10, 10, 10, 20, 20, 20])))
        XCTAssertEqual(layout.shape, [3, 4, 3, 2])
        XCTAssertEqual(layout.slices[1].map(\.timeKey), [10, 20])
    }

    func testMissingSliceIsAnError() {
        XCTAssertThrowsError(try SeriesGeometry.layout(series(records([0, 2, 4, 8, 10])))) { e in
            XCTAssertTrue("\(e)".contains("missing slices"), "\(e)")
        }
    }

    func testNonUniformSpacingIsAnError() {
        XCTAssertThrowsError(try SeriesGeometry.layout(series(records([0, 2, 4, 7, 9])))) { e in
            XCTAssertTrue("\(e)".contains("non-uniform"), "\(e)")
        }
    }

    func testDuplicateInstanceIsDroppedWithWarning() throws {
        var r = records([0, 2, 4])
        r.append(r[1])
        let layout = try SeriesGeometry.layout(series(r))
        XCTAssertEqual(layout.shape, [3, 4, 3])
        XCTAssertTrue(layout.warnings.contains { $0.contains("duplicate") })
    }

    func testDuplicatedSliceWithDistinctUIDButSameTimeIsAnError() {
        var r = records([0, 2, 4])
        var dup = r[1]
        dup.sopInstanceUID = "9.9"
        dup.path = "copy"
        r.append(dup)
        XCTAssertThrowsError(try SeriesGeometry.layout(series(r)))
    }

    func testGantryTiltIsDetectedAndKeptAsShear() throws {
        // Positions shift in x by 0.5 mm per 2 mm slice: about 14 degrees.
        let layout = try SeriesGeometry.layout(series(records([0, 2, 4, 6], x: { $0 * 0.25 })))
        XCTAssertEqual(layout.gantryTiltDegrees, atan(0.25) * 180 / .pi, accuracy: 1e-6)
        XCTAssertTrue(layout.warnings.contains { $0.contains("tilt") })
        XCTAssertEqual(layout.lpsAffine[0, 2], 0.5, accuracy: 1e-9)
    }

    func testSeriesWithoutGeometryGetsNominalSpacingAndWarning() throws {
        var r = records([0])
        r[0].position = nil
        r[0].orientation = nil
        let layout = try SeriesGeometry.layout(series(r))
        XCTAssertTrue(layout.geometryMissing)
        XCTAssertFalse(layout.warnings.isEmpty)
    }

    func testFlipKeepsWorldPositions() throws {
        let layout = try SeriesGeometry.layout(series(records([0, 2, 4])))
        let v = try Volume(values: (0..<36).map { Int16($0) }, shape: [3, 4, 3], geometry: layout.geometry)
        let f = v.flipped(axis: 1)
        // Voxel (1, 0, 2) of v is voxel (1, 3, 2) of f, at the same world position.
        XCTAssertEqual(f.values(as: Int16.self)![2 * 12 + 3 * 3 + 1], v.values(as: Int16.self)![2 * 12 + 0 * 3 + 1])
        let p = v.geometry.world([1, 0, 2]), q = f.geometry.world([1, 3, 2])
        for i in 0..<3 { XCTAssertEqual(p[i], q[i], accuracy: 1e-9) }
    }
}
