import Foundation
import Imaging
import XCTest
@testable import Pipelines

final class ImageSetStreamingTests: XCTestCase {
    var root = ""
    override func setUpWithError() throws { root = try ImageSetFixture.temporaryFolder("image-set-stream") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    /// 1000 tiny PNGs in 4 classes: listing reads no pixels (it succeeds on files that are not
    /// PNGs at all), and loading reads one file per call.
    func testThousandFilesAreListedWithoutLoading() throws {
        let fm = FileManager.default
        func name(_ i: Int) -> String { String(format: "class%d/img%04d.png", i % 4, i) }
        for c in 0..<4 { try ImageSetFixture.folder(root + "/class\(c)") }
        for i in 0..<1000 { _ = fm.createFile(atPath: root + "/" + name(i), contents: Data("not a PNG".utf8)) }
        let listed = try ImageSet.list(root: root)
        XCTAssertEqual(listed.items.count, 1000)
        XCTAssertEqual(listed.skipped.count, 0)
        XCTAssertEqual(listed.labels, ["class0", "class1", "class2", "class3"])
        XCTAssertEqual(listed.groupsByLabel().map(\.items.count), [250, 250, 250, 250])

        // Now real pixels: item i holds the value i % 251, read one item at a time.
        for i in 0..<1000 {
            let bytes = try PNGCodec.encode(try Volume(values: [UInt8(i % 251), UInt8(i % 251)], shape: [2, 1, 1]))
            _ = fm.createFile(atPath: root + "/" + name(i), contents: Data(bytes))
        }
        var sum = 0.0
        for item in listed.items {
            let image = try listed.load(item)
            XCTAssertEqual(image.shape, [2, 1, 1])
            sum += Double(image.pixels[0])
        }
        XCTAssertEqual(sum, Double((0..<1000).reduce(0) { $0 + $1 % 251 }))
        // A file damaged after listing fails when (and only when) it is loaded.
        _ = fm.createFile(atPath: root + "/" + name(7), contents: Data("broken".utf8))
        let damaged = try XCTUnwrap(listed.items.first { $0.path == name(7) })
        XCTAssertThrowsError(try listed.load(damaged)) { error in
            XCTAssertEqual((error as? ImageSetError)?.path, root + "/" + name(7))
        }
        XCTAssertNoThrow(try listed.load(listed.items[0]))
    }
}
