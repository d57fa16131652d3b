import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// Known answers of random_affine, random_elastic and random_flip.
@Suite struct AugmentSpatialTests {
    static func value(_ v: Volume, _ i: Int, _ j: Int, _ k: Int) -> Float {
        v.withFloat32Buffer { $0[i + v.shape[0] * (j + v.shape[1] * k)] }
    }

    static func indexed(_ shape: [Int], geometry: Geometry = .identity()) throws -> Volume {
        try TestSupport.volume(shape, geometry: geometry) { i, j, k in Float(i + 100 * j + 10000 * k) }
    }

    /// +90 degrees about S turns R toward A: output (i, j, k) reads input (j, n - 1 - i, k).
    @Test func ninetyDegreesAboutSIsAnExactPermutation() throws {
        let n = 6
        let g = Geometry(spacing: [2, 2, 3], origin: [-5, 7, 1])
        let image = try Self.indexed([n, n, 4], geometry: g)
        let labels = try AugmentTestSupport.labels([n, n, 4], geometry: g, as: Int16.self, values: [0, 5, -2, 300])
        var s = try Subject(image: image, labelMaps: ["seg": labels])
        let (out, record) = try AugmentTestSupport.run("random_affine", [
            "degrees": .array([0, 0, 0, 0, 90, 90].map { .number($0) }), "scales": .array([1, 1].map { .number($0) }),
        ], on: s)
        let inLabels = try #require(labels.values(as: Int16.self))
        let outLabels = try #require(out.labelMaps["seg"]?.values(as: Int16.self))
        for k in 0..<4 {
            for j in 0..<n {
                for i in 0..<n {
                    #expect(Self.value(out.image, i, j, k) == Self.value(image, j, n - 1 - i, k))
                    #expect(outLabels[i + n * (j + n * k)] == inLabels[j + n * ((n - 1 - i) + n * k)])
                }
            }
        }
        #expect(record["degrees"] == .array([.number(0), .number(0), .number(90)]))
        #expect(out.image.geometry == image.geometry)
        s = out
        #expect(s.labelMaps["seg"]?.voxelType == .int16)
    }

    /// +90 degrees about R turns A toward S: output (i, j, k) reads input (i, k, n - 1 - j).
    @Test func ninetyDegreesAboutRIsAnExactPermutation() throws {
        let n = 5
        let image = try Self.indexed([4, n, n])
        var s = try Subject(image: image)
        try RandomAffine.transform(&s, scales: [1, 1, 1], degrees: [90, 0, 0], translation: [0, 0, 0])
        for k in 0..<n { for j in 0..<n { for i in 0..<4 {
            #expect(Self.value(s.image, i, j, k) == Self.value(image, i, k, n - 1 - j))
        } } }
    }

    /// A translation of +2 mm along R on 1 mm voxels: output i reads input i - 2; the
    /// voxels brought in from outside get the image minimum.
    @Test func translationMovesTowardRightAndFillsWithTheMinimum() throws {
        let image = try Self.indexed([8, 3, 2])
        var s = try Subject(image: image, labelMaps: ["m": try AugmentTestSupport.labels([8, 3, 2], as: UInt8.self, values: [1, 2])])
        try RandomAffine.transform(&s, scales: [1, 1, 1], degrees: [0, 0, 0], translation: [2, 0, 0], padLabel: 9)
        for k in 0..<2 { for j in 0..<3 { for i in 0..<8 {
            let expected = i >= 2 ? Self.value(image, i - 2, j, k) : 0  // minimum of the image is 0
            #expect(Self.value(s.image, i, j, k) == expected)
        } } }
        let m = try #require(s.labelMaps["m"]?.values(as: UInt8.self))
        #expect(m[0] == 9 && m[1] == 9 && m[2] != 9)
    }

    /// Scaling by 2 about the centre of an odd grid keeps the centre voxel and doubles distances.
    @Test func scalingAboutTheCentre() throws {
        let image = try TestSupport.volume([9, 9, 1]) { i, j, _ in Float(i) * 10 + Float(j) }
        var s = try Subject(image: image)
        try RandomAffine.transform(&s, scales: [2, 2, 1], degrees: [0, 0, 0], translation: [0, 0, 0])
        // Output voxel i reads input 4 + (i - 4) / 2 (linear between neighbours).
        #expect(Self.value(s.image, 4, 4, 0) == 44)
        #expect(abs(Self.value(s.image, 6, 4, 0) - 54) < 1e-5)
        #expect(abs(Self.value(s.image, 5, 4, 0) - 49) < 1e-5)
    }

    @Test func labelValuesSurviveRandomAffineAndElasticExactly() throws {
        let big: Int32 = (1 << 30) + 1  // not representable in Float
        let shape = [14, 12, 10]
        let image = try AugmentTestSupport.formula(shape)
        let labels = try AugmentTestSupport.labels(shape, as: Int32.self, values: [0, 2, big, -7])
        let subject = try Subject(image: image, labelMaps: ["seg": labels])
        for (name, params) in [("random_affine", ["degrees": JSONValue.number(30), "scales": .number(0.3)]),
                               ("random_elastic", ["num_control_points": .number(5), "max_displacement": .number(6), "locked_borders": .number(0)])] {
            for seed in UInt64(1)...3 {
                let (out, _) = try AugmentTestSupport.run(name, params, on: subject, seed: seed)
                let m = try #require(out.labelMaps["seg"])
                #expect(m.voxelType == .int32)
                let values = Set(try #require(m.values(as: Int32.self)))
                #expect(values.isSubset(of: [0, 2, big, -7]), "\(name): \(values)")
                #expect(values.contains(big))
                #expect(m.data != labels.data, "\(name) moved nothing")
            }
        }
    }

    @Test func zeroDisplacementElasticIsTheIdentity() throws {
        let image = try AugmentTestSupport.formula([10, 9, 8])
        let subject = try Subject(image: image)
        let (out, _) = try AugmentTestSupport.run("random_elastic", ["max_displacement": .number(0)], on: subject)
        #expect(out.image.data == image.data)
        var s = subject
        try RandomElasticDeformation.deform(&s, counts: [5, 5, 5], displacements: [Double](repeating: 0, count: 375))
        #expect(s.image.data == image.data)
    }

    /// Cubic B-splines reproduce constants: every control point displaced by +1 voxel
    /// along R moves the whole image by exactly one voxel (output i reads input i + 1).
    @Test func uniformControlDisplacementIsAnExactShift() throws {
        let g = Geometry(spacing: [2, 1, 1], origin: [0, 0, 0])
        let image = try Self.indexed([9, 6, 5], geometry: g)
        var s = try Subject(image: image)
        let counts = [6, 5, 7]
        var d = [Double](repeating: 0, count: 3 * counts.reduce(1, *))
        for p in 0..<(d.count / 3) { d[3 * p] = 2 }  // 2 mm = 1 voxel along x
        try RandomElasticDeformation.deform(&s, counts: counts, displacements: d)
        for k in 0..<5 { for j in 0..<6 { for i in 0..<8 {
            #expect(abs(Self.value(s.image, i, j, k) - Self.value(image, i + 1, j, k)) < 1e-3)
        } } }
        #expect(Self.value(s.image, 8, 0, 0) == 0)  // from outside: the image minimum
    }

    @Test func lockedBordersKeepTheImageBorderInPlace() throws {
        // A ramp of slope 1 per voxel: a value change measures the displacement in voxels.
        let image = try TestSupport.volume([16, 16, 16]) { i, j, k in Float(i + j + k) }
        let subject = try Subject(image: image)
        let (out, record) = try AugmentTestSupport.run("random_elastic", ["max_displacement": .number(3)], on: subject, seed: 5)
        // Two locked layers: only control points two layers in move, with a weight of
        // about 0.235^3 at the corner voxel, so it moves by less than 0.05 voxel.
        #expect(abs(Self.value(out.image, 0, 0, 0) - Self.value(image, 0, 0, 0)) < 0.15)
        let centre = abs(Self.value(out.image, 8, 8, 8) - Self.value(image, 8, 8, 8))
        #expect(centre > 0)
        guard case .array(let points)? = record["control_point_displacements_mm"] else { Issue.record("no record"); return }
        #expect(points.count == 7 * 7 * 7 * 3)
        #expect(points[0] == .number(0))
    }

    @Test func flipMirrorsDataAndKeepsTheAffine() throws {
        // LAS image: voxel axis 0 runs toward L.
        let g = Geometry(spacing: [1, 1, 1], origin: [10, 0, 0], direction: [[-1, 0, 0], [0, 1, 0], [0, 0, 1]])
        let image = try Self.indexed([5, 4, 3], geometry: g)
        let mask = try AugmentTestSupport.labels([5, 4, 3], geometry: g, as: UInt8.self, values: [1, 2, 3])
        let subject = try Subject(image: image, labelMaps: ["m": mask])
        let (out, record) = try AugmentTestSupport.run("random_flip", ["axes": .array([.string("AP")]), "flip_probability": .number(1)], on: subject)
        #expect(record["flipped_axes"] == .array([.number(1)]))
        #expect(record["flipped_directions"] == .array([.string("AP")]))
        #expect(out.image.geometry == image.geometry)
        for k in 0..<3 { for j in 0..<4 { for i in 0..<5 {
            #expect(Self.value(out.image, i, j, k) == Self.value(image, i, 3 - j, k))
        } } }
        let m = try #require(out.labelMaps["m"]?.values(as: UInt8.self))
        let m0 = try #require(mask.values(as: UInt8.self))
        #expect(m[0] == m0[3 * 5])
        // "LR" on this image is voxel axis 0; twice is the identity.
        let (lr, r2) = try AugmentTestSupport.run("random_flip", ["axes": .string("Left"), "flip_probability": .number(1)], on: subject)
        #expect(r2["flipped_axes"] == .array([.number(0)]))
        var again = lr
        var r = SeededRandom(seed: 1)
        _ = try RandomFlip(axes: [.index(0)], flipProbability: 1).apply(to: &again, random: &r)
        #expect(again.image.data == image.data)
        // Probability 0: nothing flips.
        let (none, r0) = try AugmentTestSupport.run("random_flip", ["axes": .array([0, 1, 2].map { .number($0) }), "flip_probability": .number(0)], on: subject)
        #expect(none.image.data == image.data)
        #expect(r0["flipped_axes"] == .array([]))
    }

    @Test func spatialParametersAreValidated() {
        let bad: [(String, [String: JSONValue], String)] = [
            ("random_affine", ["degrees": .array([10, 5].map { .number($0) })], "random_affine.degrees"),
            ("random_affine", ["scales": .array([0, 1].map { .number($0) })], "random_affine.scales"),
            ("random_affine", ["scales": .number(1.5)], "random_affine.scales"),
            ("random_affine", ["center": .string("middle")], "random_affine.center"),
            ("random_affine", ["default_pad_value": .string("otsu")], "random_affine.default_pad_value"),
            ("random_affine", ["interpolation": .string("cubic")], "random_affine.interpolation"),
            ("random_affine", ["isotropic": .bool(true), "scales": .array([1, 2, 3].map { .number($0) })], "random_affine.scales"),
            ("random_elastic", ["num_control_points": .number(3)], "random_elastic.num_control_points"),
            ("random_elastic", ["num_control_points": .number(4)], "random_elastic.locked_borders"),
            ("random_elastic", ["max_displacement": .number(-1)], "random_elastic.max_displacement"),
            ("random_elastic", ["locked_borders": .number(3)], "random_elastic.locked_borders"),
            ("random_flip", ["flip_probability": .number(1.5)], "random_flip.flip_probability"),
            ("random_flip", ["axes": .number(3)], "random_flip.axes"),
            ("random_flip", ["axes": .string("X")], "random_flip.axes"),
        ]
        AugmentTestSupport.expectRejected(bad)
    }
}
