import Foundation
import Models
import NeuralCore
import Testing
@testable import Pipelines

/// The DCGAN training benchmark: its FLOP count, and a whole run without the PyTorch side.
struct TrainDCGANBenchmarkTests {
    private static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    private static func models(_ configuration: DCGAN.Configuration) throws -> (DCGANGenerator, DCGANDiscriminator) {
        var rng = PhiloxGenerator(seed: 3)
        return (try DCGANGenerator(configuration, generator: &rng), try DCGANDiscriminator(configuration, generator: &rng))
    }

    /// nz 3, ngf = ndf = 2, batch 2, counted by hand layer by layer (2 · multiply-adds).
    @Test func flopCountMatchesHandComputation() throws {
        let (g, d) = try Self.models(DCGAN.Configuration(latent: 3, generatorFeatures: 2, discriminatorFeatures: 2, channels: 1))
        let flops = try DCGANStepFLOPs(generator: g, discriminator: d, batch: 2)
        // Generator (transposed: 2 · N · Cin · Hin · Win · Cout · k²): 3 -> 16 (1x1 -> 4x4),
        // 16 -> 8 (4x4 -> 8x8), 8 -> 4 (8 -> 16), 4 -> 2 (16 -> 32), 2 -> 1 (32 -> 64).
        let gf = [2 * 2 * 3 * 1 * 16 * 16, 2 * 2 * 16 * 16 * 8 * 16, 2 * 2 * 8 * 64 * 4 * 16, 2 * 2 * 4 * 256 * 2 * 16,
                  2 * 2 * 2 * 1024 * 1 * 16]
        // Discriminator (2 · N · Cout · Hout · Wout · Cin · k²): 1 -> 2 (64 -> 32), 2 -> 4 (32 -> 16),
        // 4 -> 8 (16 -> 8), 8 -> 16 (8 -> 4), 16 -> 1 (4 -> 1).
        let df = [2 * 2 * 2 * 1024 * 1 * 16, 2 * 2 * 4 * 256 * 2 * 16, 2 * 2 * 8 * 64 * 4 * 16, 2 * 2 * 16 * 16 * 8 * 16,
                  2 * 2 * 1 * 1 * 16 * 16]
        #expect(flops.generator.map(\.forward) == gf)
        #expect(flops.discriminator.map(\.forward) == df)
        #expect(flops.generator.map(\.name) == ["main.0", "main.3", "main.6", "main.9", "main.12"])
        #expect(flops.generator.map(\.outputShape) == [[2, 16, 4, 4], [2, 8, 8, 8], [2, 4, 16, 16], [2, 2, 32, 32], [2, 1, 64, 64]])
        #expect(flops.discriminator.map(\.outputShape) == [[2, 2, 32, 32], [2, 4, 16, 16], [2, 8, 8, 8], [2, 16, 4, 4], [2, 1, 1, 1]])
        #expect(flops.generatorForward == 527_360)
        #expect(flops.discriminatorForward == 525_312)

        // The passes of one step, listed one by one.
        let sum = { (v: ArraySlice<Int>) in v.reduce(0, +) }
        let dAll = sum(df[...]), dButFirst = sum(df[1...]), gAll = sum(gf[...]), gButFirst = sum(gf[1...])
        var ours = gAll + dAll + dAll + dAll   // forwards: G(z), D(real), D(fake detached), D(fake)
        ours += dAll + dButFirst               // D on real: weight gradients, input gradients but the images'
        ours += dAll + dButFirst               // D on fake detached: the same
        ours += dAll                           // G phase: input gradients through D, down to the images
        ours += gAll + gButFirst               // G's weight gradients and input gradients but z's
        #expect(flops.medsynthStep == ours)
        #expect(flops.medsynthStep == 5_519_360)
        #expect(flops.pytorchStep == ours + dAll)  // + D's weight gradients in the G phase
    }

    /// PyTorch 2.13's FlopCounterMode over one step of the reference script at batch 2,
    /// nz 100, ngf = ndf = 4 (`python Benchmarks/reference/train_dcgan.py --batch 2 --ngf 4
    /// --ndf 4` prints flop_per_step 21923840, of which aten.convolution 7550976).
    @Test func pytorchLoopCountAgreesWithFlopCounterMode() throws {
        let (g, d) = try Self.models(DCGAN.Configuration(latent: 100, generatorFeatures: 4, discriminatorFeatures: 4, channels: 1))
        let flops = try DCGANStepFLOPs(generator: g, discriminator: d, batch: 2)
        #expect(flops.generatorForward + 3 * flops.discriminatorForward == 7_550_976)
        #expect(flops.pytorchStep == 21_923_840)
    }

    @Test func scriptIsFoundOrNamed() throws {
        let found = try TrainDCGANBenchmark.locateScript(override: nil, executable: Self.sourceRoot + "/.build/release/medsynth",
                                                         currentDirectory: "/")
        #expect(found == Self.sourceRoot + "/" + TrainDCGANBenchmark.scriptRelativePath)
        #expect(throws: PipelineError.self) {
            try TrainDCGANBenchmark.locateScript(override: Self.sourceRoot + "/no-such-script.py", executable: "/usr/bin/true",
                                                 currentDirectory: "/")
        }
        #expect(throws: PipelineError.self) {
            try TrainDCGANBenchmark.locateScript(override: nil, executable: "/usr/bin/true", currentDirectory: "/")
        }
    }

    /// Batch 2 of a DCGAN with 4 features, no warm-up, one inference run, a 128³ SGEMM.
    private static func tinyBenchmark(python: String, steps: Int) -> TrainDCGANBenchmark {
        var benchmark = TrainDCGANBenchmark(script: sourceRoot + "/" + TrainDCGANBenchmark.scriptRelativePath)
        benchmark.batch = 2
        benchmark.steps = steps
        benchmark.rounds = 1
        benchmark.warmup = 0
        benchmark.inferenceRuns = 1
        // The thread count in force: tests running beside this one keep theirs.
        benchmark.threads = Parallel.threads
        benchmark.sgemmSize = 128
        benchmark.python = python
        benchmark.configuration = DCGAN.Configuration(latent: 100, generatorFeatures: 4, discriminatorFeatures: 4, channels: 1)
        return benchmark
    }

    /// A tiny run whose Python does not exist: medsynth's side is measured, the anchor is unavailable.
    @Test func runsWithoutTheAnchor() throws {
        let benchmark = Self.tinyBenchmark(python: "/nonexistent/bin/python", steps: 1)
        let engineThreads = Parallel.threads
        var reported = 0
        let r = try benchmark.run { done, total, _ in
            #expect(done <= total)
            reported = done
        }
        #expect(reported == 4)  // the anchor's set-up, 1 step (and its SGEMM sample), the anchor's end, inference
        #expect(Parallel.threads == engineThreads)
        #expect(r.pytorch == nil)
        #expect(r.anchorError?.contains("/nonexistent/bin/python") == true)
        #expect(r.stepTime.medsynthSeconds.count == 1)
        #expect(r.stepTime.anchorSeconds.isEmpty)
        #expect(!r.targets.stepTimeMet)
        #expect(r.targets.memoryMet == nil)
        #expect(r.medsynth.flopPerStep == r.flops.medsynthStep)
        #expect(r.medsynth.gflops > 0)
        #expect(r.medsynth.generatorInferenceSeconds.count == 1)
        #expect(r.medsynth.peakRSSBytes >= r.medsynth.rssBeforeTrainingBytes)
        #expect(r.sgemm.threads == Parallel.threads)
        #expect(r.sgemmSamples == [r.sgemm.gflops])
        #expect(r.medsynth.threads == Parallel.threads)
        #expect(r.stepTime.notes.contains { $0.hasPrefix("anchor unavailable") })
        let json = try JSONSerialization.jsonObject(with: JSONOutput.encode(r)) as? [String: Any]
        let stepTime = json?["stepTime"] as? [String: Any]
        #expect(stepTime?["ratio"] is NSNull)
        #expect(json?["pytorch"] == nil)
        #expect((json?["medsynth"] as? [String: Any])?["flopPerStep"] as? Int == r.flops.medsynthStep)
    }

    /// A stand-in for Python that speaks the script's interleaved protocol with fixed figures:
    /// "ready", 1000 s per step, then the final object.
    private static func standIn(in folder: URL, calls: String) throws -> String {
        let python = folder.appendingPathComponent("python").path
        let figures = #"{"torch": "test", "threads": 1, "step_seconds": [1000.0, 1000.0], "generator_inference_seconds": [1.0], "#
            + #""flop_per_step": 1, "rss_before_training_bytes": 100, "peak_rss_bytes": 200}"#
        let script = """
            #!/bin/sh
            echo run >> '\(calls)'
            echo '{"ready": true}'
            while read command; do
              case "$command" in
                step) echo '{"step_seconds": 1000.0}' ;;
                finish) echo '\(figures)'; exit 0 ;;
                *) echo '{"error": "unknown command"}'; exit 0 ;;
              esac
            done

            """
        try script.write(toFile: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python)
        return python
    }

    /// Two rounds against the stand-in: each round starts the anchor once and alternates its
    /// steps with medsynth's, its ratio is reported, and the medians pool both rounds' steps.
    @Test func roundsInterleaveTheAnchorsSteps() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-rounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let calls = folder.appendingPathComponent("calls").path
        let python = try Self.standIn(in: folder, calls: calls)

        var benchmark = Self.tinyBenchmark(python: python, steps: 2)
        benchmark.rounds = 2
        benchmark.pauseSeconds = 0
        var reported = 0
        let r = try benchmark.run { done, total, _ in
            #expect(done <= total)
            reported = done
        }
        #expect(reported == 9)  // 2 rounds of the anchor's set-up, 2 steps (and SGEMM samples), the anchor's end; inference
        #expect(try String(contentsOfFile: calls, encoding: .utf8) == "run\nrun\n")
        #expect(r.anchorError == nil)
        #expect(r.stepTime.medsynthSeconds.count == 4)
        #expect(r.stepTime.anchorSeconds == [1000, 1000, 1000, 1000])
        #expect(r.stepRatios.count == 4)
        #expect(zip(r.stepRatios, r.stepTime.medsynthSeconds).allSatisfy { $0 == $1 / 1000 })
        #expect(r.medianStepRatio == BenchResult.median(r.stepRatios))
        #expect(r.roundRatios.count == 2)
        #expect(r.roundRatios.allSatisfy { $0 > 0 && $0 < 0.01 })
        #expect(r.roundRatios[0] == BenchResult.median(Array(r.stepRatios[0..<2])))
        #expect(r.medianRoundRatio == BenchResult.median(r.roundRatios))
        // The SGEMM peak is sampled after every pair of steps; the median sample is the one compared with.
        #expect(r.sgemmSamples.count == 4 && r.sgemmSamples.contains(r.sgemm.gflops))
        #expect(r.sgemm.repetitions == 2)
        #expect(r.medsynth.fractionOfSGEMMPeak == r.medsynth.gflops / r.sgemm.gflops)
        #expect(r.pytorch?.generatorInferenceSeconds == [1, 1])
        #expect(r.targets.stepTimeMet)
        #expect(r.stepTime.notes.contains { $0.contains("in 2 rounds") && $0.contains("alternating") })
        let json = try JSONSerialization.jsonObject(with: JSONOutput.encode(r)) as? [String: Any]
        #expect((json?["roundRatios"] as? [Double])?.count == 2)
        #expect((json?["stepRatios"] as? [Double])?.count == 4)
        #expect((json?["sgemmSamples"] as? [Double])?.count == 4)

        // One round's anchor failing stops the anchor for the rest of the run.
        benchmark.python = "/nonexistent/bin/python"
        let failed = try benchmark.run()
        #expect(failed.roundRatios.isEmpty && failed.pytorch == nil && failed.stepTime.medsynthSeconds.count == 4)
        benchmark.rounds = 0
        #expect(throws: PipelineError.self) { try benchmark.run() }
        benchmark.rounds = 1
        benchmark.pauseSeconds = -1
        #expect(throws: PipelineError.self) { try benchmark.run() }
    }

    /// A script that answers something other than the protocol, or dies mid-run, makes the
    /// anchor unavailable with the reason; medsynth's steps all run.
    @Test func brokenAnchorIsReportedNotFatal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let python = folder.appendingPathComponent("python").path
        let cases = [
            ("echo '{\"step_seconds\": [1.0]}'\n", "did not answer ready"),        // the old, non-interleaving script
            ("echo '{\"ready\": true}'\nread command\nexit 3\n", "exited (status 3) without answering"),
            ("echo '{\"error\": \"cannot import torch: no module\"}'\n", "cannot import torch"),
            ("echo '{\"ready\": true}'\nexec sleep 30\n", "no answer within 1 s"),   // hung: stopped, not waited for
        ]
        for (body, reason) in cases {
            try ("#!/bin/sh\n" + body).write(toFile: python, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python)
            var benchmark = Self.tinyBenchmark(python: python, steps: 2)
            benchmark.pauseSeconds = 0
            benchmark.anchorTimeoutSeconds = 1
            let r = try benchmark.run()
            #expect(r.pytorch == nil)
            #expect(r.anchorError?.contains(reason) == true, "\(r.anchorError ?? "nil")")
            #expect(r.stepTime.medsynthSeconds.count == 2)
            #expect(r.stepRatios.isEmpty)
        }
    }

    /// Of the SGEMM samples, the one with the median GFLOP/s is the peak (the lower middle one of
    /// an even count), whatever order they came in.
    @Test func peakIsTheMedianRound() {
        func peak(_ gflops: Double) -> BLAS.Throughput {
            BLAS.Throughput(size: 128, threads: 2, repetitions: 5, medianSeconds: 1 / gflops, gflops: gflops)
        }
        #expect(TrainDCGANBenchResult.medianPeak([peak(240)]).gflops == 240)
        #expect(TrainDCGANBenchResult.medianPeak([peak(260), peak(180), peak(240)]).gflops == 240)
        #expect(TrainDCGANBenchResult.medianPeak([peak(260), peak(180), peak(240), peak(200)]).gflops == 200)
    }
}
