import ArgumentParser
import Pipelines

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print medsynth's version and the system libraries it is linked with.",
        discussion: "Example:\n  medsynth version --json")

    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        let libs = MedsynthVersion.libraries
        if json {
            print(try JSONOutput.string(["medsynth": MedsynthVersion.current].merging(libs) { a, _ in a }))
        } else {
            print("medsynth \(MedsynthVersion.current)")
            for k in libs.keys.sorted() { print("  \(k.padding(toLength: 9, withPad: " ", startingAt: 0)) \(libs[k] ?? "")") }
        }
    }
}
