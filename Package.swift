// swift-tools-version:6.0
import PackageDescription

// DCMTK's libraries are linked by name: `pkg-config dcmtk` is broken on Debian 12.
let dcmtkLibraries: [LinkerSetting] = [
    "dcmjpls", "dcmtkcharls", "dcmjpeg", "ijg8", "ijg12", "ijg16",
    "dcmimage", "dcmimgle", "dcmdata", "oflog", "ofstd", "z",
].map { .linkedLibrary($0) }

// Numeric modules are optimized in debug builds too, so `swift test` (a debug build) runs the
// simulated archive and the resampling tests at release speed.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "medsynth",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "medsynth", targets: ["medsynth"]),
        .library(name: "MedSynth", targets: ["Imaging", "NIfTI", "DICOM", "Preprocessing", "Phantoms", "Anonymization", "Metrics", "NeuralCore", "Models", "Pipelines", "SafeTensors"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Thin C shims over system libraries (layer 0).
        .target(
            name: "CDCMTK",
            path: "Sources/CDCMTK",
            cxxSettings: [.unsafeFlags(["-std=c++17", "-Wno-deprecated-declarations"])],
            linkerSettings: dcmtkLibraries
        ),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
        // OpenBLAS and LAPACKE opened with dlopen on first use (see its header): linked, they
        // would start OpenBLAS's threads in every command.
        .target(name: "COpenBLAS", path: "Sources/COpenBLAS", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        .systemLibrary(name: "COpenJPEG", path: "Sources/COpenJPEG"),
        // Hand-vectorised loops, compiled for the x86-64 baseline, AVX and AVX2 and picked at run time.
        .target(name: "CKernels", path: "Sources/CKernels", cSettings: [.unsafeFlags(["-O2", "-fno-math-errno"])]),

        // Core value types and PNG.
        .target(name: "Imaging", dependencies: ["CPNG", "CZlib"], exclude: ["README.md"], swiftSettings: optimizedInDebug),
        // Formats.
        .target(name: "NIfTI", dependencies: ["Imaging", "CZlib"], exclude: ["README.md"]),
        // Tensors as bytes + dtype + shape in safetensors files (checkpoints, PyTorch fixtures).
        .target(name: "SafeTensors", dependencies: ["Imaging"], exclude: ["README.md"]),
        .target(name: "DICOM", dependencies: ["Imaging", "CDCMTK", "COpenJPEG"], exclude: ["README.md"]),
        // Resample, reorient, normalize, crop/pad, slice, augment; YAML pipelines.
        .target(name: "Preprocessing", dependencies: ["Imaging", .product(name: "Yams", package: "Yams")],
                exclude: ["README.md"], swiftSettings: optimizedInDebug),
        // The embedded default: a simulated multi-patient archive built from real anatomy.
        .target(name: "Phantoms", dependencies: ["Imaging", "NIfTI", "DICOM", "Preprocessing"], exclude: ["README.md"],
                swiftSettings: optimizedInDebug),
        // De-identification: the PS3.15 Annex E profile, keyed pseudonyms, recipes, pixels (OCR through
        // Tesseract's C API, loaded with dlopen only when OCR is asked for: its 56 libraries would
        // add 12 ms to every command's start), the PHI audit.
        .target(name: "Anonymization",
                dependencies: ["DICOM", "Imaging", .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "Yams", package: "Yams")],
                exclude: ["README.md"]),
        // Pixel metrics and set metrics on features (LAPACK for the Frechet distance).
        .target(name: "Metrics", dependencies: ["Imaging", "COpenBLAS", "CKernels", "CZlib"], exclude: ["README.md"],
                swiftSettings: optimizedInDebug),
        // The training core: tensors, ops with forward and backward side by side, autograd,
        // layers, optimizers, checkpoints (SGEMM/DGEMM through OpenBLAS).
        .target(name: "NeuralCore", dependencies: ["COpenBLAS", "CKernels", "SafeTensors"], exclude: ["README.md"],
                swiftSettings: optimizedInDebug),
        // Models on the training core: DCGAN (generator, discriminator, trainer).
        .target(name: "Models", dependencies: ["NeuralCore", "SafeTensors"], exclude: ["README.md"], swiftSettings: optimizedInDebug),
        // Jobs.
        .target(name: "Pipelines", dependencies: ["Imaging", "NIfTI", "DICOM", "Preprocessing", "Phantoms", "Anonymization", "Metrics",
                                                  "NeuralCore", "Models", "SafeTensors", "CDCMTK", "CPNG", "CZlib", "COpenJPEG"],
                exclude: ["README.md"]),
        // CLI.
        .executableTarget(
            name: "medsynth",
            dependencies: ["Pipelines", "Imaging", "NIfTI", "DICOM", "Preprocessing", "Phantoms", "Anonymization", "Metrics", "NeuralCore", "Models",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "NIfTITests", dependencies: ["NIfTI", "Imaging"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors", "Imaging"]),
        .testTarget(name: "DICOMTests", dependencies: ["DICOM", "Imaging"]),
        .testTarget(name: "PreprocessingTests", dependencies: ["Preprocessing", "Imaging", "NIfTI"]),
        // The C shims link (or, for OpenBLAS, open) and compute.
        .testTarget(name: "SystemLibrariesTests", dependencies: ["COpenBLAS", "CKernels", "CZlib", "CPNG", "COpenJPEG", "CDCMTK"]),
        .testTarget(name: "AnonymizationTests", dependencies: ["Anonymization", "DICOM", "Imaging"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "Imaging"]),
        .testTarget(name: "NeuralCoreTests", dependencies: ["NeuralCore", "SafeTensors"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "NeuralCore", "SafeTensors"]),
        .testTarget(name: "PhantomsTests", dependencies: ["Phantoms", "Imaging", "Preprocessing", "DICOM"]),
        .testTarget(name: "PipelinesTests", dependencies: ["Pipelines", "Phantoms", "DICOM", "NIfTI", "Imaging", "Anonymization", "Metrics",
                                                           "NeuralCore", "Models", "SafeTensors"]),
    ],
    swiftLanguageModes: [.v6]
)
