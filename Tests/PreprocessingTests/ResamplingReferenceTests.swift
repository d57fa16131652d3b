import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// Resampling against scipy.ndimage.affine_transform (Tests/Reference/preprocessing_resampling.py).
@Suite struct ResamplingReferenceTests {
    @Test func gridsFollowTheReferencePlacement() throws {
        let f = try ResamplingFixture.load()
        let volume = try f.intensityVolume()
        for c in f.cases {
            let grid: SamplingGrid
            if let s = c.spacing {
                grid = try Resampler.grid(for: volume, spacing: s)
            } else if let s = c.shape {
                grid = try Resampler.grid(for: volume, shape: s)
            } else {
                continue
            }
            #expect(grid.shape == c.gridShape, "\(c.name)")
            #expect(grid.affine.maxAbsDifference(c.grid.affine) < 1e-9, "\(c.name)")
        }
    }

    @Test(arguments: Interpolation.allCases)
    func intensityMatchesScipy(_ interpolation: Interpolation) throws {
        let f = try ResamplingFixture.load()
        let volume = try f.intensityVolume()
        let tolerance = interpolation == .bspline ? 1e-3 : 1e-4
        for c in f.cases {
            let options = ResampleOptions(interpolation: interpolation, fill: f.fill, antialias: false)
            let out = try Resampler.resample(volume, onto: c.grid, options: options)
            #expect(out.voxelType == .float32)
            #expect(out.shape == c.gridShape)
            #expect(out.geometry.affine.maxAbsDifference(c.grid.affine) == 0)
            let got = try #require(out.values(as: Float.self))
            let d = ResamplingFixture.maxDifference(got, c.expected(interpolation))
            print("resampling \(c.name) \(interpolation): max |medsynth - scipy| = \(d)")
            #expect(d <= tolerance, "\(c.name) \(interpolation): \(d)")
            #expect(got.filter { $0 == f.fill }.count >= c.outsideCount, "\(c.name)")
        }
    }

    @Test func labelMapsMatchScipyNearestAndKeepTheirType() throws {
        let f = try ResamplingFixture.load()
        let labels = try f.labelVolume()
        for c in f.cases {
            // Linear asked for, but label maps are always nearest and never antialiased.
            let out = try Resampler.resample(labels, onto: c.grid, options: ResampleOptions(interpolation: .linear, fill: 9, antialias: true), isLabelMap: true)
            #expect(out.voxelType == .int16)
            let got = try #require(out.values(as: Int16.self)).map(Int.init)
            #expect(got == c.labels, "\(c.name): \(zip(got, c.labels).filter { $0 != $1 }.count) voxels differ")
        }
    }
}
