/// The instruction set of the kernels an OpenBLAS core type runs, and what they can give:
/// single-precision floating-point operations per core and clock cycle at best.
public enum BLASKernelFamily: String, Codable, Sendable {
    case sse, avx, avx2, avx512, neon, sve

    /// The family of an OpenBLAS core name (`openblas_get_corename`, matched case-insensitively);
    /// nil for names not listed here.
    public init?(coreName: String) {
        switch coreName.lowercased() {
        case "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn", "dunnington",
             "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona", "nano", "bobcat":
            self = .sse
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": self = .avx
        case "haswell", "zen": self = .avx2
        case "skylakex", "cooperlake", "sapphirerapids": self = .avx512
        case "armv8", "cortexa53", "cortexa55", "cortexa57", "cortexa72", "cortexa73", "neoversen1", "neoversen2",
             "thunderx", "thunderx2t99", "thunderx3t110", "tsv110", "falkor", "emag8180", "vortex":
            self = .neon
        case "neoversev1", "a64fx", "armv8sve": self = .sve
        default: return nil
        }
    }

    /// Single-precision operations per core per cycle at peak (fused multiply-adds count two):
    /// SSE 8, AVX 16, AVX2 with two FMA units 32, AVX-512 with two FMA units 64, NEON 16, SVE 32.
    public var flopsPerCycle: Double {
        switch self {
        case .sse: return 8
        case .avx: return 16
        case .avx2: return 32
        case .avx512: return 64
        case .neon: return 16
        case .sve: return 32
        }
    }

    /// Order among the x86 families (nil for ARM ones).
    var x86Rank: Int? {
        switch self {
        case .sse: return 0
        case .avx: return 1
        case .avx2: return 2
        case .avx512: return 3
        case .neon, .sve: return nil
        }
    }

    /// The OPENBLAS_CORETYPE that runs this family's kernels on x86.
    public var coreType: String? {
        switch self {
        case .sse: return "Prescott"
        case .avx: return "Sandybridge"
        case .avx2: return "Haswell"
        case .avx512: return "SkylakeX"
        case .neon, .sve: return nil
        }
    }

    /// How the family is named in messages.
    public var label: String {
        switch self {
        case .sse: return "SSE"
        case .avx: return "AVX"
        case .avx2: return "AVX2"
        case .avx512: return "AVX-512"
        case .neon: return "NEON"
        case .sve: return "SVE"
        }
    }
}
