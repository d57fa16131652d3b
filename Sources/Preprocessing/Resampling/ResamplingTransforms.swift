extension TransformRegistry {
    /// Pipeline names of the resampling transforms.
    static var resampling: [String: TransformFactory] {
        [
            "resample": { p throws(PreprocessError) in try Resample(parameters: &p) },
        ]
    }
}
