extension TransformRegistry {
    /// Pipeline names of the augmentation transforms.
    static var augmentation: [String: TransformFactory] { [:] }
}
