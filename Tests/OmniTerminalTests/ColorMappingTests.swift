import OmniUI
import XCTest
@testable import OmniTerminal

final class ColorMappingTests: XCTestCase {
    func testRGBToNearest256() {
        XCTAssertEqual(ColorMapping.nearest256(0xFF, 0x00, 0x00), 196)
        XCTAssertEqual(ColorMapping.nearest256(0x00, 0x00, 0x00), 16)
        XCTAssertEqual(ColorMapping.nearest256(0xFF, 0xFF, 0xFF), 231)
        XCTAssertEqual(ColorMapping.nearest256(0x80, 0x80, 0x80), 244)  // grey ramp: 8 + 10 * 12 = 128
        XCTAssertEqual(ColorMapping.nearest256(0x87, 0x87, 0x87), 102)  // exactly a cube entry
        XCTAssertEqual(ColorMapping.nearest256(0x5F, 0x87, 0xAF), 67)   // cube (1, 2, 3)
        XCTAssertEqual(ColorMapping.nearest256(0x12, 0x12, 0x12), 233)
    }

    func testPaletteRoundTripsThroughRGB() {
        for index in 16...255 {
            let (r, g, b) = ColorMapping.rgb(ofIndex: index)
            let back = ColorMapping.nearest256(UInt8(r), UInt8(g), UInt8(b))
            XCTAssertEqual(ColorMapping.rgb(ofIndex: back).0, r, "index \(index)")
            XCTAssertEqual(ColorMapping.rgb(ofIndex: back).2, b, "index \(index)")
        }
    }

    func testFallbackToFewerColours() {
        XCTAssertEqual(ColorMapping.nearestANSI(196, count: 8), 1)   // bright red -> red
        XCTAssertEqual(ColorMapping.nearestANSI(196, count: 16), 9)  // -> bright red
        XCTAssertEqual(ColorMapping.nearestANSI(21, count: 8), 4)    // blue
        XCTAssertEqual(ColorMapping.nearestANSI(46, count: 16), 10)  // bright green
        XCTAssertEqual(ColorMapping.nearestANSI(16, count: 8), 0)    // black
        XCTAssertEqual(ColorMapping.nearestANSI(231, count: 8), 7)   // white
        XCTAssertEqual(ColorMapping.nearestANSI(12, count: 8), 4)    // bright blue -> blue
        XCTAssertEqual(ColorMapping.nearestANSI(3, count: 8), 3)
    }

    func testDepthFromColors() {
        XCTAssertEqual(ColorDepth(colors: 0), .none)
        XCTAssertEqual(ColorDepth(colors: 256, hasColors: false), .none)
        XCTAssertEqual(ColorDepth(colors: 8), .ansi8)
        XCTAssertEqual(ColorDepth(colors: 16), .ansi16)
        XCTAssertEqual(ColorDepth(colors: 88), .ansi16)
        XCTAssertEqual(ColorDepth(colors: 256), .palette256)
        XCTAssertEqual(ColorDepth(colors: 32767), .palette256)
        XCTAssertEqual(ColorDepth(colors: 0x100_0000), .direct)
    }

    func testTerminalColourByDepth() {
        let red = ThemeColor.rgb(0xFF, 0, 0)
        XCTAssertEqual(ColorMapping.terminalColor(red, depth: .palette256, foreground: true), 196)
        XCTAssertEqual(ColorMapping.terminalColor(red, depth: .ansi16, foreground: true), 9)
        XCTAssertEqual(ColorMapping.terminalColor(red, depth: .ansi8, foreground: true), 1)
        XCTAssertEqual(ColorMapping.terminalColor(red, depth: .direct, foreground: true), 0xFF0000)
        XCTAssertEqual(ColorMapping.terminalColor(.indexed(196), depth: .ansi8, foreground: true), 1)
        XCTAssertEqual(ColorMapping.terminalColor(.indexed(196), depth: .palette256, foreground: true), 196)
        XCTAssertEqual(ColorMapping.terminalColor(.indexed(196), depth: .direct, foreground: true), 0xFF0000)
        XCTAssertEqual(ColorMapping.terminalColor(.ansi(9), depth: .ansi8, foreground: true), 1)
        XCTAssertEqual(ColorMapping.terminalColor(.ansi(9), depth: .ansi16, foreground: true), 9)
        XCTAssertEqual(ColorMapping.terminalColor(.ansi(2), depth: .direct, foreground: true), 2)
    }

    func testTerminalDefaultKeepsUsersColours() {
        XCTAssertEqual(ColorMapping.terminalColor(.terminalDefault, depth: .palette256, foreground: false), -1)
        XCTAssertEqual(ColorMapping.terminalColor(.terminalDefault, depth: .ansi8, foreground: true), -1)
        // Without use_default_colors: white on black.
        XCTAssertEqual(ColorMapping.terminalColor(.terminalDefault, depth: .ansi8, foreground: true,
                                                  defaultColors: false), 7)
        XCTAssertEqual(ColorMapping.terminalColor(.terminalDefault, depth: .ansi8, foreground: false,
                                                  defaultColors: false), 0)
    }
}

final class CrashGuardTests: XCTestCase {
    func testNoticeIsFormattedWithoutAllocation() {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
        defer { buffer.deallocate() }
        let n = CrashGuard.formatNotice(signal: 11, into: buffer, capacity: 64)
        XCTAssertEqual(String(decoding: UnsafeBufferPointer(start: buffer, count: n), as: UTF8.self),
                       "omni crashed (signal 11); terminal restored\n")
        // Never writes past the capacity.
        let short = CrashGuard.formatNotice(signal: 6, into: buffer, capacity: 10)
        XCTAssertEqual(short, 10)
    }
}
