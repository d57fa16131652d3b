import Foundation
import Testing
@testable import NeuralCore
import COpenBLAS

// TEMPORARY (not to be merged): timing of the DCGAN-64 discriminator's second layer.
struct TemporaryBenchmark {
    @Test func dcganLayers() throws {
        guard ProcessInfo.processInfo.environment["CONV_BENCH"] == "dcgan" else { return }
        var gen = PhiloxGenerator(seed: 1)
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        // (name, transposed, input, weight, stride, padding)
        let layers: [(String, Bool, [Int], [Int], Int, Int)] = [
            ("D1 3->64 64->32", false, [64, 3, 64, 64], [64, 3, 4, 4], 2, 1),
            ("D2 64->128 32->16", false, [64, 64, 32, 32], [128, 64, 4, 4], 2, 1),
            ("D3 128->256 16->8", false, [64, 128, 16, 16], [256, 128, 4, 4], 2, 1),
            ("D4 256->512 8->4", false, [64, 256, 8, 8], [512, 256, 4, 4], 2, 1),
            ("D5 512->1 4->1", false, [64, 512, 4, 4], [1, 512, 4, 4], 1, 0),
            ("G1 100->512 1->4", true, [64, 100, 1, 1], [100, 512, 4, 4], 1, 0),
            ("G2 512->256 4->8", true, [64, 512, 4, 4], [512, 256, 4, 4], 2, 1),
            ("G3 256->128 8->16", true, [64, 256, 8, 8], [256, 128, 4, 4], 2, 1),
            ("G4 128->64 16->32", true, [64, 128, 16, 16], [128, 64, 4, 4], 2, 1),
            ("G5 64->3 32->64", true, [64, 64, 32, 32], [64, 3, 4, 4], 2, 1),
        ]
        var total = 0.0
        for (name, transposed, xs, ws, st, pd) in layers {
            let x = try Tensor.normal(xs, generator: &gen).requiringGrad()
            let w = try (Tensor.normal(ws, generator: &gen) * 0.02).detached().requiringGrad()
            var best = Double.infinity, bf = 0.0
            for _ in 0..<8 {
                let t0 = now()
                let y = transposed ? try x.convTranspose2d(weight: w, stride: (st, st), padding: (pd, pd)) : try x.conv2d(weight: w, stride: (st, st), padding: (pd, pd))
                let t1 = now()
                _ = try Tensor.gradients(of: [y], with: [x, w], seeds: [y.detached()])
                let t2 = now()
                if t2 - t0 < best { best = t2 - t0; bf = t1 - t0 }
            }
            total += best
            print(String(format: "LAYER %@ forward %.1f ms, forward+backward %.1f ms", name, bf * 1000, best * 1000))
        }
        print(String(format: "LAYER total %.1f ms", total * 1000))
    }

    @Test func convTiming() throws {
        guard ProcessInfo.processInfo.environment["CONV_BENCH"] != nil else { return }
        var gen = PhiloxGenerator(seed: 1)
        let x = try Tensor.normal([64, 64, 32, 32], generator: &gen).requiringGrad()
        let w = try (Tensor.normal([128, 64, 4, 4], generator: &gen) * 0.02).detached().requiringGrad()
        let gy = try Tensor.normal([64, 128, 16, 16], generator: &gen)
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        var fwd: [Double] = [], bwd: [Double] = [], bx: [Double] = [], bw: [Double] = []
        for _ in 0..<12 {
            let t0 = now()
            let y = try x.conv2d(weight: w, stride: (2, 2), padding: (1, 1))
            let t1 = now()
            _ = try Tensor.gradients(of: [y], with: [x, w], seeds: [gy])
            let t2 = now()
            let g = ConvolutionGeometry(batch: 64, channels: 64, height: 32, width: 32, outChannels: 128, outHeight: 16, outWidth: 16,
                                        kernelHeight: 4, kernelWidth: 4, strideH: 2, strideW: 2, paddingH: 1, paddingW: 1, dilationH: 1, dilationW: 1, groups: 1)
            let t3 = now()
            _ = try GradMode.withoutGradients { try Tensor.transposedConvolution(gy, w, bias: nil, g) }
            let t4 = now()
            _ = try GradMode.withoutGradients { try Tensor.convolutionWeightGradient(x, gy, g) }
            let t5 = now()
            fwd.append(t1 - t0); bwd.append(t2 - t1); bx.append(t4 - t3); bw.append(t5 - t4)
        }
        if ProcessInfo.processInfo.environment["CONV_BENCH"] == "kernels" {
            let g = ConvolutionGeometry(batch: 16, channels: 64, height: 32, width: 32, outChannels: 128, outHeight: 16, outWidth: 16,
                                        kernelHeight: 4, kernelWidth: 4, strideH: 2, strideW: 2, paddingH: 1, paddingW: 1, dilationH: 1, dilationW: 1, groups: 1)
            let cols = UnsafeMutablePointer<Float>.allocate(capacity: 1024 * 4096)
            cols.update(repeating: 1, count: 1024 * 4096)
            let img = try Tensor(zeros: [16, 64, 32, 32])
            var tu: [Double] = [], tf: [Double] = []
            Parallel.threads = 1
            func cpu() -> Double { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
            for _ in 0..<40 {
                let t0 = cpu()
                Im2Col.unfold(x.pointer(Float.self), into: cols, g)
                let t1 = cpu()
                Im2Col.fold(cols, into: img.pointer(Float.self), bias: nil, g)
                let t2 = cpu()
                tu.append(t1 - t0); tf.append(t2 - t1)
            }
            print("KERNELS (16 images, one thread, CPU time) unfold \(String(format: "%.2f", tu.min()! * 1000)) fold \(String(format: "%.2f", tf.min()! * 1000)) ms")
            return
        }
        if ProcessInfo.processInfo.environment["CONV_BENCH"] == "full" {
            print("BENCH swift forward \(String(format: "%.1f", fwd.min()! * 1000)) backward \(String(format: "%.1f", bwd.min()! * 1000)) input grad \(String(format: "%.1f", bx.min()! * 1000)) weight grad \(String(format: "%.1f", bw.min()! * 1000))")
            return
        }
        // Pieces
        var tu: [Double] = [], tg: [Double] = [], tb: [Double] = [], tf: [Double] = [], tg2: [Double] = []
        let g = ConvolutionGeometry(batch: 64, channels: 64, height: 32, width: 32, outChannels: 128, outHeight: 16, outWidth: 16,
                                    kernelHeight: 4, kernelWidth: 4, strideH: 2, strideW: 2, paddingH: 1, paddingW: 1, dilationH: 1, dilationW: 1, groups: 1)
        let cols = UnsafeMutablePointer<Float>.allocate(capacity: 1024 * 16384)
        let ybuf = UnsafeMutablePointer<Float>.allocate(capacity: 128 * 16384)
        let out = try Tensor(zeros: [64, 128, 16, 16])
        let img = try Tensor(zeros: [64, 64, 32, 32])
        for _ in 0..<16 {
            let t0 = now()
            Im2Col.unfold(x.pointer(Float.self), into: cols, g)
            let t1 = now()
            GEMM.run(transposeA: false, transposeB: false, m: 128, n: 16384, k: 1024, a: w.pointer(Float.self), lda: 1024, b: cols, ldb: 16384, c: ybuf, ldc: 16384)
            let t2 = now()
            Im2Col.batchMajor(ybuf, into: out.pointer(Float.self), bias: nil, batch: 64, channels: 128, plane: 256)
            let t3 = now()
            Im2Col.fold(cols, into: img.pointer(Float.self), bias: nil, g)
            let t4 = now()
            GEMM.run(transposeA: true, transposeB: false, m: 1024, n: 16384, k: 128, a: w.pointer(Float.self), lda: 1024, b: ybuf, ldb: 16384, c: cols, ldc: 16384)
            let t5 = now()
            tu.append(t1 - t0); tg.append(t2 - t1); tb.append(t3 - t2); tf.append(t4 - t3); tg2.append(t5 - t4)
        }
        func med(_ a: [Double]) -> String { String(format: "%.1f ms", a.min()! * 1000) }
        let gyc = UnsafeMutablePointer<Float>.allocate(capacity: 128 * 16384)
        let wg = UnsafeMutablePointer<Float>.allocate(capacity: 128 * 1024)
        for chunk in [64, 16, 8, 64, 16, 8] {
            var cg = g
            cg.batch = chunk
            var tf: [Double] = [], ti: [Double] = [], tw: [Double] = []
            for _ in 0..<6 {
                let t0 = now()
                for start in stride(from: 0, to: 64, by: chunk) {
                    Im2Col.unfold(x.pointer(Float.self) + start * 65536, into: cols, cg)
                    GEMM.run(transposeA: false, transposeB: false, m: 128, n: chunk * 256, k: 1024, a: w.pointer(Float.self), lda: 1024, b: cols, ldb: chunk * 256, c: ybuf, ldc: chunk * 256)
                    Im2Col.batchMajor(ybuf, into: out.pointer(Float.self) + start * 32768, bias: nil, batch: chunk, channels: 128, plane: 256)
                }
                let t1 = now()
                for start in stride(from: 0, to: 64, by: chunk) {
                    Im2Col.channelMajor(gy.pointer(Float.self) + start * 32768, into: gyc, batch: chunk, channels: 128, plane: 256)
                    GEMM.run(transposeA: true, transposeB: false, m: 1024, n: chunk * 256, k: 128, a: w.pointer(Float.self), lda: 1024, b: gyc, ldb: chunk * 256, c: cols, ldc: chunk * 256)
                    Im2Col.fold(cols, into: img.pointer(Float.self) + start * 65536, bias: nil, cg)
                }
                let t2 = now()
                for start in stride(from: 0, to: 64, by: chunk) {
                    Im2Col.unfold(x.pointer(Float.self) + start * 65536, into: cols, cg)
                    Im2Col.channelMajor(gy.pointer(Float.self) + start * 32768, into: gyc, batch: chunk, channels: 128, plane: 256)
                    GEMM.run(transposeA: false, transposeB: true, m: 128, n: 1024, k: chunk * 256, a: gyc, lda: chunk * 256, b: cols, ldb: chunk * 256, beta: start == 0 ? 0 : 1, c: wg, ldc: 1024)
                }
                let t3 = now()
                tf.append(t1 - t0); ti.append(t2 - t1); tw.append(t3 - t2)
            }
            print("CHUNK \(chunk): forward \(med(tf)) input grad \(med(ti)) weight grad \(med(tw)) total \(med(zip(zip(tf, ti), tw).map { $0.0 + $0.1 + $1 }))")
        }
        func med2(_ a: [Double]) -> String { String(format: "%.1f ms", a.min()! * 1000) }
        print("PIECES unfold \(med(tu)) gemm \(med(tg)) batchMajor \(med(tb)) fold \(med(tf)) gemmT \(med(tg2)) threads \(Parallel.threads) blas \(String(cString: lazy_blas_config()!))")
        print("BENCH swift forward \(med(fwd)) backward \(med(bwd)) (input grad \(med(bx)), weight grad \(med(bw))) total \(med(zip(fwd, bwd).map { $0 + $1 }))")
    }
}
