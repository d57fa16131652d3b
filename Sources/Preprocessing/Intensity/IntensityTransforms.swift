extension TransformRegistry {
    /// Pipeline names of the intensity transforms.
    static var intensity: [String: TransformFactory] { [:] }
}
