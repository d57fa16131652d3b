import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite struct GaussianSmoothingTests {
    @Test func matchesScipyGaussianFilter() throws {
        let f = try ResamplingFixture.load()
        for g in f.gaussian {
            var v = try f.intensityVolume()
            GaussianSmoothing.smooth(&v, sigma: g.sigma)
            let got = try #require(v.values(as: Float.self))
            let d = ResamplingFixture.maxDifference(got, g.values)
            print("gaussian sigma \(g.sigma): max |medsynth - scipy| = \(d)")
            #expect(d <= 1e-4, "sigma \(g.sigma): \(d)")
        }
    }

    @Test func zeroSigmaLeavesTheVolumeAlone() throws {
        let f = try ResamplingFixture.load()
        let before = try f.intensityVolume()
        var v = before
        GaussianSmoothing.smooth(&v, sigma: [0, 0, 0])
        #expect(v.data == before.data)
    }

    @Test func everyFrameIsSmoothedAlike() throws {
        let f = try ResamplingFixture.load()
        let one = try f.intensityVolume()
        var two = try Volume(voxelType: .float32, shape: f.shape + [2], geometry: one.geometry, data: one.data + one.data)
        var single = one
        GaussianSmoothing.smooth(&single, sigma: [1, 0.5, 2])
        GaussianSmoothing.smooth(&two, sigma: [1, 0.5, 2])
        #expect(two.data == single.data + single.data)
    }

    @Test func integerVolumesAreConvertedToFloat32() throws {
        var v = try Volume(values: [Int16](repeating: 5, count: 27), shape: [3, 3, 3])
        GaussianSmoothing.smooth(&v, sigma: [1, 1, 1])
        #expect(v.voxelType == .float32)
        let values = try #require(v.values(as: Float.self))
        #expect(values.allSatisfy { abs($0 - 5) < 1e-5 })
    }
}
