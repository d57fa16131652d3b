import Foundation
import Synchronization
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

    /// Overlapping worker regions: OpenBLAS goes to 1 thread when the first starts and back to
    /// the set count when the last ends, a count set meanwhile waits for that end, and the set
    /// count never reads as 1.
    @Test func overlappingWorkerRegionsGiveTheSetCountBack() {
        var r = BLAS.ThreadRegions()
        #expect(r.enter(current: 2) == 1)  // first region: OpenBLAS to 1 thread
        #expect(r.enter(current: 1) == nil)  // OpenBLAS reads 1 now: still 2 set
        #expect(r.set == 2)
        #expect(r.leave() == nil)  // one region still runs
        #expect(r.setThreads(3) == nil)  // waits for the last region
        #expect(r.leave() == 3)
        #expect(r == BLAS.ThreadRegions(set: 3, regions: 0))
        #expect(r.setThreads(4) == 4)  // no region: at once
        var one = BLAS.ThreadRegions()
        #expect(one.enter(current: 1) == nil && one.leave() == nil)  // already 1 thread: nothing to change
    }

    /// Regions on several threads at once (convolutions run by concurrent callers): OpenBLAS
    /// runs at 1 thread inside every one of them, and `info()` reports the set count.
    @Test func concurrentRegionsRunOpenBLASAtOneThread() throws {
        let set = try BLAS.info().threads
        let inside = Mutex([Int]())
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<3 {
                BLAS.withOneThread {
                    usleep(2000)
                    let running = BLAS.runningThreads
                    inside.withLock { $0.append(running) }
                }
            }
        }
        #expect(inside.withLock { $0 } == Array(repeating: 1, count: 12))
        #expect(try BLAS.info().threads == set)
    }
}
