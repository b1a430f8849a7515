/// A colour as a theme names it. The terminal backend maps it to what the terminal has.
public enum ThemeColor: Equatable, Hashable, Sendable {
    /// The terminal's own foreground or background (keeps the user's background).
    case terminalDefault
    /// One of the 16 ANSI colours (0-7 normal, 8-15 bright), by index.
    case ansi(Int)
    /// An index into the xterm 256-colour palette.
    case indexed(Int)
    /// A true colour, mapped to the nearest palette entry where the terminal has no more.
    case rgb(UInt8, UInt8, UInt8)
}

/// Attributes a theme may add to a colour pair.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let underline = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let dim = TextAttributes(rawValue: 1 << 3)
}

/// How one role looks.
public struct StyleSpec: Equatable, Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: TextAttributes

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A complete theme: every role has a spec (partial theme files are laid over `default`).
public struct Theme: Equatable, Sendable {
    public var name: String
    public var specs: [StyleRole: StyleSpec]

    public init(name: String, specs: [StyleRole: StyleSpec]) {
        self.name = name
        self.specs = specs
    }

    public func spec(_ role: StyleRole) -> StyleSpec { specs[role] ?? StyleSpec() }
}
