import ArgumentParser
import Foundation
import Metrics
import Pipelines

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a synthetic image set against a real one (pixel metrics per pair, set metrics on features).",
        discussion: """
        Images: folders (searched recursively) or single files of PNG, DICOM or NIfTI, 2D or 3D.
        A first-level sub-folder is a class label (statistics per class are reported too).

        --paired compares each synthetic image with the real image of the same relative path
        (format extension dropped): MSE, MAE, NMSE, PSNR, SSIM, MS-SSIM, MI, NMI. The data range
        L of PSNR/SSIM/MS-SSIM is --data-range, or the real image's integer voxel type (uint8 255,
        uint16 and int16 65535 as scikit-image); float images need --data-range. SSIM uses Wang et
        al.'s settings by default (11-tap Gaussian, sigma 1.5, population covariance);
        --ssim-window uniform7 gives scikit-image's defaults (7x7 uniform, sample covariance).

        Without --paired: Frechet distance (FID), KID and precision/recall/density/coverage on
        feature vectors: raw pixels of each image (--raw-size resizes first) until a network
        extractor is available, or --real-features/--synthetic-features NumPy files computed
        elsewhere (.npy N x D, or FILE.npz:ARRAY).

        Exit status: 0 scored, 1 some pairs could not be scored, 2 nothing could be scored.

        Examples:
          medsynth score --real real/ --synthetic fake/ --paired --json scores.json
          medsynth score --real real/ --synthetic fake/ --paired --metrics ssim,psnr --data-range 255 --per-image
          medsynth score --real real/ --synthetic fake/ --raw-size 64,64
          medsynth score --real real/ --synthetic fake/ --raw-size 32,32 --data-range 255 --bootstrap 200 --fid-infinity
          medsynth score --real-features real.npy --synthetic-features fake.npz:features --metrics fid,kid
        """)

    @Option(help: "Real images: a folder or a file.")
    var real: String?

    @Option(help: "Synthetic images: a folder or a file.")
    var synthetic: String?

    @Option(name: .customLong("real-features"), help: "Real features (.npy N x D, or FILE.npz:ARRAY).")
    var realFeatures: String?

    @Option(name: .customLong("synthetic-features"), help: "Synthetic features (.npy N x D, or FILE.npz:ARRAY).")
    var syntheticFeatures: String?

    @Flag(help: "Pair images by relative path and compute pixel metrics.")
    var paired = false

    @Option(help: "Comma-separated metrics: mse, mae, nmse, psnr, ssim, ms-ssim, mi, nmi (paired); fid, kid, prdc (sets).")
    var metrics: String?

    @Option(name: .customLong("data-range"), help: "Data range L of PSNR/SSIM/MS-SSIM (max - min of the intensity scale).")
    var dataRange: Double?

    @Option(name: .customLong("ssim-window"), help: "gaussian11 (Wang et al.) or uniform7 (scikit-image's defaults).")
    var ssimWindow = "gaussian11"

    @Option(name: .customLong("ms-ssim-scales"), help: "MS-SSIM scales (5; fewer for images under 161 pixels a side).")
    var msssimScales = 5

    @Option(help: "Joint-histogram bins of MI and NMI.")
    var bins = 100

    @Flag(name: .customLong("per-image"), help: "Also list every pair's values (in --json; the terminal shows the worst 5).")
    var perImage = false

    @Option(name: .customLong("raw-size"), help: "Set metrics on images: resize to X,Y[,Z] before taking raw pixels.")
    var rawSize: String?

    @Option(name: .customLong("kid-subsets"), help: "KID subsets.")
    var kidSubsets = 100

    @Option(name: .customLong("kid-subset-size"), help: "KID subset size (clamped to the smaller set).")
    var kidSubsetSize = 1000

    @Option(help: "Seed of KID's subsets, the bootstrap and the FID extrapolation.")
    var seed: UInt64 = 0

    @Option(help: "Bootstrap resamples for 95% intervals of FID and KID (0 = none).")
    var bootstrap = 0

    @Flag(name: .customLong("fid-infinity"), help: "Also FID at 15 synthetic sample sizes, extrapolated to infinitely many (Chong & Forsyth).")
    var fidInfinity = false

    @Option(help: "Worker threads (0 = one per core).")
    var jobs = 0

    @Option(name: .customLong("json"), help: "Write the report (every value and setting) as JSON to this file.")
    var jsonFile: String?

    func validate() throws {
        guard ["gaussian11", "uniform7"].contains(ssimWindow) else { throw ValidationError("--ssim-window must be gaussian11 or uniform7") }
        if let m = metrics { _ = try ScoreMetric.parse(m) }
        if rawSize != nil && parsedRawSize == nil { throw ValidationError("--raw-size must be 2 or 3 positive integers, e.g. 64,64") }
        guard (1...5).contains(msssimScales) else { throw ValidationError("--ms-ssim-scales must be 1 to 5") }
        guard bins >= 1 else { throw ValidationError("--bins must be at least 1") }
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 or more") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be 0 or more") }
        let images = real != nil || synthetic != nil, features = realFeatures != nil || syntheticFeatures != nil
        guard images != features else {
            throw ValidationError("give either --real and --synthetic (images) or --real-features and --synthetic-features")
        }
        guard (real != nil) == (synthetic != nil), (realFeatures != nil) == (syntheticFeatures != nil) else {
            throw ValidationError("both sets are needed: --real with --synthetic, --real-features with --synthetic-features")
        }
    }

    var parsedRawSize: [Int]? {
        guard let rawSize else { return nil }
        let v = rawSize.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (v.count == 2 || v.count == 3) && v.allSatisfy { $0 > 0 } ? v : nil
    }

    func run() throws {
        let options = ScoreOptions(
            real: real, synthetic: synthetic, realFeatures: realFeatures, syntheticFeatures: syntheticFeatures, paired: paired,
            metrics: try metrics.map(ScoreMetric.parse) ?? [], dataRange: dataRange,
            ssim: ssimWindow == "uniform7" ? .scikitImageDefaults : .wang, msssimScales: msssimScales, bins: bins,
            perImage: perImage, rawPixelSize: parsedRawSize,
            kid: KIDOptions(subsets: kidSubsets, subsetSize: kidSubsetSize, seed: seed),
            bootstrap: bootstrap > 0 ? BootstrapOptions(resamples: bootstrap, seed: seed) : nil,
            fidInfinity: fidInfinity ? FIDExtrapolationOptions(seed: seed) : nil, workers: jobs)
        let scoring = ProgressBar("scoring   "), real = ProgressBar("real      "), fake = ProgressBar("synthetic ")
        let report: ScoreReport
        do {
            report = try scoring.run {
                defer { real.finish(); fake.finish() }
                return try ScoreJob.run(options) { event in
                    switch event {
                    case .scoring(let d, let t): scoring.update(d, t)
                    case .extracting(let set, let d, let t): (set == "real" ? real : fake).update(d, t)
                    case .setMetric(let name): real.finish(); fake.finish(); scoring.update(0, 0, note: name)
                    case .listing: break
                    }
                }
            }
        } catch {
            Output.stderr("error: \(error)")
            throw ExitCode(2)
        }
        ScoreTable.print(report)
        if let jsonFile { try AtomicJSON.write(report, to: jsonFile) }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}
