import XCTest
@testable import DICOM
import Imaging

final class RescaleLookupTests: XCTestCase {
    func transform(_ slope: Double, _ intercept: Double) -> Dataset {
        var t = Dataset()
        t.set(DataElement(tag: Tags.rescaleSlope, vr: .DS, strings: [String(slope)]))
        t.set(DataElement(tag: Tags.rescaleIntercept, vr: .DS, strings: [String(intercept)]))
        var group = Dataset()
        group.set(DataElement(tag: Tags.pixelValueTransformationSequence, items: [t]))
        return group
    }

    func testPerFrameThenSharedThenTopLevel() {
        var ds = Dataset()
        ds.set(DataElement(tag: Tags.rescaleSlope, vr: .DS, strings: ["9"]))
        ds.set(DataElement(tag: Tags.sharedFunctionalGroups, items: [transform(2, -5)]))
        ds.set(DataElement(tag: Tags.perFrameFunctionalGroups, items: [transform(0.5, 10), Dataset(), transform(3, 0)]))
        XCTAssertEqual(RescaleLookup.rescale(ds, frame: 0), IntensityScale(slope: 0.5, intercept: 10))
        XCTAssertEqual(RescaleLookup.rescale(ds, frame: 1), IntensityScale(slope: 2, intercept: -5))
        XCTAssertEqual(RescaleLookup.rescale(ds, frame: 2), IntensityScale(slope: 3, intercept: 0))
        ds.remove(Tags.sharedFunctionalGroups)
        XCTAssertEqual(RescaleLookup.rescale(ds, frame: 1), IntensityScale(slope: 9, intercept: 0))
        XCTAssertNil(RescaleLookup.rescale(Dataset(), frame: 0))
    }
}
