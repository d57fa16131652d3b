import Testing
@testable import NeuralCore

struct BLASTests {
    @Test func describesTheLibraryAndMeasuresSGEMM() throws {
        let info = try BLAS.info()
        #expect(info.configuration.contains("OpenBLAS"))
        #expect(!info.coreName.isEmpty)
        #expect(info.threads >= 1)
        let t = try BLAS.measureSGEMM(size: 256, repetitions: 3)
        #expect(t.size == 256 && t.repetitions == 3)
        #expect(t.medianSeconds > 0 && t.gflops > 0 && t.gflops.isFinite)
        #expect(throws: TensorError.self) { try BLAS.measureSGEMM(size: 0) }
    }
}
