import Foundation
import Testing
@testable import Preprocessing

/// The example pipeline in Docs/examples stays valid: every transform and parameter it names exists.
@Suite struct ExamplePipelineTests {
    @Test func documentedExampleParses() throws {
        let path = TestSupport.repoRoot.appendingPathComponent("Docs/examples/augment.yaml").path
        let p = try PipelineFile.load(path: path)
        #expect(p.seed == 7)
        #expect(p.steps.count == 11)
        #expect(p.steps.map(\.transform.name).contains("random_elastic"))
    }
}
