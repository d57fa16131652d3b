import XCTest
final class NIfTITestsPlaceholder: XCTestCase { func testBuilds() {} }
