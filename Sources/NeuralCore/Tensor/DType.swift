/// Element type of a tensor. Float32 is what models train in; Float64 is for gradient checks
/// against finite differences and for reference computations.
public enum DType: String, Sendable, Codable, CaseIterable {
    case float32
    case float64

    /// Bytes per element.
    public var size: Int { self == .float32 ? 4 : 8 }
}

/// The Swift scalar types a tensor stores. Kernels are written once, generic over this
/// protocol, and specialised for both.
public protocol TensorScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable {
    static var dtype: DType { get }
    init(_ value: Double)
    var doubleValue: Double { get }
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
}
