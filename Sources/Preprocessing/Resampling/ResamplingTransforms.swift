extension TransformRegistry {
    /// Pipeline names of the resampling transforms.
    static var resampling: [String: TransformFactory] { [:] }
}
