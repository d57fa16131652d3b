import Testing
@testable import Imaging

@Suite struct VolumeTests {
    @Test func shapeIsPaddedToThreeDimensions() throws {
        let v = try Volume(values: [UInt8](repeating: 0, count: 6), shape: [3, 2])
        #expect(v.shape == [3, 2, 1])
        #expect(v.width == 3 && v.height == 2 && v.depth == 1 && v.frames == 1)
        #expect(v.count == 6)
        #expect(v.dimensionality == 2)
        let w = try Volume(zeros: .float32, shape: [2, 2, 3, 4])
        #expect(w.frames == 4 && w.dimensionality == 4 && w.data.count == 2 * 2 * 3 * 4 * 4)
    }

    @Test func badShapeThrowsInvalidShape() {
        #expect {
            try Volume(voxelType: .uint8, shape: [2, 0, 1], data: [])
        } throws: { error in
            guard case Volume.ShapeError.invalidShape(let s) = error else { return false }
            return s == [2, 0, 1]
        }
        #expect(throws: Volume.ShapeError.self) { try Volume(voxelType: .uint8, shape: [-1], data: []) }
    }

    @Test func sizeMismatchNamesBothSizes() {
        #expect {
            try Volume(voxelType: .uint16, shape: [2, 2], data: [UInt8](repeating: 0, count: 7))
        } throws: { error in
            guard case Volume.ShapeError.sizeMismatch(let expected, let actual) = error else { return false }
            return expected == 8 && actual == 7 && "\(error)".contains("7 bytes")
        }
    }

    @Test func overflowingShapesThrowTooLarge() {
        func isTooLarge(_ error: any Error) -> Bool {
            if case Volume.ShapeError.tooLarge = error { return true }
            return false
        }
        // The voxel count itself overflows.
        #expect { try Volume(voxelType: .uint8, shape: [Int.max, 2], data: []) } throws: { isTooLarge($0) }
        // The voxel count fits but the byte count does not.
        #expect { try Volume(voxelType: .float64, shape: [Int.max / 4, 1, 1], data: []) } throws: { isTooLarge($0) }
        #expect { try Volume(zeros: .complex128, shape: [Int.max / 8]) } throws: { isTooLarge($0) }
        #expect(Volume.voxelCount([Int.max, 2]) == nil)
        #expect(Volume.voxelCount([3, 0]) == nil)
        #expect(Volume.voxelCount([3, 4, 5]) == 60)
    }

    @Test func zerosWithAZeroDimensionReportsInvalidShape() {
        #expect {
            try Volume(zeros: .uint8, shape: [4, 0])
        } throws: { error in
            if case Volume.ShapeError.invalidShape = error { return true }
            return false
        }
    }

    @Test func valuesAsMatchingTypeOnly() throws {
        let values: [Int16] = [-32768, -1, 0, 1, 32767, 1234]
        let v = try Volume(values: values, shape: [3, 2])
        #expect(v.voxelType == .int16)
        #expect(v.values(as: Int16.self) == values)
        #expect(v.values(as: UInt16.self) == nil)
        #expect(v.values(as: Float.self) == nil)
        let f = try Volume(values: [Float(1.5), -2, 3.25], shape: [3])
        #expect(f.values(as: Float.self) == [1.5, -2, 3.25])
    }

    @Test func doublesApplyScaleOnlyWhenAsked() throws {
        var v = try Volume(values: [UInt16(1), 2, 3, 65535], shape: [2, 2])
        #expect(v.doubles() == [1, 2, 3, 65535])
        v.scale = IntensityScale(slope: 2, intercept: -1024)
        #expect(v.doubles() == [-1022, -1020, -1018, 130_046])
        #expect(v.doubles(scaled: false) == [1, 2, 3, 65535])
        #expect(v.floats() == [-1022, -1020, -1018, 130_046])
        v.scale = IntensityScale(slope: 1, intercept: 0)
        #expect(v.scale?.isIdentity == true)
        #expect(v.doubles() == [1, 2, 3, 65535])
    }

    @Test func doublesCoverColourAndSignedTypes() throws {
        let rgb = try Volume(voxelType: .rgb24, shape: [2, 1], data: [1, 2, 3, 4, 5, 6])
        #expect(rgb.doubles() == [1, 2, 3, 4, 5, 6])
        let rgb48 = try Volume(voxelType: .rgb48, shape: [1, 1],
                               data: [UInt16(1), 256, 65535].withUnsafeBytes { Array($0) })
        #expect(rgb48.doubles() == [1, 256, 65535])
        let s8 = try Volume(values: [Int8(-128), 127], shape: [2])
        #expect(s8.doubles() == [-128, 127])
        let d = try Volume(values: [Double.pi], shape: [1])
        #expect(d.doubles() == [Double.pi])
    }

    @Test func float128HighBitsConvert() throws {
        // IEEE binary128, little endian: 1.5 and -2.0 (only the top 64 bits matter here).
        func quad(_ hi: UInt64) -> [UInt8] { [UInt8](repeating: 0, count: 8) + withUnsafeBytes(of: hi.littleEndian) { Array($0) } }
        let v = try Volume(voxelType: .float128, shape: [2], data: quad(0x3FFF_8000_0000_0000) + quad(0xC000_0000_0000_0000))
        #expect(v.doubles() == [1.5, -2.0])
    }

    @Test func reshapedKeepsDataAndChecksCount() throws {
        let v = try Volume(values: [UInt8](0..<12), shape: [4, 3])
        let r = try v.reshaped([2, 3, 2])
        #expect(r.shape == [2, 3, 2] && r.data == v.data)
        #expect(throws: Volume.ShapeError.self) { try v.reshaped([5, 2]) }
    }
}
