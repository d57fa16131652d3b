import Foundation
import Imaging
import Preprocessing
import Testing
@testable import Phantoms

@Suite struct AcquisitionTests {
    @Test func gridsHaveTheDrawnGeometry() {
        var r = SeededRandomForTests.make(2)
        for n in 0..<200 {
            let plane = SlicePlane.allCases[n % 3]
            let a = SeriesAcquisition.random(contrast: .t2, plane: plane, random: &r)
            #expect(SeriesAcquisition.matrices.contains(a.matrix))
            #expect((1...5).contains(a.sliceThickness) && (0...15).contains(a.obliqueDegrees))
            let g = a.grid(centre: [1, 2, 3])
            let spacing = g.spacing
            #expect(abs(spacing[0] - a.fieldOfView / Double(a.matrix)) < 1e-9 && abs(spacing[2] - a.sliceThickness) < 1e-9)
            // The slice normal is within the oblique angle of the plane's normal.
            let w = (0..<3).map { g.affine[$0, 2] / a.sliceThickness }
            let cosine = abs(zip(w, plane.axes.normal).map(*).reduce(0, +))
            #expect(abs(acos(min(1, cosine)) * 180 / .pi - a.obliqueDegrees) < 1e-6)
            // The grid is centred on the given point.
            let c = g.affine.apply([Double(a.matrix - 1) / 2, Double(a.matrix - 1) / 2, Double(a.slices - 1) / 2])
            #expect(zip(c, [1.0, 2, 3]).allSatisfy { abs($0 - $1) < 1e-9 })
        }
    }

    @Test func ricianNoiseHasTheDrawnLevelAndDoesNotDependOnThreads() throws {
        let values = [Float](repeating: 500, count: 64 * 64 * 8)
        var v = try Volume(values: values, shape: [64, 64, 8])
        let flat = [Double](repeating: 0, count: 20)
        try MRSignal.corrupt(&v, biasCoefficients: flat, sigma: 20, seed: 4, stream: "s")
        let out = v.values(as: Float.self) ?? []
        let mean = out.reduce(0.0) { $0 + Double($1) } / Double(out.count)
        let sd = (out.reduce(0.0) { $0 + pow(Double($1) - mean, 2) } / Double(out.count)).squareRoot()
        // At SNR 25 the Rician is close to a Gaussian of the same sigma, mean slightly above 500.
        #expect(abs(mean - 500.4) < 1 && abs(sd - 20) < 0.6, "mean \(mean) sd \(sd)")
        var again = try Volume(values: values, shape: [64, 64, 8])
        try MRSignal.corrupt(&again, biasCoefficients: flat, sigma: 20, seed: 4, stream: "s")
        #expect(again.data == v.data)
    }

    @Test func lesionMembershipsAreSoftAndBounded() {
        let l = Lesion(tumourClass: .glioma, centre: [10, 0, 0], radius: 10, necrosisRadius: 5, edemaRadius: 18,
                       elongation: [1, 1, 1], lobes: [])
        let centre = l.memberships(10, 0, 0)
        #expect(centre.necrosis == 1 && centre.solid == 0)
        let rim = l.memberships(17.5, 0, 0)
        #expect(rim.solid == 1 && rim.edema == 0)
        let edema = l.memberships(24, 0, 0)
        #expect(edema.edema == 1 && edema.solid == 0)
        let outside = l.memberships(40, 0, 0)
        #expect(outside.solid + outside.necrosis + outside.edema == 0)
        let b = l.bounds
        #expect(b.lower[0] <= 10 - 18 && b.upper[0] >= 10 + 18)
    }
}
