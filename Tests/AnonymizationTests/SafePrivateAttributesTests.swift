import DICOM
import Testing
@testable import Anonymization

@Suite struct SafePrivateAttributesTests {
    @Test func everyLineParsesAndTheTableHasItsRows() {
        let lines = SafePrivateData.text.split(separator: "\n", omittingEmptySubsequences: true)
        let parsed = SafePrivateAttributes.parse(SafePrivateData.text)
        #expect(parsed.malformed.isEmpty, "\(parsed.malformed)")
        #expect(parsed.entries.count == lines.count)
        #expect(SafePrivateAttributes.all.count == 479)
        #expect(SafePrivateAttributes.all == parsed.entries)
        #expect(SafePrivateAttributes.edition == "2026d")
        #expect(SafePrivateAttributes.source.contains("PS3.15 2026d") && SafePrivateAttributes.source.contains("E.3.10-1"))
    }

    @Test func rowsAreUniqueAndWellFormed() {
        let all = SafePrivateAttributes.all
        let keys = Set(all.map { "\($0.group)|\($0.elementOffset)|\($0.creator)" })
        #expect(keys.count == all.count)
        #expect(all.allSatisfy { Tag($0.group, 0x1000).isPrivate })
        #expect(all.filter { $0.vr == nil }.count == 5)
        // Rows per Private Creator, as the table lists them.
        func count(_ creator: String) -> Int { all.filter { $0.creator == creator }.count }
        #expect(count("Philips Imaging DD 001") == 184)
        #expect(count("Philips Imaging DD 002") == 86)
        #expect(count("Philips Imaging DD 097") == 70)
        #expect(count("Philips Imaging DD 129") == 10)
        #expect(count("SIEMENS Ultrasound SC2000") == 40)
        #expect(count("NQLeft") == 22 && count("NQRight") == 22)
        #expect(count("ELSCINT1") == 7)
        #expect(count("SIEMENS MR HEADER") == 4)
    }

    @Test func spotChecksAgainstThePublishedTable() throws {
        func row(_ group: UInt16, _ offset: UInt8, _ creator: String) -> SafePrivateAttribute? {
            SafePrivateAttributes.all.first { $0.group == group && $0.elementOffset == offset && $0.creator == creator }
        }
        let first = try #require(SafePrivateAttributes.all.first)
        #expect(first == SafePrivateAttribute(group: 0x7053, elementOffset: 0x00, creator: "Philips PET Private Group", vr: "DS", vm: "1"))
        let last = try #require(SafePrivateAttributes.all.last)
        #expect(last == SafePrivateAttribute(group: 0x7FD1, elementOffset: 0x11,
                                             creator: "SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING", vr: "OB", vm: "1"))
        #expect(row(0x0019, 0x0C, "SIEMENS MR HEADER") == SafePrivateAttribute(group: 0x0019, elementOffset: 0x0C, creator: "SIEMENS MR HEADER", vr: "IS", vm: "1"))
        #expect(row(0x0019, 0x0E, "SIEMENS MR HEADER")?.vm == "3")
        #expect(row(0x0019, 0x27, "SIEMENS MR HEADER")?.vr == "FD")
        #expect(row(0x0019, 0x27, "GEMS_ACQU_01")?.vr == "DS")
        #expect(row(0x0043, 0x6F, "GEMS_PARM_01")?.vm == "3-4")
        #expect(row(0x0043, 0x39, "GEMS_PARM_01")?.vm == "4")
        #expect(row(0x7E01, 0x01, "HOLOGIC, Inc.")?.vr == "LO")
        #expect(row(0x0199, 0x0A, "NQLeft")?.vr == "FL")   // published as (0199,xx0a)
        #expect(row(0x2001, 0x7D, "Philips Imaging DD 001")?.vr == "OW/OB")
        #expect(row(0x2001, 0x00, "Philips Imaging DD 129")?.vr == "SQ")
        #expect(row(0x0025, 0x01, "Philips ST80i")?.vr == "OW")
        #expect(row(0x2005, 0x0E, "Philips MR Imaging DD 001")?.vr == "FL")
        let noVR = try #require(row(0x0119, 0x11, "SIEMENS Ultrasound SC2000"))
        #expect(noVR.vr == nil && noVR.vm == "1")
        #expect(row(0x0149, 0x02, "SIEMENS Ultrasound SC2000")?.vm == "1-n")
    }

    @Test func isSafeMatchesGroupElementAndCreator() {
        #expect(SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x0C, creator: "SIEMENS MR HEADER"))
        #expect(SafePrivateAttributes.isSafe(group: 0x7053, elementOffset: 0x09, creator: "Philips PET Private Group"))
        #expect(SafePrivateAttributes.isSafe(group: 0x7E01, elementOffset: 0x12, creator: "HOLOGIC, Inc."))
        // Padding of the LO value does not matter.
        #expect(SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x0C, creator: "SIEMENS MR HEADER "))
        #expect(SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x0C, creator: "SIEMENS MR HEADER\0"))
        #expect(SafePrivateAttributes.isSafe(group: 0x7053, elementOffset: 0x00, creator: " Philips PET Private Group  "))
        // Wrong creator, including one that only differs in case.
        #expect(!SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x0C, creator: "GEMS_ACQU_01"))
        #expect(!SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x23, creator: "SIEMENS MR HEADER"))
        #expect(!SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x0C, creator: "siemens mr header"))
        #expect(!SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x0C, creator: "SIEMENS MR"))
        #expect(!SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x0C, creator: ""))
        // Wrong group.
        #expect(!SafePrivateAttributes.isSafe(group: 0x0021, elementOffset: 0x0C, creator: "SIEMENS MR HEADER"))
        #expect(!SafePrivateAttributes.isSafe(group: 0x0051, elementOffset: 0x0C, creator: "SIEMENS MR HEADER"))
        // Wrong element.
        #expect(!SafePrivateAttributes.isSafe(group: 0x0019, elementOffset: 0x0F, creator: "SIEMENS MR HEADER"))
        #expect(!SafePrivateAttributes.isSafe(group: 0x2001, elementOffset: 0x20, creator: "Philips Imaging DD 001"))
        #expect(SafePrivateAttributes.isSafe(group: 0x2001, elementOffset: 0x20, creator: "Philips Imaging DD 002"))
    }

    @Test func isSafeForATagInAnyBlock() {
        #expect(SafePrivateAttributes.isSafe(Tag(0x0019, 0x100C), creator: "SIEMENS MR HEADER"))
        #expect(SafePrivateAttributes.isSafe(Tag(0x0019, 0x110C), creator: "SIEMENS MR HEADER"))
        #expect(SafePrivateAttributes.isSafe(Tag(0x0019, 0xFF0C), creator: "SIEMENS MR HEADER"))
        #expect(!SafePrivateAttributes.isSafe(Tag(0x0019, 0x100C), creator: nil))
        #expect(!SafePrivateAttributes.isSafe(Tag(0x0019, 0x100D), creator: "GEMS_ACQU_01"))
        // A creator reservation and a standard tag are never listed.
        #expect(!SafePrivateAttributes.isSafe(Tag(0x0019, 0x000C), creator: "SIEMENS MR HEADER"))
        #expect(!SafePrivateAttributes.isSafe(Tag(0x0019, 0x0010), creator: "SIEMENS MR HEADER"))
        #expect(!SafePrivateAttributes.isSafe(Tag(0x0018, 0x100C), creator: "SIEMENS MR HEADER"))
    }

    @Test func malformedLinesAreReportedNotDropped() {
        let text = """
        0019|xx0C|SIEMENS MR HEADER|IS|1
        0018|xx0C|EVEN GROUP|IS|1
        0019|0C|NO BLOCK BYTE|IS|1
        0019|xxZZ|BAD HEX|IS|1
        +019|xx0C|SIGN|IS|1
        0019|xx0C||IS|1
        0019|xx0C| PADDED|IS|1
        0019|xx0C|LOWER VR|is|1
        0019|xx0C|NO VM|IS|
        0019|xx0C|FOUR FIELDS|IS
        0019|xx0D|NO VR||1
        """
        let parsed = SafePrivateAttributes.parse(text)
        #expect(parsed.entries.count == 2)
        #expect(parsed.malformed.count == 9)
        #expect(parsed.entries.count + parsed.malformed.count == text.split(separator: "\n").count)
        #expect(parsed.entries.last?.vr == nil)
    }
}
