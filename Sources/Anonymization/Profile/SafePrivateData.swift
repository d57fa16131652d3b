/// DICOM PS3.15 (2026d) Annex E, Table E.3.10-1 "Safe Private Attributes" (Retain Safe Private
/// Option): the private data elements the standard lists as thought safe to retain. One row per
/// line, in the table's order: `GGGG|xxEE|CREATOR|VR|VM` — the odd group, the element with its
/// private block byte written "xx" (only the low byte EE is fixed), the Private Creator exactly as
/// the table spells it, the VR ("OW/OB" where the table gives alternatives; empty where it gives
/// none) and the VM. Hexadecimal digits are upper case here (the published table mixes cases).
/// Only the table's facts are kept, not its descriptions. `SafePrivateAttributesTests` checks the
/// row count and parses every line.
enum SafePrivateData {
    static let text = """
7053|xx00|Philips PET Private Group|DS|1
7053|xx09|Philips PET Private Group|DS|1
00E1|xx21|ELSCINT1|DS|1
00E1|xx50|ELSCINT1|DS|1
01E1|xx26|ELSCINT1|CS|1
01F1|xx01|ELSCINT1|CS|1
01F1|xx07|ELSCINT1|DS|1
01F1|xx26|ELSCINT1|DS|1
01F1|xx27|ELSCINT1|DS|1
0019|xx23|GEMS_ACQU_01|DS|1
0019|xx24|GEMS_ACQU_01|DS|1
0019|xx27|GEMS_ACQU_01|DS|1
0019|xx9E|GEMS_ACQU_01|LO|1
0043|xx27|GEMS_PARM_01|SH|1
0045|xx01|GEMS_HELIOS_01|SS|1
0045|xx02|GEMS_HELIOS_01|FL|1
0903|xx10|GEIIS PACS|US|1
0903|xx11|GEIIS PACS|US|1
0903|xx12|GEIIS PACS|US|1
2001|xx01|Philips Imaging DD 001|FL|1
2001|xx02|Philips Imaging DD 001|IS|1
2001|xx03|Philips Imaging DD 001|FL|1
2001|xx04|Philips Imaging DD 001|CS|1
2001|xx05|Philips Imaging DD 001|SS|1
2001|xx06|Philips Imaging DD 001|CS|1
2001|xx07|Philips Imaging DD 001|CS|1
2001|xx08|Philips Imaging DD 001|IS|1
2001|xx09|Philips Imaging DD 001|FL|1
2001|xx0A|Philips Imaging DD 001|IS|1
2001|xx0B|Philips Imaging DD 001|CS|1
2001|xx0C|Philips Imaging DD 001|CS|1
2001|xx0E|Philips Imaging DD 001|CS|1
2001|xx0F|Philips Imaging DD 001|SS|1
2001|xx10|Philips Imaging DD 001|CS|1
2001|xx11|Philips Imaging DD 001|FL|1
2001|xx12|Philips Imaging DD 001|CS|1
2001|xx13|Philips Imaging DD 001|SL|1
2001|xx14|Philips Imaging DD 001|SL|1
2001|xx15|Philips Imaging DD 001|SS|1
2001|xx16|Philips Imaging DD 001|SS|1
2001|xx17|Philips Imaging DD 001|SL|1
2001|xx18|Philips Imaging DD 001|SL|1
2001|xx19|Philips Imaging DD 001|CS|1
2001|xx1A|Philips Imaging DD 001|FL|3
2001|xx1B|Philips Imaging DD 001|FL|1
2001|xx1C|Philips Imaging DD 001|CS|1
2001|xx1D|Philips Imaging DD 001|IS|1
2001|xx1E|Philips Imaging DD 001|CS|1
2001|xx1F|Philips Imaging DD 001|CS|1
2001|xx21|Philips Imaging DD 001|CS|1
2001|xx22|Philips Imaging DD 001|FL|1
2001|xx23|Philips Imaging DD 001|DS|1
2001|xx24|Philips Imaging DD 001|CS|1
2001|xx25|Philips Imaging DD 001|SH|1
2001|xx26|Philips Imaging DD 001|CS|1
2001|xx27|Philips Imaging DD 001|CS|1
2001|xx28|Philips Imaging DD 001|FL|1
2001|xx29|Philips Imaging DD 001|FL|1
2001|xx2A|Philips Imaging DD 001|CS|1
2001|xx2B|Philips Imaging DD 001|CS|1
2001|xx2C|Philips Imaging DD 001|FL|1
2001|xx2D|Philips Imaging DD 001|SS|1
2001|xx2E|Philips Imaging DD 001|CS|1
2001|xx2F|Philips Imaging DD 001|FL|1
2001|xx30|Philips Imaging DD 001|UL|1
2001|xx31|Philips Imaging DD 001|US|1
2001|xx32|Philips Imaging DD 001|FL|1
2001|xx33|Philips Imaging DD 001|CS|1
2001|xx34|Philips Imaging DD 001|CS|1
2001|xx35|Philips Imaging DD 001|SS|1
2001|xx36|Philips Imaging DD 001|CS|1
2001|xx37|Philips Imaging DD 001|CS|1
2001|xx38|Philips Imaging DD 001|FL|1
2001|xx39|Philips Imaging DD 001|FL|1
2001|xx3A|Philips Imaging DD 001|CS|1
2001|xx3B|Philips Imaging DD 001|FL|4
2001|xx3C|Philips Imaging DD 001|FL|2
2001|xx3D|Philips Imaging DD 001|UL|1
2001|xx3E|Philips Imaging DD 001|FL|2
2001|xx3F|Philips Imaging DD 001|CS|1
2001|xx40|Philips Imaging DD 001|CS|1
2001|xx41|Philips Imaging DD 001|FL|1
2001|xx42|Philips Imaging DD 001|CS|1
2001|xx43|Philips Imaging DD 001|IS|2
2001|xx44|Philips Imaging DD 001|IS|2
2001|xx45|Philips Imaging DD 001|IS|2
2001|xx46|Philips Imaging DD 001|CS|1
2001|xx47|Philips Imaging DD 001|FL|1
2001|xx48|Philips Imaging DD 001|SS|1
2001|xx49|Philips Imaging DD 001|IS|1
2001|xx4A|Philips Imaging DD 001|CS|1
2001|xx4B|Philips Imaging DD 001|CS|1
2001|xx4C|Philips Imaging DD 001|CS|1
2001|xx4D|Philips Imaging DD 001|CS|1
2001|xx4E|Philips Imaging DD 001|CS|1
2001|xx4F|Philips Imaging DD 001|FD|1
2001|xx50|Philips Imaging DD 001|LO|1
2001|xx51|Philips Imaging DD 001|IS|1
2001|xx53|Philips Imaging DD 001|CS|1
2001|xx54|Philips Imaging DD 001|FL|1
2001|xx55|Philips Imaging DD 001|UL|1
2001|xx56|Philips Imaging DD 001|CS|1
2001|xx57|Philips Imaging DD 001|CS|1
2001|xx58|Philips Imaging DD 001|UL|1
2001|xx59|Philips Imaging DD 001|IS|1
2001|xx5A|Philips Imaging DD 001|ST|1
2001|xx5D|Philips Imaging DD 001|ST|1
2001|xx5E|Philips Imaging DD 001|ST|1
2001|xx5F|Philips Imaging DD 001|SQ|1-n
2001|xx60|Philips Imaging DD 001|SL|1
2001|xx61|Philips Imaging DD 001|CS|1
2001|xx62|Philips Imaging DD 001|CS|1
2001|xx63|Philips Imaging DD 001|CS|1
2001|xx64|Philips Imaging DD 001|SH|1
2001|xx65|Philips Imaging DD 001|SQ|1-n
2001|xx66|Philips Imaging DD 001|SQ|1-n
2001|xx67|Philips Imaging DD 001|CS|1
2001|xx68|Philips Imaging DD 001|SQ|1-n
2001|xx69|Philips Imaging DD 001|SQ|1-n
2001|xx6A|Philips Imaging DD 001|SQ|1-n
2001|xx6B|Philips Imaging DD 001|SQ|1-n
2001|xx6D|Philips Imaging DD 001|LO|1
2001|xx6E|Philips Imaging DD 001|SH|1
2001|xx6F|Philips Imaging DD 001|SQ|1-n
2001|xx71|Philips Imaging DD 001|CS|1
2001|xx72|Philips Imaging DD 001|IS|2
2001|xx73|Philips Imaging DD 001|SQ|1-n
2001|xx74|Philips Imaging DD 001|DS|1-n
2001|xx75|Philips Imaging DD 001|DS|1-n
2001|xx76|Philips Imaging DD 001|UL|1
2001|xx77|Philips Imaging DD 001|CS|1
2001|xx79|Philips Imaging DD 001|SQ|1-n
2001|xx7A|Philips Imaging DD 001|FL|1
2001|xx7B|Philips Imaging DD 001|IS|1
2001|xx7C|Philips Imaging DD 001|UL|1
2001|xx7D|Philips Imaging DD 001|OW/OB|1
2001|xx7E|Philips Imaging DD 001|US|1
2001|xx7F|Philips Imaging DD 001|US|1
2001|xx80|Philips Imaging DD 001|LO|1
2001|xx81|Philips Imaging DD 001|IS|1
2001|xx82|Philips Imaging DD 001|IS|1
2001|xx83|Philips Imaging DD 001|DS|1
2001|xx84|Philips Imaging DD 001|DS|1
2001|xx85|Philips Imaging DD 001|DS|1
2001|xx86|Philips Imaging DD 001|IS|1
2001|xx87|Philips Imaging DD 001|SH|1
2001|xx88|Philips Imaging DD 001|DS|1
2001|xx89|Philips Imaging DD 001|DS|1
2001|xx8A|Philips Imaging DD 001|DS|1
2001|xx8B|Philips Imaging DD 001|SH|1
2001|xx8C|Philips Imaging DD 001|CS|0-n
2001|xx90|Philips Imaging DD 001|LO|1
2001|xx91|Philips Imaging DD 001|LO|1
2001|xx92|Philips Imaging DD 001|LO|1
2001|xx93|Philips Imaging DD 001|LO|1
2001|xx94|Philips Imaging DD 001|LO|1
2001|xx9A|Philips Imaging DD 001|SQ|1-n
2001|xx9B|Philips Imaging DD 001|UL|1
2001|xx9D|Philips Imaging DD 001|LO|1
2001|xx9F|Philips Imaging DD 001|US|2
2001|xxA1|Philips Imaging DD 001|CS|1
2001|xxA2|Philips Imaging DD 001|US|1
2001|xxA3|Philips Imaging DD 001|UL|1
2001|xxA4|Philips Imaging DD 001|UL|1
2001|xxA5|Philips Imaging DD 001|UL|1
2001|xxC0|Philips Imaging DD 001|UL|1
2001|xxC1|Philips Imaging DD 001|LO|1
2001|xxC2|Philips Imaging DD 001|FD|1
2001|xxC3|Philips Imaging DD 001|UL|1
2001|xxC5|Philips Imaging DD 001|SQ|0-1
2001|xxC6|Philips Imaging DD 001|SQ|0-1
2001|xxC7|Philips Imaging DD 001|SQ|0-1
2001|xxCA|Philips Imaging DD 001|SQ|1
2001|xxCB|Philips Imaging DD 001|IS|1
2001|xxD0|Philips Imaging DD 001|AT|1-n
2001|xxD1|Philips Imaging DD 001|US|1-n
2001|xxD2|Philips Imaging DD 001|US|1
2001|xxD3|Philips Imaging DD 001|US|1
2001|xxD4|Philips Imaging DD 001|US|1
2001|xxD5|Philips Imaging DD 001|US|1
2001|xxD6|Philips Imaging DD 001|US|1
2001|xxD7|Philips Imaging DD 001|US|1
2001|xxD8|Philips Imaging DD 001|US|1
2001|xxD9|Philips Imaging DD 001|US|1
2001|xxDA|Philips Imaging DD 001|CS|1
2001|xxDB|Philips Imaging DD 001|US|1
2001|xxDC|Philips Imaging DD 001|US|1
2001|xxDD|Philips Imaging DD 001|US|1
2001|xxDE|Philips Imaging DD 001|US|1
2001|xxDF|Philips Imaging DD 001|UL|1
2001|xxE9|Philips Imaging DD 001|SQ|0-n
2001|xxF1|Philips Imaging DD 001|FL|6
2001|xxF2|Philips Imaging DD 001|FL|1-n
2001|xxF3|Philips Imaging DD 001|CS|1
2001|xxF4|Philips Imaging DD 001|UL|1
2001|xxF5|Philips Imaging DD 001|CS|1
2001|xxF6|Philips Imaging DD 001|UL|1
2001|xxF7|Philips Imaging DD 001|LO|0-n
2001|xxF9|Philips Imaging DD 001|SQ|0-n
2001|xxFB|Philips Imaging DD 001|SQ|0-1
2001|xxFC|Philips Imaging DD 001|SQ|0-1
2001|xxFD|Philips Imaging DD 001|SQ|0-n
2001|xxFF|Philips Imaging DD 001|OW/OB|1
2001|xx01|Philips Imaging DD 002|US|1
2001|xx02|Philips Imaging DD 002|FD|1
2001|xx03|Philips Imaging DD 002|CS|1
2001|xx04|Philips Imaging DD 002|SS|1
2001|xx05|Philips Imaging DD 002|FD|1
2001|xx06|Philips Imaging DD 002|US|1
2001|xx07|Philips Imaging DD 002|CS|1
2001|xx08|Philips Imaging DD 002|FD|1
2001|xx09|Philips Imaging DD 002|FD|1
2001|xx0A|Philips Imaging DD 002|FD|1
2001|xx0B|Philips Imaging DD 002|FD|1
2001|xx0C|Philips Imaging DD 002|US|1
2001|xx0D|Philips Imaging DD 002|CS|1
2001|xx0E|Philips Imaging DD 002|FD|1
2001|xx0F|Philips Imaging DD 002|US|1
2001|xx10|Philips Imaging DD 002|SS|1
2001|xx11|Philips Imaging DD 002|SS|1
2001|xx12|Philips Imaging DD 002|CS|1
2001|xx13|Philips Imaging DD 002|SS|1
2001|xx14|Philips Imaging DD 002|FD|1
2001|xx15|Philips Imaging DD 002|FD|1
2001|xx16|Philips Imaging DD 002|FD|1
2001|xx17|Philips Imaging DD 002|FD|1
2001|xx18|Philips Imaging DD 002|CS|1
2001|xx19|Philips Imaging DD 002|FD|1
2001|xx1A|Philips Imaging DD 002|FD|1
2001|xx1B|Philips Imaging DD 002|FD|1
2001|xx1C|Philips Imaging DD 002|FD|1
2001|xx1D|Philips Imaging DD 002|FD|1
2001|xx1E|Philips Imaging DD 002|FD|1
2001|xx1F|Philips Imaging DD 002|FD|1
2001|xx20|Philips Imaging DD 002|FD|1
2001|xx21|Philips Imaging DD 002|FD|1
2001|xx22|Philips Imaging DD 002|FD|1
2001|xx23|Philips Imaging DD 002|FD|1
2001|xx24|Philips Imaging DD 002|FD|1
2001|xx25|Philips Imaging DD 002|FD|1
2001|xx26|Philips Imaging DD 002|FD|1
2001|xx27|Philips Imaging DD 002|FD|1
2001|xx28|Philips Imaging DD 002|US|1
2001|xx29|Philips Imaging DD 002|US|1
2001|xx2A|Philips Imaging DD 002|US|1
2001|xx2B|Philips Imaging DD 002|SS|1
2001|xx2C|Philips Imaging DD 002|FD|1
2001|xx2D|Philips Imaging DD 002|FD|1
2001|xx2E|Philips Imaging DD 002|SS|1
2001|xx2F|Philips Imaging DD 002|SS|1
2001|xx30|Philips Imaging DD 002|SS|1
2001|xx31|Philips Imaging DD 002|SS|1
2001|xx32|Philips Imaging DD 002|SS|1
2001|xx33|Philips Imaging DD 002|SS|1
2001|xx34|Philips Imaging DD 002|SS|1
2001|xx35|Philips Imaging DD 002|FD|1
2001|xx36|Philips Imaging DD 002|FD|1
2001|xx37|Philips Imaging DD 002|FD|1
2001|xx38|Philips Imaging DD 002|FD|1
2001|xx39|Philips Imaging DD 002|CS|1
2001|xx3A|Philips Imaging DD 002|SQ|1
2001|xx3B|Philips Imaging DD 002|SQ|0-n
2001|xx3C|Philips Imaging DD 002|SQ|1-n
2001|xx3D|Philips Imaging DD 002|SQ|0-1
2001|xx3E|Philips Imaging DD 002|SS|1
2001|xx3F|Philips Imaging DD 002|SS|1
2001|xx40|Philips Imaging DD 002|SS|1
2001|xx50|Philips Imaging DD 002|CS|1
2001|xx52|Philips Imaging DD 002|LO|1
2001|xx53|Philips Imaging DD 002|CS|1
2001|xx57|Philips Imaging DD 002|SQ|0-1
2001|xx58|Philips Imaging DD 002|SQ|0-1
2001|xx5A|Philips Imaging DD 002|LO|1
2001|xx5C|Philips Imaging DD 002|LO|1
2001|xx5D|Philips Imaging DD 002|UL|1
2001|xx5E|Philips Imaging DD 002|UL|1
2001|xx5F|Philips Imaging DD 002|SQ|0-1
2001|xx63|Philips Imaging DD 002|ST|1
2001|xx64|Philips Imaging DD 002|SQ|0-1
2001|xx65|Philips Imaging DD 002|CS|1
2001|xx66|Philips Imaging DD 002|CS|1
2001|xx67|Philips Imaging DD 002|LO|1
2001|xx68|Philips Imaging DD 002|LO|1
2001|xx6B|Philips Imaging DD 002|LO|0-n
2001|xx71|Philips Imaging DD 002|CS|1
2001|xx72|Philips Imaging DD 002|FL|2
2001|xx73|Philips Imaging DD 002|FL|2
2001|xx74|Philips Imaging DD 002|LO|1
2001|xx75|Philips Imaging DD 002|SS|0-n
2001|xx01|Philips Imaging DD 097|SQ|1
2001|xx02|Philips Imaging DD 097|FD|3
2001|xx03|Philips Imaging DD 097|FD|2
2001|xx04|Philips Imaging DD 097|FD|6
2001|xx05|Philips Imaging DD 097|SQ|1-n
2001|xx06|Philips Imaging DD 097|SQ|0-n
2001|xx07|Philips Imaging DD 097|FD|1
2001|xx08|Philips Imaging DD 097|SQ|1
2001|xx0A|Philips Imaging DD 097|SQ|1-n
2001|xx0B|Philips Imaging DD 097|SQ|1
2001|xx0D|Philips Imaging DD 097|FD|1
2001|xx0E|Philips Imaging DD 097|SQ|0-n
2001|xx0F|Philips Imaging DD 097|FD|2
2001|xx12|Philips Imaging DD 097|SQ|1
2001|xx17|Philips Imaging DD 097|US|1
2001|xx18|Philips Imaging DD 097|US|1
2001|xx19|Philips Imaging DD 097|LO|1
2001|xx1A|Philips Imaging DD 097|FD|1
2001|xx1B|Philips Imaging DD 097|UL|1
2001|xx1C|Philips Imaging DD 097|FD|3
2001|xx1D|Philips Imaging DD 097|FD|3
2001|xx1E|Philips Imaging DD 097|FD|4-n
2001|xx1F|Philips Imaging DD 097|FD|2-n
2001|xx21|Philips Imaging DD 097|UL|1
2001|xx22|Philips Imaging DD 097|FD|1
2001|xx23|Philips Imaging DD 097|FD|1
2001|xx24|Philips Imaging DD 097|FD|1
2001|xx25|Philips Imaging DD 097|FD|1
2001|xx26|Philips Imaging DD 097|FD|1
2001|xx27|Philips Imaging DD 097|FD|1
2001|xx28|Philips Imaging DD 097|LO|1
2001|xx2A|Philips Imaging DD 097|LO|1
2001|xx2B|Philips Imaging DD 097|FD|3
2001|xx2C|Philips Imaging DD 097|FD|3
2001|xx2D|Philips Imaging DD 097|UL|1
2001|xx2E|Philips Imaging DD 097|SQ|0-1
2001|xx2F|Philips Imaging DD 097|OB|1
2001|xx30|Philips Imaging DD 097|SL|3
2001|xx31|Philips Imaging DD 097|SL|3
2001|xx32|Philips Imaging DD 097|SL|2
2001|xx36|Philips Imaging DD 097|LO|1
2001|xx37|Philips Imaging DD 097|FD|3
2001|xx38|Philips Imaging DD 097|FD|9
2001|xx39|Philips Imaging DD 097|FD|1
2001|xx3A|Philips Imaging DD 097|FD|2
2001|xx3B|Philips Imaging DD 097|FD|2
2001|xx3C|Philips Imaging DD 097|SQ|1
2001|xx3D|Philips Imaging DD 097|FD|1-n
2001|xx3E|Philips Imaging DD 097|SQ|0-n
2001|xx40|Philips Imaging DD 097|UL|1
2001|xx41|Philips Imaging DD 097|LO|1
2001|xx42|Philips Imaging DD 097|SQ|0-n
2001|xx44|Philips Imaging DD 097|LO|1
2001|xx45|Philips Imaging DD 097|SL|1
2001|xx46|Philips Imaging DD 097|LO|1
2001|xx47|Philips Imaging DD 097|OB|1-n
2001|xx49|Philips Imaging DD 097|SQ|1
2001|xx4A|Philips Imaging DD 097|OB|1-n
2001|xx4B|Philips Imaging DD 097|SL|1
2001|xx4C|Philips Imaging DD 097|LO|1
2001|xxA1|Philips Imaging DD 097|CS|1-2
2001|xxA2|Philips Imaging DD 097|FD|3
2001|xxA3|Philips Imaging DD 097|FD|9
2001|xxA4|Philips Imaging DD 097|FD|2
2001|xxA5|Philips Imaging DD 097|FD|1-n
2001|xxA6|Philips Imaging DD 097|US|1
2001|xxA8|Philips Imaging DD 097|IS|1-n
2001|xxA9|Philips Imaging DD 097|SQ|0-n
2001|xxAA|Philips Imaging DD 097|FD|1-n
2001|xxAB|Philips Imaging DD 097|IS|1
2001|xx00|Philips Imaging DD 129|SQ|1
2001|xx01|Philips Imaging DD 129|SQ|1
2001|xx02|Philips Imaging DD 129|SQ|0-1
2001|xx03|Philips Imaging DD 129|UL|1
2001|xx04|Philips Imaging DD 129|SQ|1-n
2001|xx05|Philips Imaging DD 129|FD|4
2001|xx06|Philips Imaging DD 129|FD|1
2001|xx07|Philips Imaging DD 129|CS|1
2001|xx08|Philips Imaging DD 129|CS|1
2001|xx09|Philips Imaging DD 129|UL|1
0025|xx01|Philips ST80i|OW|1
0019|xx0C|SIEMENS MR HEADER|IS|1
0019|xx0D|SIEMENS MR HEADER|CS|1
0019|xx0E|SIEMENS MR HEADER|FD|3
0019|xx27|SIEMENS MR HEADER|FD|6
0043|xx39|GEMS_PARM_01|IS|4
0043|xx6F|GEMS_PARM_01|DS|3-4
0025|xx07|GEMS_SERS_01|SL|1
7E01|xx01|HOLOGIC, Inc.|LO|1
7E01|xx02|HOLOGIC, Inc.|SH|1
7E01|xx10|HOLOGIC, Inc.|SQ|1
7E01|xx11|HOLOGIC, Inc.|SQ|1
7E01|xx12|HOLOGIC, Inc.|OB|1
0099|xx01|NQHeader|UI|1
0099|xx02|NQHeader|UI|1
0099|xx04|NQHeader|SS|1
0099|xx05|NQHeader|LT|1
0099|xx10|NQHeader|FL|1
0099|xx20|NQHeader|SH|1
0099|xx21|NQHeader|FL|1
0199|xx01|NQLeft|FL|1
0199|xx02|NQLeft|FL|1
0199|xx03|NQLeft|FL|1
0199|xx04|NQLeft|FL|1
0199|xx05|NQLeft|FL|1
0199|xx06|NQLeft|FL|1
0199|xx07|NQLeft|FL|1
0199|xx08|NQLeft|FL|1
0199|xx09|NQLeft|FL|1
0199|xx0A|NQLeft|FL|1
0199|xx0B|NQLeft|FL|1
0199|xx0C|NQLeft|FL|1
0199|xx0D|NQLeft|FL|1
0199|xx0E|NQLeft|FL|1
0199|xx0F|NQLeft|FL|1
0199|xx10|NQLeft|FL|1
0199|xx11|NQLeft|FL|1
0199|xx12|NQLeft|FL|1
0199|xx13|NQLeft|FL|1
0199|xx14|NQLeft|FL|1
0199|xx15|NQLeft|FL|1
0199|xx16|NQLeft|FL|1
0299|xx01|NQRight|FL|1
0299|xx02|NQRight|FL|1
0299|xx03|NQRight|FL|1
0299|xx04|NQRight|FL|1
0299|xx05|NQRight|FL|1
0299|xx06|NQRight|FL|1
0299|xx07|NQRight|FL|1
0299|xx08|NQRight|FL|1
0299|xx09|NQRight|FL|1
0299|xx0A|NQRight|FL|1
0299|xx0B|NQRight|FL|1
0299|xx0C|NQRight|FL|1
0299|xx0D|NQRight|FL|1
0299|xx0E|NQRight|FL|1
0299|xx0F|NQRight|FL|1
0299|xx10|NQRight|FL|1
0299|xx11|NQRight|FL|1
0299|xx12|NQRight|FL|1
0299|xx13|NQRight|FL|1
0299|xx14|NQRight|FL|1
0299|xx15|NQRight|FL|1
0299|xx16|NQRight|FL|1
2005|xx0D|Philips MR Imaging DD 001|FL|1
2005|xx0E|Philips MR Imaging DD 001|FL|1
0119|xx00|SIEMENS Ultrasound SC2000|LO|1
0119|xx01|SIEMENS Ultrasound SC2000|OB|1
0119|xx02|SIEMENS Ultrasound SC2000|SQ|1
0119|xx03|SIEMENS Ultrasound SC2000|SQ|1
0119|xx04|SIEMENS Ultrasound SC2000|OB|1
0119|xx05|SIEMENS Ultrasound SC2000|UL|1
0119|xx06|SIEMENS Ultrasound SC2000|UL|1
0119|xx07|SIEMENS Ultrasound SC2000|UL|1
0119|xx08|SIEMENS Ultrasound SC2000|UL|1
0119|xx09|SIEMENS Ultrasound SC2000|SS|1
0119|xx10|SIEMENS Ultrasound SC2000|SH|1
0119|xx11|SIEMENS Ultrasound SC2000||1
0119|xx12|SIEMENS Ultrasound SC2000||1
0119|xx13|SIEMENS Ultrasound SC2000|IS|1
0119|xx21|SIEMENS Ultrasound SC2000|SH|1
0129|xx00|SIEMENS Ultrasound SC2000|SQ|1
0129|xx02|SIEMENS Ultrasound SC2000|UI|1
0129|xx03|SIEMENS Ultrasound SC2000||1
0129|xx04|SIEMENS Ultrasound SC2000||1
0129|xx05|SIEMENS Ultrasound SC2000||1
0129|xx06|SIEMENS Ultrasound SC2000|SQ|1
0129|xx07|SIEMENS Ultrasound SC2000|UI|1
0129|xx08|SIEMENS Ultrasound SC2000|OB|1
0129|xx09|SIEMENS Ultrasound SC2000|SQ|1
0129|xx10|SIEMENS Ultrasound SC2000|OB|1
0129|xx11|SIEMENS Ultrasound SC2000|SQ|1
0129|xx12|SIEMENS Ultrasound SC2000|UI|1
0129|xx20|SIEMENS Ultrasound SC2000|SQ|1
0129|xx21|SIEMENS Ultrasound SC2000|OB|1
0129|xx22|SIEMENS Ultrasound SC2000|OB|1
0129|xx29|SIEMENS Ultrasound SC2000|OB|1
0129|xx30|SIEMENS Ultrasound SC2000|CS|1
0139|xx01|SIEMENS Ultrasound SC2000|SL|1
0149|xx01|SIEMENS Ultrasound SC2000|FD|1-n
0149|xx02|SIEMENS Ultrasound SC2000|FD|1-n
0149|xx03|SIEMENS Ultrasound SC2000|FD|1-n
7FD1|xx01|SIEMENS Ultrasound SC2000|OB|1
7FD1|xx09|SIEMENS Ultrasound SC2000|UI|1
7FD1|xx10|SIEMENS Ultrasound SC2000|OB|1
7FD1|xx11|SIEMENS Ultrasound SC2000|OB|1
7FD1|xx01|SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING|OB|1
7FD1|xx09|SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING|UI|1
7FD1|xx10|SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING|OB|1
7FD1|xx11|SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING|OB|1
"""
}
