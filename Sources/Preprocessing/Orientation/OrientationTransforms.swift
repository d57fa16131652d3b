extension TransformRegistry {
    /// Pipeline names of the orientation transforms.
    static var orientation: [String: TransformFactory] {
        [
            "reorient": { p throws(PreprocessError) in try Reorient(code: try p.string("code", default: "RAS")) },
        ]
    }
}
