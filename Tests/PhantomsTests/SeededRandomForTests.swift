import Preprocessing

enum SeededRandomForTests {
    static func make(_ seed: UInt64 = 5) -> SeededRandom { SeededRandom(seed: seed, stream: "tests") }
}
