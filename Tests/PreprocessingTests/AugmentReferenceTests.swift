import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// medsynth's augmentation transforms against TorchIO 1.2.1 (fixed-parameter transforms),
/// from Fixtures/preprocessing/augmentation.json (Tests/Reference/preprocessing_augmentation.py).
@Suite struct AugmentReferenceTests {
    struct Case: Decodable {
        var name: String
        var output: [Float]
        var order: Int?
        var coefficients: [Double]?
        var gamma: Double?
        var input_offset: Float?
        var num_ghosts: Int?
        var axis: Int?
        var intensity: Double?
        var restore: Double?
        var positions: [[Double]]?
        var scales: [Double]?
        var degrees: [Double]?
        var translation: JSONValue?
        var counts: [Int]?
        var displacements: [Double]?
        var times: [Double]?
    }

    struct Fixture: Decodable {
        var shape: [Int]
        var spacing: [Double]
        var origin: [Double]
        var cases: [Case]
    }

    static func load() throws -> Fixture {
        let data = try Data(contentsOf: TestSupport.fixture("preprocessing/augmentation.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    static func input(_ f: Fixture) throws -> Volume {
        try AugmentTestSupport.formula(f.shape, geometry: Geometry(spacing: f.spacing, origin: f.origin))
    }

    static func cases(_ name: String) throws -> (Fixture, [Case]) {
        let f = try load()
        return (f, f.cases.filter { $0.name == name })
    }

    @Test func biasFieldMatchesTorchIO() throws {
        let (f, cs) = try Self.cases("bias_field")
        for c in cs {
            var s = try Subject(image: try Self.input(f))
            let field = try RandomBiasField.field(shape: f.shape, order: try #require(c.order), coefficients: try #require(c.coefficients))
            s.image.withMutableFloat32Buffer { b in for i in 0..<b.count { b[i] *= field[i] } }
            let d = AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(s.image), c.output)
            #expect(d < 1e-4, "max difference \(d)")
        }
        #expect(!cs.isEmpty)
    }

    @Test func gammaMatchesTorchIO() throws {
        let (f, cs) = try Self.cases("gamma")
        for c in cs {
            let offset = try #require(c.input_offset), g = try #require(c.gamma)
            let x = AugmentTestSupport.floats(try Self.input(f)).map { $0 + offset }
            let y = x.map { RandomGamma.power($0, g) }
            let d = AugmentTestSupport.maxAbsDifference(y, c.output)
            #expect(d < 1e-4, "gamma \(g): max difference \(d)")
        }
        #expect(cs.count == 2)
    }

    @Test func ghostingMatchesTorchIO() throws {
        let (f, cs) = try Self.cases("ghosting")
        for c in cs {
            var v = try Self.input(f)
            RandomGhosting.ghost(&v, numGhosts: try #require(c.num_ghosts), axis: try #require(c.axis),
                                 intensity: try #require(c.intensity), restore: c.restore)
            let d = AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(v), c.output)
            #expect(d < 1e-4, "axis \(c.axis ?? -1): max difference \(d)")
        }
        #expect(cs.count == 2)
    }

    @Test func spikeMatchesTorchIO() throws {
        let (f, cs) = try Self.cases("spike")
        for c in cs {
            var v = try Self.input(f)
            RandomSpike.spike(&v, positions: try #require(c.positions), intensity: try #require(c.intensity))
            let d = AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(v), c.output)
            #expect(d < 1e-4, "max difference \(d)")
        }
        #expect(!cs.isEmpty)
    }

    @Test func affineMatchesTorchIO() throws {
        let (f, cs) = try Self.cases("affine")
        for c in cs {
            var s = try Subject(image: try Self.input(f))
            guard case .array(let t)? = c.translation else { Issue.record("translation"); continue }
            let translation = t.compactMap { v -> Double? in if case .number(let d) = v { return d }; return nil }
            try RandomAffine.transform(&s, scales: try #require(c.scales), degrees: try #require(c.degrees), translation: translation)
            let d = AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(s.image), c.output)
            #expect(d < 1e-4, "degrees \(c.degrees ?? []): max difference \(d)")
        }
        #expect(cs.count == 2)
    }

    @Test func elasticDeformationMatchesTorchIO() throws {
        let (f, cs) = try Self.cases("elastic")
        for c in cs {
            var s = try Subject(image: try Self.input(f))
            try RandomElasticDeformation.deform(&s, counts: try #require(c.counts), displacements: try #require(c.displacements))
            let d = AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(s.image), c.output)
            #expect(d < 1e-4, "max difference \(d)")
        }
        #expect(!cs.isEmpty)
    }

    @Test func motionMatchesTorchIO() throws {
        let (f, cs) = try Self.cases("motion")
        for c in cs {
            var v = try Self.input(f)
            guard case .array(let rows)? = c.translation else { Issue.record("translation"); continue }
            let translation: [[Double]] = rows.map { row in
                guard case .array(let a) = row else { return [] }
                return a.compactMap { if case .number(let d) = $0 { return d }; return nil }
            }
            let times = try #require(c.times)
            try RandomMotion.move(&v, axis: try #require(c.axis), degrees: times.map { _ in [0, 0, 0] },
                                  translation: translation, times: times)
            let d = AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(v), c.output)
            #expect(d < 1e-4, "max difference \(d)")
        }
        #expect(!cs.isEmpty)
    }
}
