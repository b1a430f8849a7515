import CNcurses
import Dispatch
import OmniUI

/// One thing `wget_wch` returned, before decoding. Plain values so decoding is tested
/// without a terminal.
public enum RawInput: Equatable, Sendable {
    /// `wget_wch` returned OK: a character (a Unicode scalar value, or a C0 control code).
    case character(UInt32)
    /// `wget_wch` returned KEY_CODE_YES: a curses key code (KEY_UP, KEY_F0 + n, KEY_BTAB...).
    case keyCode(Int32)
    /// A KEY_MOUSE already read with `getmouse`: position and curses button state bits.
    case mouse(x: Int, y: Int, buttons: UInt)
}

/// Curses mouse button masks (the values of the BUTTON*_ macros), for decoding and tests.
public enum MouseMask {
    public static var button1Pressed: UInt { UInt(omni_button1_pressed()) }
    public static var button1Released: UInt { UInt(omni_button1_released()) }
    public static var button1Clicked: UInt { UInt(omni_button1_clicked()) }
    public static var button2Pressed: UInt { UInt(omni_button2_pressed()) }
    public static var button2Clicked: UInt { UInt(omni_button2_clicked()) }
    public static var button3Pressed: UInt { UInt(omni_button3_pressed()) }
    public static var button3Clicked: UInt { UInt(omni_button3_clicked()) }
    public static var wheelUp: UInt { UInt(omni_button4_pressed()) }
    public static var wheelDown: UInt { UInt(omni_button5_pressed()) }

    /// What `Terminal.start(mouse: true)` asks curses to report: presses (reported at once,
    /// with `mouseinterval(0)`), clicks, and the wheel.
    public static var reported: UInt {
        button1Pressed | button1Clicked | button2Pressed | button2Clicked
            | button3Pressed | button3Clicked | wheelUp | wheelDown
    }
}

/// Decodes raw curses input to keys. Pure.
public enum KeyDecoder {
    /// Decodes a batch of raw inputs (everything one read of pending input returned).
    /// Consecutive printable scalars are joined into graphemes first, so a character made of
    /// several code points (é as e + U+0301, a flag, an emoji ZWJ sequence) is one `.char`.
    /// Esc directly followed by a printable character in the same batch is Alt (Meta) with that
    /// character (`.alt`): terminals send Alt-2 as Esc 2, in one write. An Esc pressed by hand
    /// arrives alone, because curses returns it only after the escape delay.
    public static func decode(_ inputs: [RawInput]) -> [Key] {
        var keys: [Key] = []
        var pending = String.UnicodeScalarView()
        func flush() {
            guard !pending.isEmpty else { return }
            for c in String(pending) { keys.append(.char(c)) }
            pending = String.UnicodeScalarView()
        }
        var index = inputs.startIndex
        while index < inputs.endIndex {
            let input = inputs[index]
            index += 1
            if case .character(let value) = input, let scalar = printableScalar(value) {
                pending.append(scalar)
                continue
            }
            flush()
            if input == .character(27), index < inputs.endIndex,
               case .character(let next) = inputs[index], let scalar = printableScalar(next) {
                keys.append(.alt(Character(scalar)))
                index += 1
                continue
            }
            if let key = decode(input) { keys.append(key) }
        }
        flush()
        return keys
    }

    /// Decodes one raw input, or nil when it is not a key omni uses (KEY_RESIZE, unknown codes,
    /// non-printable characters).
    public static func decode(_ input: RawInput) -> Key? {
        switch input {
        case .character(let value): return decodeCharacter(value)
        case .keyCode(let code): return decodeKeyCode(code)
        case .mouse(let x, let y, let buttons): return decodeMouse(x: x, y: y, buttons: buttons)
        }
    }

    /// A character `wget_wch` returned with OK.
    public static func decodeCharacter(_ value: UInt32) -> Key? {
        switch value {
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(96 + value))))
        default:
            guard let scalar = printableScalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// A key code `wget_wch` returned with KEY_CODE_YES.
    public static func decodeKeyCode(_ code: Int32) -> Key? {
        let f0 = Int32(omni_key_f0())
        if code > f0 && code <= f0 + 63 { return .function(Int(code - f0)) }
        switch code {
        case KEY_UP, KEY_SR: return .up
        case KEY_DOWN, KEY_SF: return .down
        case KEY_LEFT, KEY_SLEFT: return .left
        case KEY_RIGHT, KEY_SRIGHT: return .right
        case KEY_HOME, KEY_A1, KEY_FIND, KEY_SHOME, KEY_BEG: return .home
        case KEY_END, KEY_C1, KEY_SELECT, KEY_SEND, KEY_LL: return .end
        case KEY_PPAGE, KEY_A3, KEY_SPREVIOUS: return .pageUp
        case KEY_NPAGE, KEY_C3, KEY_SNEXT: return .pageDown
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC, KEY_SDC: return .delete
        case KEY_IC, KEY_SIC: return .insert
        default: return nil  // KEY_RESIZE (the app watches SIGWINCH), KEY_MOUSE without data...
        }
    }

    /// A mouse event: button 1 press or click, button 2/3, wheel up (button 4) and down (5).
    /// Releases and motion are ignored.
    public static func decodeMouse(x: Int, y: Int, buttons: UInt) -> Key? {
        let button: MouseEvent.Button
        if buttons & MouseMask.wheelUp != 0 {
            button = .wheelUp
        } else if buttons & MouseMask.wheelDown != 0 {
            button = .wheelDown
        } else if buttons & (MouseMask.button1Pressed | MouseMask.button1Clicked) != 0 {
            button = .left
        } else if buttons & (MouseMask.button3Pressed | MouseMask.button3Clicked) != 0 {
            button = .right
        } else if buttons & (MouseMask.button2Pressed | MouseMask.button2Clicked) != 0 {
            button = .middle
        } else {
            return nil
        }
        return .mouse(MouseEvent(button: button, x: x, y: y))
    }

    /// The scalar for a printable character; nil for C0/C1 controls and DEL, surrogates,
    /// and bidi embedding/override/isolate controls (which would reorder what is shown).
    static func printableScalar(_ value: UInt32) -> Unicode.Scalar? {
        guard let scalar = Unicode.Scalar(value) else { return nil }
        if scalar.properties.generalCategory == .control { return nil }
        switch value {
        case 0x202A...0x202E, 0x2066...0x2069: return nil
        default: return scalar
        }
    }
}

/// Reads all pending keys from curses. Main queue only (curses is not thread-safe): call it
/// from the stdin-readable Dispatch source on `.main`, after `Terminal.start`.
@MainActor
public struct KeyReader {
    /// Upper bound of inputs read in one call, so a flood of input cannot starve the loop.
    public var maxInputsPerRead = 4096

    public init() {}

    /// Reads with `wget_wch` in nodelay mode until ERR and decodes what arrived.
    /// Note: if a multi-byte UTF-8 character is split across two reads, curses may return ERR
    /// mid-character; the next readable event delivers the rest.
    public func readPending() -> [Key] {
        dispatchPrecondition(condition: .onQueue(.main))
        guard let win = omni_stdscr() else { return [] }
        var raw: [RawInput] = []
        let ok = Int32(0)
        let keyCodeYes = Int32(omni_key_code_yes())
        var value: wint_t = 0
        while raw.count < maxInputsPerRead {
            let status = wget_wch(win, &value)
            if status == ok {
                raw.append(.character(UInt32(value)))
            } else if status == keyCodeYes {
                let code = Int32(value)
                if code == KEY_MOUSE {
                    var event = MEVENT()
                    if getmouse(&event) == ok {
                        raw.append(.mouse(x: Int(event.x), y: Int(event.y), buttons: UInt(event.bstate)))
                    }
                } else {
                    raw.append(.keyCode(code))
                }
            } else {
                break
            }
        }
        return KeyDecoder.decode(raw)
    }
}
