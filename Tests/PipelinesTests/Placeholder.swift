import XCTest
final class PipelinesTestsPlaceholder: XCTestCase { func testBuilds() {} }
