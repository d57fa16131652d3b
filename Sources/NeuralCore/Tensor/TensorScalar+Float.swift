import Foundation

extension Float: TensorScalar {
    public static var dtype: DType { .float32 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) public static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inline(__always) public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inline(__always) public static func erf(_ x: Float) -> Float { Foundation.erf(x) }
    @inline(__always) public static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    @inline(__always) public static func cos(_ x: Float) -> Float { Foundation.cos(x) }
    @inline(__always) public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
}

extension Double: TensorScalar {
    public static var dtype: DType { .float64 }
    @inline(__always) public var doubleValue: Double { self }
    @inline(__always) public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inline(__always) public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    @inline(__always) public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    @inline(__always) public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    @inline(__always) public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
}
