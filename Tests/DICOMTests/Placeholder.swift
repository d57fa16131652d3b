import XCTest
final class DICOMTestsPlaceholder: XCTestCase { func testBuilds() {} }
