import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// Every augmentation transform: the same seed gives the same bytes, another seed other
/// bytes; spatial transforms move label maps (values and voxel type kept); intensity
/// transforms leave label maps alone; the record holds the drawn parameters.
@Suite struct AugmentDeterminismTests {
    static let spatial: Set<String> = ["random_affine", "random_elastic", "random_flip"]

    /// Parameters that make every draw matter on a small image.
    static let cases: [(String, [String: JSONValue])] = [
        ("random_affine", ["degrees": .number(20), "translation": .number(2)]),
        ("random_elastic", ["num_control_points": .number(5), "max_displacement": .number(3), "locked_borders": .number(1)]),
        ("random_flip", ["axes": .array([.number(0), .number(1), .number(2)])]),
        ("random_bias_field", [:]),
        ("random_gamma", [:]),
        ("random_noise", [:]),
        ("random_rician_noise", [:]),
        ("random_blur", [:]),
        ("random_motion", [:]),
        ("random_ghosting", [:]),
        ("random_spike", [:]),
    ]

    static func subject() throws -> Subject {
        let g = Geometry(spacing: [1.2, 1, 1.5], origin: [3, -4, 5])
        let image = try AugmentTestSupport.formula([12, 10, 8], geometry: g)
        let mask = try AugmentTestSupport.labels([12, 10, 8], geometry: g, as: UInt8.self, values: [0, 3, 7])
        return try Subject(image: image, labelMaps: ["mask": mask])
    }

    @Test func everyAugmentationIsRegistered() {
        let names = Set(TransformRegistry.names)
        for (name, _) in Self.cases { #expect(names.contains(name), "\(name)") }
    }

    @Test(arguments: AugmentDeterminismTests.cases.map(\.0))
    func sameSeedSameBytesOtherSeedOtherBytes(name: String) throws {
        let params = Self.cases.first { $0.0 == name }?.1 ?? [:]
        let input = try Self.subject()
        let (a, recordA) = try AugmentTestSupport.run(name, params, on: input, seed: 11)
        let (b, recordB) = try AugmentTestSupport.run(name, params, on: input, seed: 11)
        #expect(a.image.data == b.image.data)
        #expect(a.labelMaps["mask"]?.data == b.labelMaps["mask"]?.data)
        #expect(recordA == recordB)
        #expect(!recordA.isEmpty)
        // Another seed: some of a few seeds must change the image (a flip may draw the same axes).
        var differs = false
        for seed in UInt64(12)...UInt64(16) where !differs {
            let (c, _) = try AugmentTestSupport.run(name, params, on: input, seed: seed)
            differs = c.image.data != a.image.data
        }
        #expect(differs)
        // Label maps: moved by spatial transforms only, values and type kept.
        let mask = try #require(a.labelMaps["mask"])
        #expect(mask.voxelType == .uint8)
        #expect(Set(try #require(mask.values(as: UInt8.self))).isSubset(of: [0, 3, 7]))
        #expect(a.image.geometry == input.image.geometry)
        if !Self.spatial.contains(name) {
            #expect(mask.data == input.labelMaps["mask"]?.data)
        }
    }

    @Test func runsInsideAPipelineWithProbability() throws {
        let pipeline = try PipelineFile.parse("""
        seed: 3
        transforms:
          - random_affine: {degrees: 5}
          - random_elastic: {max_displacement: 2}
          - name: random_gamma
            p: 0.5
          - random_noise: {std: 0.1}
        """)
        var s1 = try Self.subject(), s2 = try Self.subject()
        var r1 = SeededRandom(seed: 3, stream: "a"), r2 = SeededRandom(seed: 3, stream: "a")
        try pipeline.run(&s1, random: &r1)
        try pipeline.run(&s2, random: &r2)
        #expect(s1.image.data == s2.image.data)
        #expect(s1.history == s2.history)
        #expect(s1.history.map(\.name) == ["random_affine", "random_elastic", "random_gamma", "random_noise"])
    }
}
