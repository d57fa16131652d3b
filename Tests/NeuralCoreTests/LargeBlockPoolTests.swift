import Testing
@testable import NeuralCore

/// Large tensors come from a pool of reused blocks: a reused block is zeroed when a zeroed
/// tensor is asked for, and blocks are reused rather than mapped again.
struct LargeBlockPoolTests {
    @Test func reusedBlocksAreZeroedWhenAskedAndReused() throws {
        let count = 3 << 18  // 3 MB of Float32
        var address: UInt = 0
        do {
            let t = try Tensor(repeating: 7, shape: [count])
            address = t.withUnsafeBuffer(Float.self) { UInt(bitPattern: $0.baseAddress!) }
        }
        // The block just freed is the one handed out next for this size, zeroed again.
        let zeros = try Tensor(zeros: [count])
        #expect(zeros.withUnsafeBuffer(Float.self) { UInt(bitPattern: $0.baseAddress!) } == address)
        #expect(zeros.withUnsafeBuffer(Float.self) { $0.allSatisfy { $0 == 0 } })
        let sizes = [LargeBlockPool.size(for: 1), LargeBlockPool.size(for: 4096), LargeBlockPool.size(for: 4097)]
        #expect(sizes == [4096, 4096, 8192])
    }
}
