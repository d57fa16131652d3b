import Foundation
import Imaging
import NIfTI
import XCTest

/// qform <-> matrix, both ways, as nifti1_io's quatern_to_mat44 / mat44_to_quatern.
final class NIfTIQFormTests: XCTestCase {
    /// Rotation by `angle` radians about the unit axis (Rodrigues).
    static func rotation(axis: [Double], angle: Double) -> [[Double]] {
        let n = (axis.map { $0 * $0 }.reduce(0, +)).squareRoot()
        let (x, y, z) = (axis[0] / n, axis[1] / n, axis[2] / n)
        let c = cos(angle), s = sin(angle), t = 1 - c
        return [
            [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
            [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
            [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
        ]
    }

    /// R * diag(spacing) (third column negated when qfac = -1), plus offset.
    static func affine(_ r: [[Double]], spacing: [Double], qfac: Double, offset: [Double]) -> Matrix4 {
        var m = Matrix4.identity
        for i in 0..<3 {
            for j in 0..<3 { m[i, j] = r[i][j] * spacing[j] * (j == 2 ? qfac : 1) }
            m[i, 3] = offset[i]
        }
        return m
    }

    static var cases: [(String, [[Double]])] {
        var out: [(String, [[Double]])] = [("identity", rotation(axis: [0, 0, 1], angle: 0))]
        for (name, axis) in [("x", [1.0, 0, 0]), ("y", [0, 1.0, 0]), ("z", [0, 0, 1.0]),
                             ("xy", [1.0, 1, 0]), ("xyz", [1.0, -2, 3]), ("yz", [0, 1.0, -1])] {
            for angle in [Double.pi, Double.pi / 2, -Double.pi / 3, 0.1, Double.pi - 1e-9, 2.5] {
                out.append(("\(name) \(angle)", rotation(axis: axis, angle: angle)))
            }
        }
        var rng = SeededGenerator(seed: 42)
        for i in 0..<50 {
            let axis = (0..<3).map { _ in Double.random(in: -1...1, using: &rng) }
            out.append(("random \(i)", rotation(axis: axis, angle: Double.random(in: -Double.pi...Double.pi, using: &rng))))
        }
        return out
    }

    func testMatrixToQFormToMatrix() {
        for (name, r) in Self.cases {
            for qfac in [1.0, -1.0] {
                let spacing = [0.75, 1.5, 3.25]
                let m = Self.affine(r, spacing: spacing, qfac: qfac, offset: [12.5, -100, 40])
                let q = NIfTIQForm(matrix: m)
                XCTAssertEqual(q.qfac, qfac, name)
                for i in 0..<3 { XCTAssertEqual(q.spacing[i], spacing[i], accuracy: 1e-9, name) }
                XCTAssertEqual(q.offset, [12.5, -100, 40], name)
                XCTAssertLessThanOrEqual(q.quaternB * q.quaternB + q.quaternC * q.quaternC + q.quaternD * q.quaternD, 1 + 1e-12, name)
                NIfTITestSupport.assertClose(q.matrix, m, 1e-6, "\(name) qfac \(qfac)")
            }
        }
    }

    func testQFormToMatrixToQForm() {
        var rng = SeededGenerator(seed: 9)
        for i in 0..<200 {
            var b = Double.random(in: -1...1, using: &rng), c = Double.random(in: -1...1, using: &rng)
            var d = Double.random(in: -1...1, using: &rng)
            let n = (b * b + c * c + d * d).squareRoot()
            if n > 1 { b /= n; c /= n; d /= n }  // a = sqrt(1 - |bcd|^2) must be real
            if i % 10 == 0 { (b, c, d) = (b / max(n, 1e-9), c / max(n, 1e-9), d / max(n, 1e-9)) }  // a = 0: 180 degrees
            let q = NIfTIQForm(quaternB: b, quaternC: c, quaternD: d, offset: [1, 2, 3], spacing: [2, 1, 0.5], qfac: i % 2 == 0 ? 1 : -1)
            let m = q.matrix
            let back = NIfTIQForm(matrix: m)
            XCTAssertEqual(back.qfac, q.qfac, "case \(i)")
            NIfTITestSupport.assertClose(back.matrix, m, 1e-6, "case \(i)")
            // The quaternion itself is the same up to sign (q and -q are one rotation; only a = 0 is ambiguous).
            let same = abs(back.quaternB - b) + abs(back.quaternC - c) + abs(back.quaternD - d)
            let flipped = abs(back.quaternB + b) + abs(back.quaternC + c) + abs(back.quaternD + d)
            XCTAssertLessThan(min(same, flipped), 1e-6, "case \(i): \(back) vs \(b) \(c) \(d)")
        }
    }

    func testKnownQuaternions() {
        // 180 degrees about x: b = 1 -> diag(1, -1, -1).
        let x180 = NIfTIQForm(quaternB: 1, quaternC: 0, quaternD: 0, offset: [0, 0, 0], spacing: [1, 1, 1], qfac: 1).matrix
        NIfTITestSupport.assertClose(x180, Matrix4.diagonal([1, -1, -1, 1]), 1e-12)
        // qfac -1 with the identity rotation flips the third axis.
        let flipZ = NIfTIQForm(quaternB: 0, quaternC: 0, quaternD: 0, offset: [0, 0, 0], spacing: [2, 2, 2], qfac: -1).matrix
        NIfTITestSupport.assertClose(flipZ, Matrix4.diagonal([2, 2, -2, 1]), 1e-12)
        // diag(-2, 2, 2) (LAS, as SPM writes): improper, so qfac -1 and the rest,
        // diag(-1, 1, -1), is 180 degrees about y.
        let las = NIfTIQForm(matrix: Matrix4.diagonal([-2, 2, 2, 1]))
        XCTAssertEqual(las.qfac, -1)
        XCTAssertEqual(abs(las.quaternC), 1, accuracy: 1e-12)
        NIfTITestSupport.assertClose(las.matrix, Matrix4.diagonal([-2, 2, 2, 1]), 1e-12)
        // Slightly denormalised b, c, d (float32 rounding of a 180-degree rotation) still gives a rotation.
        let near = NIfTIQForm(quaternB: 0, quaternC: 1.0000001, quaternD: 0, offset: [0, 0, 0], spacing: [1, 1, 1], qfac: 1).matrix
        NIfTITestSupport.assertClose(near, Matrix4.diagonal([-1, 1, -1, 1]), 1e-6)
    }

    func testNonOrthogonalMatrixGivesClosestRotation() {
        var m = Self.affine(Self.rotation(axis: [1, 2, 3], angle: 0.7), spacing: [1, 1, 1], qfac: 1, offset: [0, 0, 0])
        m[0, 1] += 0.01  // a small shear
        let q = NIfTIQForm(matrix: m)
        let r = q.matrix
        // Columns of the result are orthogonal, as long as the input's, and close to the input.
        for a in 0..<3 {
            XCTAssertEqual(q.spacing[a], (0..<3).map { m[$0, a] * m[$0, a] }.reduce(0, +).squareRoot(), accuracy: 1e-12)
            for b in 0..<3 {
                let dot = (0..<3).map { r[$0, a] * r[$0, b] }.reduce(0, +) / (q.spacing[a] * q.spacing[b])
                XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-9)
            }
        }
        XCTAssertLessThan(r.maxAbsDifference(m), 0.02)
    }

    func testThresholdFollowsStoredPrecision() {
        // b, c, d from example4d / example_nifti2: |bcd|² = 1 - 1.0e-9.
        let (b, c, d) = (-1.9451068140294884e-26, -0.9967085123062134, -0.0810687392950058)
        var h = NIfTIHeader()
        h.quaternB = b; h.quaternC = c; h.quaternD = d
        h.pixdim = [-1, 2, 2, 2.2, 1, 1, 1, 1]
        h.version = .nifti1  // float32 storage: a is taken as 0
        XCTAssertEqual(h.qformMatrix[0, 2], 0, accuracy: 1e-12)
        h.version = .nifti2  // float64 storage: a = sqrt(1e-9) = 3.17e-5, as nibabel
        XCTAssertEqual(h.qformMatrix[0, 2], -2 * 2 * (b * d + 3.1708883e-5 * c) * 2.2 / 2, accuracy: 1e-9)
    }

    func testHeaderSetQFormAndPrecedence() {
        var h = NIfTIHeader()
        h.dim = [3, 10, 20, 30, 1, 1, 1, 1]
        h.pixdim = [1, 2, 3, 4, 1, 1, 1, 1]
        // No codes: nibabel's base affine (x flipped, centred).
        NIfTITestSupport.assertClose(h.bestAffine, Matrix4(rows: [[-2, 0, 0, 9], [0, 3, 0, -28.5], [0, 0, 4, -58], [0, 0, 0, 1]]), 1e-12)
        let m = Self.affine(Self.rotation(axis: [0, 1, 1], angle: .pi), spacing: [2, 3, 4], qfac: -1, offset: [5, 6, 7])
        h.setQForm(m, code: 2)
        XCTAssertEqual(h.pixdim[0], -1)
        XCTAssertEqual(h.pixdim[1], 2, accuracy: 1e-12)
        NIfTITestSupport.assertClose(h.bestAffine, m, 1e-9, "qform used when sform_code is 0")
        let s = Matrix4.diagonal([1, 1, 1, 1])
        h.setSForm(s, code: 1)
        NIfTITestSupport.assertClose(h.bestAffine, s, 0, "sform wins when sform_code > 0")
        h.sformCode = 0
        NIfTITestSupport.assertClose(h.bestAffine, m, 1e-9)
    }
}
