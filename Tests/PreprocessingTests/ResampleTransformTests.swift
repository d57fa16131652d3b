import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite struct ResampleTransformTests {
    @Test func resamplesImageAndLabelMapsAndRecordsTheGrid() throws {
        let image = try ResamplingTests.smoothVolume([12, 10, 8], geometry: ResamplingTests.oblique)
        let mask = try Volume(values: (0..<(12 * 10 * 8)).map { Int16($0 % 3) }, shape: [12, 10, 8], geometry: ResamplingTests.oblique)
        var subject = try Subject(image: image, labelMaps: ["mask": mask])
        let pipeline = try PipelineFile.parse("transforms:\n  - resample: {spacing: 2, interpolation: bspline}\n")
        var random = SeededRandom(seed: 1)
        try pipeline.run(&subject, random: &random)
        let grid = try Resampler.grid(for: image, spacing: [2, 2, 2])
        #expect(subject.image.shape == grid.shape)
        #expect(subject.labelMaps["mask"]?.shape == grid.shape)
        #expect(subject.labelMaps["mask"]?.voxelType == .int16)
        #expect(subject.image.geometry.affine.maxAbsDifference(grid.affine) == 0)
        let record = try #require(subject.history.first)
        #expect(record.name == "resample")
        #expect(record.applied["shape"] == .array(grid.shape.map { .number(Double($0)) }))
        guard case .array(let rows)? = record.applied["affine"], case .array(let spacing)? = record.applied["spacing"] else {
            Issue.record("no affine or spacing in \(record.applied)")
            return
        }
        #expect(rows.count == 4)
        #expect(spacing.count == 3)
        #expect(record.parameters["interpolation"] == .string("bspline"))
        #expect(record.parameters["spacing"] == .array([.number(2), .number(2), .number(2)]))
    }

    @Test func transformEqualsTheResampler() throws {
        let image = try ResamplingTests.smoothVolume([12, 10, 8], geometry: ResamplingTests.oblique)
        var subject = try Subject(image: image)
        let t = try Resample(.shape([7, 13, 8]), options: ResampleOptions(interpolation: .linear, fill: 0, antialias: true))
        var random = SeededRandom(seed: 1)
        _ = try t.apply(to: &subject, random: &random)
        let direct = try Resampler.resample(image, onto: try Resampler.grid(for: image, shape: [7, 13, 8]))
        #expect(subject.image.data == direct.data)
    }

    static func failure(_ values: [String: JSONValue]) -> PreprocessError? {
        do {
            _ = try TransformRegistry.make("resample", values)
            return nil
        } catch {
            return error
        }
    }

    @Test func badParametersAreNamed() {
        func name(_ e: PreprocessError?) -> String? {
            switch e {
            case .invalidParameter(let n, _, _)?: return n
            case .unknownParameter(_, let n, _)?: return n
            default: return nil
            }
        }
        #expect(name(Self.failure([:])) == "resample.spacing")
        #expect(name(Self.failure(["spacing": .number(1), "shape": .array([.number(2), .number(2), .number(2)])])) == "resample.shape")
        #expect(name(Self.failure(["spacing": .number(0)])) == "resample.spacing")
        #expect(name(Self.failure(["spacing": .array([.number(1), .number(2)])])) == "resample.spacing")
        #expect(name(Self.failure(["shape": .array([.number(4), .number(0), .number(4)])])) == "resample.shape")
        #expect(name(Self.failure(["shape": .array([.number(4.5), .number(4), .number(4)])])) == "resample.shape")
        #expect(name(Self.failure(["spacing": .number(1), "interpolation": .string("cubic")])) == "resample.interpolation")
        #expect(name(Self.failure(["spacing": .number(1), "order": .number(3)])) == "order")
        #expect(Self.failure(["spacing": .number(1.5), "interpolation": .string("nearest"), "antialias": .bool(false), "fill": .number(-1)]) == nil)
    }
}
