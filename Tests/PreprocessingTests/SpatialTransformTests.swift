import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite struct SpatialTransformTests {
    /// An oblique grid: rotated about z by 30 degrees, anisotropic spacing, off origin.
    static let oblique: Geometry = {
        let c = cos(Double.pi / 6), s = sin(Double.pi / 6)
        return Geometry(spacing: [0.8, 1.2, 2.5], origin: [10, -20, 30], direction: [[c, s, 0], [-s, c, 0], [0, 0, 1]])
    }()

    func subject(_ shape: [Int], landmark: [Int]) throws -> Subject {
        let image = try TestSupport.volume(shape, geometry: Self.oblique) { i, j, k in
            [i, j, k] == landmark ? 1000 : Float(i + 10 * j + 100 * k) / 1000
        }
        var labels = [Int16](repeating: 0, count: shape.reduce(1, *))
        labels[(landmark[2] * shape[1] + landmark[1]) * shape[0] + landmark[0]] = 7
        let map = try Volume(values: labels, shape: shape, geometry: Self.oblique)
        return try Subject(image: image, labelMaps: ["seg": map])
    }

    /// Index of the voxel holding the maximum.
    func argmax(_ v: Volume) -> [Int] {
        let d = v.doubles()
        let n = d.indices.max { d[$0] < d[$1] } ?? 0
        return [n % v.shape[0], (n / v.shape[0]) % v.shape[1], n / (v.shape[0] * v.shape[1])]
    }

    func run(_ yaml: String, _ s: inout Subject) throws {
        var r = SeededRandom(seed: 3)
        try PipelineFile.parse(yaml).run(&s, random: &r)
    }

    func expectSameWorld(_ a: [Double], _ b: [Double]) {
        for c in 0..<3 { #expect(abs(a[c] - b[c]) < 1e-9, "\(a) vs \(b)") }
    }

    @Test func centredCropOrPadFollowsTorchIOAndKeepsWorldPositions() throws {
        // x: 9 -> 6 (crop 3: 2 before, 1 after); y: 5 -> 8 (pad 3: 2 before, 1 after); z kept.
        #expect(CropOrPad.centredAnchor(from: [9, 5, 4], to: [6, 8, 4]) == [2, -2, 0])
        #expect(CropOrPad.centredAnchor(from: [10, 4, 4], to: [7, 11, 4]) == [2, -4, 0])
        let landmark = [4, 3, 1]
        var s = try subject([9, 5, 4], landmark: landmark)
        let before = s.image.geometry.world(landmark.map(Double.init))
        try run("- crop_or_pad: {shape: [6, 8, 4]}\n", &s)
        #expect(Array(s.image.shape.prefix(3)) == [6, 8, 4])
        let at = argmax(s.image)
        #expect(at == [2, 5, 1])
        expectSameWorld(s.image.geometry.world(at.map(Double.init)), before)
        let seg = try #require(s.labelMaps["seg"])
        #expect(seg.voxelType == .int16)
        #expect(argmax(seg) == at)
        #expect(seg.geometry == s.image.geometry)
        // Padded rows hold 0 in the image and in the label map.
        #expect(s.image.doubles()[0] == 0)
        #expect(s.history[0].applied["anchor"] == .array([.number(2), .number(-2), .number(0)]))
    }

    @Test func anchorAndFillMinimum() throws {
        let landmark = [1, 1, 1]
        var s = try subject([4, 4, 3], landmark: landmark)
        let before = s.image.geometry.world([1, 1, 1])
        try run("- crop_or_pad: {shape: [5, 3, 3], anchor: [-2, 1, 0], fill: min}\n", &s)
        let at = argmax(s.image)
        #expect(at == [3, 0, 1])
        expectSameWorld(s.image.geometry.world(at.map(Double.init)), before)
        #expect(s.image.doubles()[0] == 0)  // the image minimum (voxel 0, 0, 0)
        #expect(s.labelMaps["seg"]?.doubles()[0] == 0)
        var t = try Subject(image: try TestSupport.volume([2, 2, 2]) { i, _, _ in Float(i + 5) })
        try run("- crop_or_pad: {shape: [3, 2, 2], anchor: [0, 0, 0], fill: min}\n", &t)
        #expect(t.image.doubles().prefix(3) == [5, 6, 5])
        var u = try Subject(image: try TestSupport.volume([2, 2, 2]) { i, _, _ in Float(i + 5) })
        try run("- crop_or_pad: {shape: [3, 2, 2], anchor: [0, 0, 0], fill: -1}\n", &u)
        #expect(u.image.doubles().prefix(3) == [5, 6, -1])
    }

    @Test func cropOrPadKeepsFramesAndVoxelType() throws {
        let v = try Volume(values: (0..<(3 * 2 * 2 * 2)).map { Int16($0) }, shape: [3, 2, 2, 2])
        let out = try v.cropOrPad(to: [2, 2, 2], anchor: [1, 0, 0], fill: -5)
        #expect(out.shape == [2, 2, 2, 2])
        #expect(out.values(as: Int16.self) == [1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20, 22, 23])
        let padded = try v.cropOrPad(to: [4, 2, 2], anchor: [0, 0, 0], fill: -5)
        #expect(padded.values(as: Int16.self)?.prefix(4) == [0, 1, 2, -5])
    }

    @Test func badShapesAreErrors() {
        for bad in ["[0, 4, 4]", "[4, 4]", "[4, -1, 4]"] {
            #expect(throws: PreprocessError.self) { try PipelineFile.parse("- crop_or_pad: {shape: \(bad)}\n") }
        }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- crop_or_pad: {shape: 4, fill: max}\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- crop_or_pad: {shape: 4, anchor: [1, 2]}\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- crop_foreground: {margin: -1}\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- foreground_mask: {connectivity: 8}\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- foreground_mask: {element: disc}\n") }
    }

    @Test func cropForegroundToMaskWithMarginKeepsWorldPositions() throws {
        let landmark = [5, 4, 3]
        var s = try subject([10, 8, 6], landmark: landmark)
        var brain = [UInt8](repeating: 0, count: 480)
        for (i, j, k) in [(4, 3, 2), (6, 5, 3), (5, 4, 3)] { brain[(k * 8 + j) * 10 + i] = 1 }
        s.labelMaps["brain"] = try Volume(values: brain, shape: [10, 8, 6], geometry: Self.oblique)
        let before = s.image.geometry.world(landmark.map(Double.init))
        try run("- crop_foreground: {mask: brain, margin: [1, 1, 3]}\n", &s)
        // Box [4...6, 3...5, 2...3] grown by [1, 1, 3] and clipped: [3...7, 2...6, 0...5].
        #expect(Array(s.image.shape.prefix(3)) == [5, 5, 6])
        let at = argmax(s.image)
        #expect(at == [2, 2, 3])
        expectSameWorld(s.image.geometry.world(at.map(Double.init)), before)
        #expect(argmax(try #require(s.labelMaps["seg"])) == at)
        #expect(s.labelMaps["brain"]?.nonZeroCount == 3)
    }

    @Test func cropForegroundByThresholdAndDefault() throws {
        let v = try TestSupport.volume([8, 8, 8]) { i, j, k in (2...4).contains(i) && (3...5).contains(j) && k == 6 ? 5 : -1000 }
        var s = try Subject(image: v)
        try run("- crop_foreground\n", &s)
        #expect(Array(s.image.shape.prefix(3)) == [3, 3, 1])
        #expect(s.image.geometry.origin == [2, 3, 6])
        var t = try Subject(image: v)
        try run("- crop_foreground: {threshold: -2000, margin: 1}\n", &t)  // every voxel: nothing cropped
        #expect(Array(t.image.shape.prefix(3)) == [8, 8, 8])
    }

    @Test func emptyMasksAndOtherGridsAreErrors() throws {
        let v = try TestSupport.volume([4, 4, 4]) { i, _, _ in Float(i) }
        var s = try Subject(image: v, labelMaps: ["none": try Volume(zeros: .uint8, shape: [4, 4, 4])])
        #expect { try run("- crop_foreground: {mask: none}\n", &s) } throws: { e in
            guard case .emptyMask(let m) = (e as? PreprocessError)?.underlying else { return false }
            return m.contains("'none'")
        }
        #expect { try run("- crop_foreground: {threshold: 10}\n", &s) } throws: { e in
            if case .emptyMask = (e as? PreprocessError)?.underlying { return true } else { return false }
        }
        #expect { try run("- crop_foreground: {mask: brain}\n", &s) } throws: { "\($0)".contains("brain") }
        let other = try Volume(values: [UInt8](repeating: 1, count: 64), shape: [4, 4, 4], geometry: .identity(spacing: [2, 2, 2]))
        #expect { _ = try v.croppedToForeground(mask: other) } throws: { e in
            if case .gridMismatch = (e as? PreprocessError)?.underlying { return true } else { return false }
        }
    }

    @Test func foregroundMaskKeepsTheHeadFillsItsHolesAndZerosTheRest() throws {
        // A noisy-background "head": a shell of radius 5 (with a dark interior), plus a bright
        // speck far away that the largest component drops.
        let shape = [16, 16, 14]
        let v = try TestSupport.volume(shape) { i, j, k in
            let r = (Double(i - 7) * Double(i - 7) + Double(j - 7) * Double(j - 7) + Double(k - 6) * Double(k - 6)).squareRoot()
            if i == 15 && j == 15 && k == 13 { return 200 }
            if r <= 5 && r > 3 { return 100 + Float((i * 7 + j * 3 + k) % 5) }
            // Background 0, 0.5 or 1: with 256 bins over [0, 200] Otsu's threshold is the
            // centre of the bin holding 1 (1.17), above the background.
            return Float((i * 13 + j * 7 + k * 5) % 3) * 0.5
        }
        var s = try Subject(image: v)
        try run("- foreground_mask: {apply: true, name: head}\n", &s)
        let mask = try #require(s.labelMaps["head"])
        #expect(mask.voxelType == .uint8)
        let m = mask.values(as: UInt8.self) ?? []
        let centre = (6 * 16 + 7) * 16 + 7, speck = (13 * 16 + 15) * 16 + 15
        #expect(m[centre] == 1)       // the dark interior is a filled hole
        #expect(m[speck] == 0)        // not the largest component
        #expect(m[0] == 0)
        let t = try #require(s.history.first?.applied["threshold"])
        guard case .number(let threshold) = t else { Issue.record("no threshold"); return }
        #expect(threshold > 1 && threshold < 100)
        #expect(s.image.doubles()[speck] == 0)
        #expect(s.image.doubles()[(6 * 16 + 7) * 16 + 2] >= 100)
    }

    @Test(arguments: [1, 2, 3])
    func ballMorphologyMatchesBruteForce(radius: Int) throws {
        let (nx, ny, nz) = (9, 8, 7)
        var bits = [UInt8](repeating: 0, count: nx * ny * nz)
        var r = SeededRandom(seed: UInt64(radius))
        for n in bits.indices { bits[n] = r.uniform() < 0.7 ? 1 : 0 }
        let m = MaskGrid(bits: bits, nx: nx, ny: ny, nz: nz)
        var offsets: [(Int, Int, Int)] = []
        for a in -radius...radius { for b in -radius...radius { for c in -radius...radius where a * a + b * b + c * c <= radius * radius { offsets.append((a, b, c)) } } }
        func at(_ i: Int, _ j: Int, _ k: Int) -> UInt8 {
            i >= 0 && i < nx && j >= 0 && j < ny && k >= 0 && k < nz ? bits[(k * ny + j) * nx + i] : 0
        }
        var erosion = bits, dilation = bits
        for k in 0..<nz { for j in 0..<ny { for i in 0..<nx {
            erosion[(k * ny + j) * nx + i] = offsets.allSatisfy { at(i + $0.0, j + $0.1, k + $0.2) == 1 } ? 1 : 0
            dilation[(k * ny + j) * nx + i] = offsets.contains { at(i + $0.0, j + $0.1, k + $0.2) == 1 } ? 1 : 0
        } } }
        #expect(BinaryMorphology.erode(m, .ball(radius: radius)).bits == erosion)
        #expect(BinaryMorphology.dilate(m, .ball(radius: radius)).bits == dilation)
    }
}
