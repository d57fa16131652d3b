import ArgumentParser
struct Medsynth: ParsableCommand {}
Medsynth.main()
