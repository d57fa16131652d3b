import ArgumentParser

@main
struct Medsynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medsynth",
        abstract: "Medical imaging data and synthetic-image evaluation toolkit.",
        discussion: """
        Examples:
          medsynth info scan.dcm
          medsynth info ./archive --json
          medsynth convert ./archive -o ./nifti
          medsynth anonymize ./archive -o ./release --key-file site.key --create-key
          medsynth audit phi ./release --original ./archive --key-file site.key
          medsynth preprocess ./nifti -o ./prep --orient RAS --spacing 1 --normalize zscore
          medsynth slices ./prep -o ./png --axis axial --size 64 --split 0.8 --seed 7
          medsynth score --real ./real --synthetic ./fake --paired --json scores.json
          medsynth doctor
          medsynth version --json
        """,
        version: "medsynth 0.1.0",
        subcommands: [InfoCommand.self, ConvertCommand.self, AnonymizeCommand.self, AuditCommand.self, PreprocessCommand.self, SlicesCommand.self, ScoreCommand.self, DemoDataCommand.self, DemoCommand.self, BenchCommand.self, DoctorCommand.self,
                      VersionCommand.self, DevSeriesCommand.self]
    )
}
