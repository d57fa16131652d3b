import Phantoms

/// Settings of `medsynth demo-data`.
public struct DemoDataOptions: Sendable {
    /// Output folder: `archive/`, `manifest.json`, `slices2d/`, `summary.json`.
    public var output: String
    public var archive: PhantomArchiveOptions
    /// Picture size of the 2D dataset; nil writes no 2D dataset.
    public var slices2d: Int?
    /// Axial pictures per patient in the 2D dataset.
    public var slicesPerPatient: Int
    /// Allows a non-empty output folder: what a previous run wrote there is removed first.
    public var overwrite: Bool
    /// Patients generated at once (each also uses the cores for its own loops).
    public var workers: Int

    public static let defaultSlices2d = 64
    public static let defaultSlicesPerPatient = 8

    public init(output: String, archive: PhantomArchiveOptions = PhantomArchiveOptions(), slices2d: Int? = DemoDataOptions.defaultSlices2d,
                slicesPerPatient: Int = DemoDataOptions.defaultSlicesPerPatient, overwrite: Bool = false, workers: Int = 2) {
        self.output = output
        self.archive = archive
        self.slices2d = slices2d
        self.slicesPerPatient = slicesPerPatient
        self.overwrite = overwrite
        self.workers = workers
    }
}
