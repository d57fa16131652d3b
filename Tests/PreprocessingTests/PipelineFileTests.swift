import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite struct PipelineFileTests {
    @Test func parsesShortAndLongForms() throws {
        let p = try PipelineFile.parse("""
        seed: 7
        transforms:
          - reorient: {code: LPS}
          - name: reorient
            code: RAS
            p: 0.25
        """)
        #expect(p.seed == 7)
        #expect(p.steps.count == 2)
        #expect(p.steps[0].transform.name == "reorient")
        #expect(p.steps[0].transform.parameters["code"] == .string("LPS"))
        #expect(p.steps[1].probability == 0.25)
    }

    @Test func unknownTransformNamesTheTransformAndFile() {
        #expect {
            _ = try PipelineFile.parse("transforms:\n  - warp_drive: {}\n", source: "my.yaml")
        } throws: { e in
            let text = "\(e)"
            return text.contains("my.yaml") && text.contains("warp_drive")
        }
    }

    @Test func unknownParameterIsAnError() {
        #expect {
            _ = try PipelineFile.parse("- reorient: {cdoe: RAS}\n", source: "p.yaml")
        } throws: { e in "\(e)".contains("cdoe") && "\(e)".contains("p.yaml") }
    }

    @Test func badAxisCodeAndProbabilityAreErrors() {
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- reorient: {code: RAR}\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- name: reorient\n  p: 1.5\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("transforms: [\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("colour: blue\ntransforms: []\n") }
    }

    @Test func recordsEveryStepIncludingSkippedOnes() throws {
        let v = try TestSupport.volume([4, 3, 2], geometry: Geometry(spacing: [1, 2, 3], origin: [0, 0, 0], direction: [[-1, 0, 0], [0, -1, 0], [0, 0, 1]])) { i, j, k in Float(i + 10 * j + 100 * k) }
        var s = try Subject(image: v)
        let p = try PipelineFile.parse("- reorient: {code: RAS}\n- name: reorient\n  code: LPS\n  p: 0\n")
        var r = SeededRandom(seed: 1)
        try p.run(&s, random: &r)
        #expect(s.history.count == 2)
        #expect(s.history[0].applied["from"] == .string("LPS"))
        #expect(s.history[1].wasApplied == false)
        #expect(s.image.geometry.orientationCode == "RAS")
    }
}

@Suite struct SeededRandomTests {
    @Test func sameSeedSameSequence() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }, xc = (0..<5).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
        var s1 = SeededRandom(seed: 1, stream: "a.nii"), s2 = SeededRandom(seed: 1, stream: "b.nii")
        #expect(s1.next() != s2.next())
    }

    @Test func normalHasUnitMoments() {
        var r = SeededRandom(seed: 3)
        let xs = (0..<200_000).map { _ in r.normal() }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.01)
    }
}
