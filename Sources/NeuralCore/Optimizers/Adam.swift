import CKernels
/// Adam (Kingma & Ba) with PyTorch's semantics, and AdamW (decoupled weight decay):
///   AdamW: p *= 1 - lr wd;  Adam: g += wd p
///   m = lerp(m, g, 1 - b1);  v = b2 v + (1 - b2) g²
///   p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
public final class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    /// Decoupled weight decay (AdamW) instead of L2 added to the gradient.
    public let decoupled: Bool
    public private(set) var steps = 0
    private let store = SlotStore()

    public init(parameters: [Tensor], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, decoupled: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
    }

    /// AdamW with PyTorch's default weight decay (0.01).
    public static func adamW(parameters: [Tensor], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                             epsilon: Double = 1e-8, weightDecay: Double = 0.01) -> Adam {
        Adam(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
             weightDecay: weightDecay, decoupled: true)
    }

    public func step() throws {
        steps += 1
        let t = Double(steps)
        let bc1 = 1 - Foundation.pow(beta1, t), bc2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
        for (index, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            let (m, _) = try store.slot("exp_avg", index, like: p)
            let (v, _) = try store.slot("exp_avg_sq", index, like: p)
            func run<T: TensorScalar>(_: T.Type) {
                let wd = T(weightDecay), b2 = T(beta2), w1 = T(1 - beta1), w2 = T(1 - beta2)
                let stepSize = T(learningRate / bc1), root = T(bc2Root), eps = T(epsilon)
                let decay = T(1 - learningRate * weightDecay)
                let mp = UncheckedSendable(m.pointer(T.self)), vp = UncheckedSendable(v.pointer(T.self))
                let (decoupled, weightDecay) = (self.decoupled, self.weightDecay)
                p.withUnsafeMutableBuffer(T.self) { pv in
                    g.withUnsafeBuffer(T.self) { gv in
                        let pp = UncheckedSendable(pv.baseAddress!), gp = UncheckedSendable(gv.baseAddress!)
                        // Element by element, so the split over threads does not change a bit.
                        Parallel.forEachChunk(pv.count) { range in
                            let pv = pp.value, gv = gp.value, mp = mp.value, vp = vp.value
                            if T.self == Float.self {
                                // The same operations in C, where they vectorise.
                                func float(_ q: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
                                    UnsafeMutableRawPointer(q + range.lowerBound).assumingMemoryBound(to: Float.self)
                                }
                                medsynth_adam_f32(float(pv), UnsafeRawPointer(gv + range.lowerBound).assumingMemoryBound(to: Float.self),
                                                  float(mp), float(vp), range.count, Float(wd.doubleValue), decoupled ? 1 : 0,
                                                  Float(decay.doubleValue), Float(w1.doubleValue), Float(b2.doubleValue), Float(w2.doubleValue),
                                                  Float(root.doubleValue), Float(eps.doubleValue), Float(stepSize.doubleValue))
                                return
                            }
                            for i in range {
                                var grad = gv[i]
                                if weightDecay != 0 {
                                    if decoupled { pv[i] *= decay } else { grad += wd * pv[i] }
                                }
                                // torch.lerp: start + w (end - start) for w < 0.5, else end - (end - start)(1 - w).
                                mp[i] = w1 < 0.5 ? mp[i] + w1 * (grad - mp[i]) : grad - (grad - mp[i]) * (1 - w1)
                                vp[i] = vp[i] * b2 + w2 * grad * grad
                                let denom = vp[i].squareRoot() / root + eps
                                pv[i] -= stepSize * (mp[i] / denom)
                            }
                        }
                    }
                }
            }
            p.dtype == .float32 ? run(Float.self) : run(Double.self)
        }
    }

    public func stateTensors() -> [(String, Tensor)] { store.sorted }

    public func loadState(_ tensors: [String: Tensor], steps: Int) throws {
        try store.load(tensors, parameters: parameters, kinds: ["exp_avg", "exp_avg_sq"])
        self.steps = steps
    }
}

import Foundation
