import OmniUI

/// How many colours the terminal can show, from curses' `COLORS` (and `has_colors`).
public enum ColorDepth: Equatable, Sendable {
    /// No colours (has_colors false, or colour turned off): attributes only.
    case none
    case ansi8
    case ansi16
    case palette256
    /// A direct-colour terminal (`COLORS` = 2^24, e.g. TERM=xterm-direct): colour numbers above
    /// 7 are 0xRRGGBB values.
    case direct

    public init(colors: Int, hasColors: Bool = true) {
        guard hasColors, colors >= 8 else { self = .none; return }
        if colors >= 0x100_0000 { self = .direct } else if colors >= 256 { self = .palette256 } else if colors >= 16 { self = .ansi16 } else { self = .ansi8 }
    }
}

/// Maps theme colours to the colour numbers a terminal has. Pure, so it is unit tested.
public enum ColorMapping {
    /// The curses colour number for `color`, or -1 for the terminal's default colour.
    /// `defaultColors` says whether `use_default_colors` succeeded; when it did not, the
    /// terminal default is approximated by white on black.
    public static func terminalColor(_ color: ThemeColor, depth: ColorDepth, foreground: Bool,
                                     defaultColors: Bool = true) -> Int {
        switch color {
        case .terminalDefault:
            return defaultColors ? -1 : (foreground ? 7 : 0)
        case .ansi(let n):
            let n = min(max(n, 0), 15)
            switch depth {
            case .none, .ansi8: return n & 7
            case .ansi16, .palette256, .direct: return n
            }
        case .indexed(let n):
            let n = min(max(n, 0), 255)
            switch depth {
            case .none, .ansi8: return nearestANSI(n, count: 8)
            case .ansi16: return nearestANSI(n, count: 16)
            case .palette256: return n
            case .direct:
                // Keep the ANSI 0-7 the user configured; everything else as its RGB value.
                if n < 8 { return n }
                let (r, g, b) = rgb(ofIndex: n)
                return directValue(r, g, b)
            }
        case .rgb(let r, let g, let b):
            switch depth {
            case .direct: return directValue(Int(r), Int(g), Int(b))
            case .palette256: return nearest256(r, g, b)
            case .ansi16: return nearestANSI(count: 16, target: (Int(r), Int(g), Int(b)))
            case .none, .ansi8: return nearestANSI(count: 8, target: (Int(r), Int(g), Int(b)))
            }
        }
    }

    /// The xterm cube levels for indices 16...231.
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The nearest entry of the xterm-256 palette's 6x6x6 cube (16-231) or grey ramp (232-255)
    /// to an RGB colour, by squared distance. Entries 0-15 are left out: terminals let users
    /// redefine them, so their RGB values are not dependable.
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let (r, g, b) = (Int(r), Int(g), Int(b))
        let ci = [r, g, b].map(nearestCubeLevel)
        let cubeIndex = 16 + 36 * ci[0] + 6 * ci[1] + ci[2]
        let cubeDistance = distance((cubeLevels[ci[0]], cubeLevels[ci[1]], cubeLevels[ci[2]]), (r, g, b))
        // Grey ramp: 232 + i is (8 + 10 i) for i in 0...23.
        let mean = (r + g + b) / 3
        let gi = min(23, max(0, (mean - 8 + 5) / 10))
        let level = 8 + 10 * gi
        let greyDistance = distance((level, level, level), (r, g, b))
        return greyDistance < cubeDistance ? 232 + gi : cubeIndex
    }

    private static func nearestCubeLevel(_ v: Int) -> Int {
        var best = 0
        for (i, level) in cubeLevels.enumerated() where abs(level - v) < abs(cubeLevels[best] - v) { best = i }
        return best
    }

    /// The standard xterm RGB values of the 16 ANSI colours.
    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The RGB value xterm gives palette index `n` (0-255).
    public static func rgb(ofIndex n: Int) -> (Int, Int, Int) {
        if n < 16 { return ansiRGB[max(0, n)] }
        if n < 232 {
            let i = n - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        }
        let level = 8 + 10 * (min(n, 255) - 232)
        return (level, level, level)
    }

    /// The nearest of the first `count` (8 or 16) ANSI colours to palette index `index`.
    public static func nearestANSI(_ index: Int, count: Int) -> Int {
        if index < count { return index }
        if index < 16 { return index - 8 }  // bright -> normal on an 8-colour terminal
        return nearestANSI(count: count, target: rgb(ofIndex: index))
    }

    private static func nearestANSI(count: Int, target: (Int, Int, Int)) -> Int {
        var best = 0
        var bestDistance = Int.max
        for i in 0..<min(count, 16) {
            let d = distance(ansiRGB[i], target)
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }

    private static func directValue(_ r: Int, _ g: Int, _ b: Int) -> Int {
        let v = (r << 16) | (g << 8) | b
        // 0-7 select the ANSI colours on direct-colour terminals; nudge near-black up a step.
        return v < 8 ? 8 : v
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }
}
