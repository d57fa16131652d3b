extension TransformRegistry {
    /// Pipeline names of the spatial transforms.
    static var spatial: [String: TransformFactory] { [:] }
}
