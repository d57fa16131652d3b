import Foundation
import Testing
@testable import NeuralCore

// TEMPORARY (not to be merged): parity against /work/main/Fixtures/neural/ops.
struct TemporaryParity {
    static func load(_ name: String) throws -> ([String: Tensor], [String: Any]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: "/work/main/Fixtures/neural/ops/\(name).safetensors"))
        let n = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + Int(n)))) as! [String: Any]
        var out: [String: Tensor] = [:]
        var meta: [String: Any] = [:]
        for (k, v) in header {
            if k == "__metadata__" { meta = v as! [String: Any]; continue }
            let d = v as! [String: Any]
            let shape = d["shape"] as! [Int], offs = d["data_offsets"] as! [Int], dt = d["dtype"] as! String
            let bytes = data.subdata(in: (8 + Int(n) + offs[0])..<(8 + Int(n) + offs[1]))
            let values: [Double] = bytes.withUnsafeBytes { b in
                dt == "F32" ? (0..<(bytes.count / 4)).map { Double(b.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self)) }
                            : (0..<(bytes.count / 8)).map { b.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) }
            }
            out[k] = try Tensor(shape: shape, doubles: values, dtype: .float64)
        }
        return (out, meta)
    }
    static func pair(_ a: Any?) -> (Int, Int) { let x = a as! [Int]; return (x[0], x[1]) }

    @Test(arguments: ["conv2d_1x1", "conv2d_dilation2", "conv2d_groups2", "conv2d_k3s1p1", "conv2d_k3x2_s2x1", "conv2d_k4s2p1",
                      "conv_transpose2d_dilation2", "conv_transpose2d_groups2", "conv_transpose2d_k4s1p0_1x1", "conv_transpose2d_k4s2p1",
                      "conv_transpose2d_output_padding1", "adaptive_avg_pool2d_1x1", "adaptive_avg_pool2d_3x3", "adaptive_max_pool2d_3x3",
                      "avg_pool2d_k2s2", "avg_pool2d_k3s1p1", "max_pool2d_k2s2", "max_pool2d_k3s2p1", "upsample_bilinear",
                      "upsample_bilinear_align_corners", "upsample_nearest"])
    func parity(name: String) throws {
        let (t, meta) = try Self.load(name)
        let args = try JSONSerialization.jsonObject(with: (meta["args"] as! String).data(using: .utf8)!) as! [String: Any]
        let op = meta["op"] as! String
        let x = t["x0"]!.requiringGrad()
        let w = t["p.weight"]?.requiringGrad(), b = t["p.bias"]?.requiringGrad()
        let y: Tensor
        switch op {
        case "conv2d": y = try x.conv2d(weight: w!, bias: b, stride: Self.pair(args["stride"]), padding: Self.pair(args["padding"]),
                                        dilation: Self.pair(args["dilation"]), groups: args["groups"] as! Int)
        case "conv_transpose2d": y = try x.convTranspose2d(weight: w!, bias: b, stride: Self.pair(args["stride"]), padding: Self.pair(args["padding"]),
                                        outputPadding: Self.pair(args["output_padding"]), dilation: Self.pair(args["dilation"]), groups: args["groups"] as! Int)
        case "avg_pool2d": y = try x.avgPool2d(kernel: Self.pair(args["kernel_size"]), stride: Self.pair(args["stride"]), padding: Self.pair(args["padding"]),
                                               countIncludePad: args["count_include_pad"] as! Bool)
        case "max_pool2d": y = try x.maxPool2d(kernel: Self.pair(args["kernel_size"]), stride: Self.pair(args["stride"]), padding: Self.pair(args["padding"]))
        case "adaptive_avg_pool2d": y = try x.adaptiveAvgPool2d(outputSize: Self.pair(args["output_size"]))
        case "adaptive_max_pool2d": y = try x.adaptiveMaxPool2d(outputSize: Self.pair(args["output_size"]))
        case "upsample_nearest": let s = args["scale_factor"] as! [Double]; y = try x.upsampleNearest(scale: (Int(s[0]), Int(s[1])))
        default: let s = args["scale_factor"] as! [Double]; y = try x.upsampleBilinear(scale: (Int(s[0]), Int(s[1])), alignCorners: args["align_corners"] as! Bool)
        }
        var leaves = [x], refs = [t["gx0"]!]
        if let w { leaves.append(w); refs.append(t["gp.weight"]!) }
        if let b { leaves.append(b); refs.append(t["gp.bias"]!) }
        let grads = try Tensor.gradients(of: [y], with: leaves, seeds: [t["gy"]!])
        func diff(_ a: Tensor, _ e: Tensor) -> Double { zip(a.doubles, e.doubles).map { Swift.abs($0 - $1) }.max() ?? 0 }
        #expect(y.shape == t["y"]!.shape)
        let errs = [diff(y, t["y"]!)] + zip(grads, refs).map { diff($0, $1) }
        print("PARITY \(name): \(errs)")
        #expect(errs.allSatisfy { $0 < 1e-10 })
        // Float32 forward too.
        let x32 = try t["x0"]!.converted(to: .float32)
        _ = x32
    }
}
