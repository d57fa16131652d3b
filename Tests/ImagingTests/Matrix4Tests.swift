import Testing
@testable import Imaging

@Suite struct Matrix4Tests {
    let affine = Matrix4(rows: [
        [0.0, -0.9, 0.2, 12],
        [1.1, 0.0, 0.3, -40],
        [0.1, 0.05, 3.0, 7],
        [0, 0, 0, 1],
    ])

    @Test func multiplyMatchesHandComputedProduct() {
        let a = Matrix4(rows: [[1, 2, 0, 0], [0, 1, 0, 0], [0, 0, 1, 3], [0, 0, 0, 1]])
        let b = Matrix4(rows: [[2, 0, 0, 1], [0, 3, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1]])
        let expected = Matrix4(rows: [[2, 6, 0, 1], [0, 3, 0, 0], [1, 0, 1, 3], [0, 0, 0, 1]])
        #expect(a * b == expected)
        #expect(Matrix4.identity * affine == affine)
        #expect(affine * .identity == affine)
    }

    @Test func inverseTimesMatrixIsIdentity() throws {
        let inv = try #require(affine.inverse)
        #expect((inv * affine).maxAbsDifference(.identity) < 1e-12)
        #expect((affine * inv).maxAbsDifference(.identity) < 1e-12)
        // A zero on the diagonal needs pivoting.
        let permuted = Matrix4(rows: [[0, 1, 0, 0], [0, 0, 2, 0], [4, 0, 0, 0], [0, 0, 0, 1]])
        let pinv = try #require(permuted.inverse)
        #expect((pinv * permuted).maxAbsDifference(.identity) < 1e-15)
        #expect(pinv[0, 2] == 0.25)
    }

    @Test func inverseOfSingularIsNil() {
        #expect(Matrix4.diagonal([1, 0, 1, 1]).inverse == nil)
        #expect(Matrix4(rows: [[1, 2, 3, 0], [2, 4, 6, 0], [0, 0, 1, 0], [0, 0, 0, 1]]).inverse == nil)
    }

    @Test func applyMapsPoints() {
        let p = affine.apply([1, 2, 3])
        #expect(abs(p[0] - (-0.9 * 2 + 0.2 * 3 + 12)) < 1e-12)
        #expect(abs(p[1] - (1.1 + 0.9 - 40)) < 1e-12)
        #expect(abs(p[2] - (0.1 + 0.1 + 9 + 7)) < 1e-12)
    }

    @Test func diagonalRowsAndSubscript() {
        let d = Matrix4.diagonal([2, 3, 4])
        #expect(d.rows == [[2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 0], [0, 0, 0, 1]])
        var m = d
        m[1, 3] = 9
        #expect(m.m[7] == 9)
        #expect(m.maxAbsDifference(d) == 9)
    }
}
