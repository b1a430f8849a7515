/// A mouse event in screen cells (0-based, x = column, y = row). Mouse input is opt-in.
public struct MouseEvent: Hashable, Sendable {
    public enum Button: Hashable, Sendable {
        /// Primary button pressed or clicked.
        case left
        case middle
        case right
        case wheelUp
        case wheelDown
    }

    public var button: Button
    public var x: Int
    public var y: Int

    public init(button: Button, x: Int, y: Int) {
        self.button = button
        self.x = x
        self.y = y
    }
}

/// One keystroke (or mouse event) as the app sees it, independent of the terminal backend.
public enum Key: Hashable, Sendable {
    /// A printable grapheme, including wide (CJK) characters and emoji. Space is `.char(" ")`.
    case char(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete, insert
    /// F1...F63.
    case function(Int)
    /// Ctrl with a letter, as the lowercase letter (`.ctrl("w")`). Ctrl-H, Ctrl-I, Ctrl-J and
    /// Ctrl-M arrive as `.backspace`, `.tab` and `.enter`, the keys terminals send them as.
    case ctrl(Character)
    /// Alt (Meta) with a printable character (`.alt("2")`), which terminals send as Esc followed
    /// by the character. Never text, so it works while a field has the keyboard.
    case alt(Character)
    case mouse(MouseEvent)
}

extension Key: CustomStringConvertible {
    /// How the key is shown in help and footer hints: "↑", "PgDn", "Ctrl-W", "F1", "Esc", "↵".
    public var displayName: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "↵"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .alt(" "): return "Alt-Space"
        case .alt(let c): return "Alt-" + String(c)
        case .mouse(let m):
            switch m.button {
            case .left: return "Click"
            case .middle: return "Middle-click"
            case .right: return "Right-click"
            case .wheelUp: return "Wheel↑"
            case .wheelDown: return "Wheel↓"
            }
        }
    }

    public var description: String { displayName }
}

extension Key {
    /// The spelling used in key-remapping files; `Key(config: key.configSpelling) == key` for
    /// every key except mouse events (which have no spelling and return nil here).
    public var configSpelling: String? {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .enter: return "enter"
        case .escape: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .insert: return "insert"
        case .function(let n): return "f\(n)"
        case .ctrl(let c): return "ctrl-\(c)"
        case .alt(let c): return "alt-" + (Key.char(c).configSpelling ?? String(c))
        case .mouse: return nil
        }
    }

    private static let named: [String: Key] = [
        "up": .up, "down": .down, "left": .left, "right": .right,
        "home": .home, "end": .end,
        "pgup": .pageUp, "pageup": .pageUp, "prior": .pageUp,
        "pgdn": .pageDown, "pgdown": .pageDown, "pagedown": .pageDown, "next": .pageDown,
        "enter": .enter, "return": .enter, "ret": .enter, "cr": .enter,
        "esc": .escape, "escape": .escape,
        "tab": .tab,
        "shift-tab": .backTab, "s-tab": .backTab, "backtab": .backTab, "btab": .backTab,
        "backspace": .backspace, "bksp": .backspace, "bs": .backspace,
        "delete": .delete, "del": .delete,
        "insert": .insert, "ins": .insert,
        "space": .char(" "), "spc": .char(" "),
    ]

    /// Parses a key as spelled in a config file: `"ctrl-w"`, `"C-w"`, `"^W"`, `"alt-2"`, `"M-x"`,
    /// `"pgdn"`, `"f5"`, `"enter"`, `"x"`, `"G"`, `"東"`. Names are case-insensitive; a single
    /// character is taken as is (so `"G"` and `"g"`, `"alt-G"` and `"alt-g"` differ). Returns nil
    /// for anything unknown.
    public init?(config spelling: String) {
        let s = spelling.trimmingSpaces
        guard !s.isEmpty else { return nil }
        if s.count == 1, let c = s.first {
            guard let key = Key.printable(c) else { return nil }
            self = key
            return
        }
        let lower = s.lowercased()
        if let key = Key.named[lower] {
            self = key
            return
        }
        if lower.first == "f", let n = Int(lower.dropFirst()), (1...63).contains(n),
           lower.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
            self = .function(n)
            return
        }
        for prefix in ["alt-", "alt+", "meta-", "m-"] where lower.hasPrefix(prefix) {
            // The character keeps its case: Alt-G (Esc G) is not Alt-g.
            guard case .char(let c)? = Key(config: String(s.dropFirst(prefix.count))) else { return nil }
            self = .alt(c)
            return
        }
        var rest: Substring?
        for prefix in ["ctrl-", "ctrl+", "control-", "c-", "^"] where lower.hasPrefix(prefix) {
            rest = lower.dropFirst(prefix.count)
            break
        }
        if let rest, rest.count == 1, let letter = rest.first, letter.isASCII, letter.isLetter {
            self = Key.control(letter)
            return
        }
        return nil
    }

    /// The key Ctrl+`letter` produces on a terminal (`h` -> backspace, `i` -> tab, `j`/`m` -> enter).
    public static func control(_ letter: Character) -> Key {
        switch letter {
        case "h": return .backspace
        case "i": return .tab
        case "j", "m": return .enter
        default: return .ctrl(letter)
        }
    }

    /// A single character as a key, or nil for control characters.
    private static func printable(_ c: Character) -> Key? {
        for scalar in c.unicodeScalars where scalar.properties.generalCategory == .control {
            return nil
        }
        return .char(c)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var sub = Substring(self)
        // A lone space is the space key; only trim around longer spellings.
        if sub == " " { return self }
        while let f = sub.first, f == " " || f == "\t" { sub = sub.dropFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub = sub.dropLast() }
        return String(sub)
    }
}
