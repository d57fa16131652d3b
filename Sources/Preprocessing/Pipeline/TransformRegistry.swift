import Imaging

/// Builds a transform from its parameters; throws for a bad or unknown parameter.
public typealias TransformFactory = @Sendable (inout TransformParameters) throws(PreprocessError) -> any Transform

/// Every transform a pipeline file can name, by name. Each group of transforms declares
/// its factories next to its code (`TransformRegistry.resampling`, `.intensity`, ...).
public enum TransformRegistry {
    public static var factories: [String: TransformFactory] {
        var all: [String: TransformFactory] = [:]
        for group in [orientation, resampling, intensity, spatial, augmentation] {
            all.merge(group) { first, _ in first }
        }
        return all
    }

    public static var names: [String] { factories.keys.sorted() }

    /// Builds the named transform; throws for an unknown name or parameter.
    public static func make(_ name: String, _ values: [String: JSONValue] = [:]) throws(PreprocessError) -> any Transform {
        guard let factory = factories[name] else { throw .unknownTransform(name: name, known: names) }
        var p = TransformParameters(transform: name, values: values)
        let t = try factory(&p)
        try p.finish()
        return t
    }
}
