import Testing
@testable import Imaging

@Suite struct PatientSpaceTests {
    let ras = Matrix4(rows: [
        [-0.9, 0.1, 0, 120],
        [0.05, 0.8, -0.2, -100],
        [0, 0.15, 2.5, 40],
        [0, 0, 0, 1],
    ])

    @Test func lpsAndRasAreInverseConversions() {
        let lps = PatientSpace.lpsAffine(fromRAS: ras)
        #expect(PatientSpace.rasAffine(fromLPS: lps) == ras)
        #expect(lps.rows[0] == ras.rows[0].map { -$0 })
        #expect(lps.rows[1] == ras.rows[1].map { -$0 })
        #expect(lps.rows[2] == ras.rows[2])
        #expect(lps.rows[3] == [0, 0, 0, 1])
    }

    @Test func identityRASIsLPSDiagonal() {
        #expect(PatientSpace.lpsAffine(fromRAS: .identity) == Matrix4.diagonal([-1, -1, 1, 1]))
        // A DICOM-style identity LPS affine points voxel axes to L, P, S.
        #expect(Orientation.code(of: PatientSpace.rasAffine(fromLPS: .identity)) == "LPS")
    }

    @Test func pointConversionMatchesAffineConversion() {
        let voxel = [3.0, 4.0, 5.0]
        let viaPoint = PatientSpace.convertPoint(ras.apply(voxel))
        let viaAffine = PatientSpace.lpsAffine(fromRAS: ras).apply(voxel)
        #expect(viaPoint == viaAffine)
        #expect(PatientSpace.convertPoint(PatientSpace.convertPoint([1, -2, 3])) == [1, -2, 3])
    }

    @Test func rawValues() {
        #expect(PatientSpace(rawValue: "RAS") == .ras)
        #expect(PatientSpace(rawValue: "LPS") == .lps)
        #expect(PatientSpace(rawValue: "LAS") == nil)
    }
}
