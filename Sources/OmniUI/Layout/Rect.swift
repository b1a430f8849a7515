/// A rectangle of cells on a canvas. Width and height are never negative.
public struct Rect: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The whole canvas.
    public init(_ canvas: Canvas) { self.init(x: 0, y: 0, width: canvas.width, height: canvas.height) }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// Shrunk by `insets` on each side (never below zero size).
    public func inset(by insets: EdgeInsets) -> Rect {
        Rect(x: x + insets.left, y: y + insets.top,
             width: width - insets.left - insets.right, height: height - insets.top - insets.bottom)
    }

    /// Shrunk by `n` cells on every side.
    public func inset(by n: Int) -> Rect { inset(by: EdgeInsets(all: n)) }

    /// Shrunk by `dx` cells left and right and `dy` cells top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect {
        inset(by: EdgeInsets(top: dy, left: dx, bottom: dy, right: dx))
    }

    /// One row of this rect (relative index `i`), or an empty rect when out of range.
    public func row(_ i: Int) -> Rect {
        guard i >= 0, i < height else { return Rect(x: x, y: y + max(0, i), width: width, height: 0) }
        return Rect(x: x, y: y + i, width: width, height: 1)
    }

    /// A rect of at most `w` x `h` centred in this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width)
        let ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// Splits into rows (top to bottom) sized by `sizes`, with `spacing` blank rows between.
    public func rows(_ sizes: [LayoutSize], spacing: Int = 0) -> [Rect] {
        LayoutSize.resolve(sizes, total: height, spacing: spacing).map {
            Rect(x: x, y: y + $0.offset, width: width, height: $0.length)
        }
    }

    /// Splits into columns (left to right) sized by `sizes`, with `spacing` blank columns between.
    public func columns(_ sizes: [LayoutSize], spacing: Int = 0) -> [Rect] {
        LayoutSize.resolve(sizes, total: width, spacing: spacing).map {
            Rect(x: x + $0.offset, y: y, width: $0.length, height: height)
        }
    }

    /// Takes `n` rows off the top: (top part, rest).
    public func splitTop(_ n: Int) -> (Rect, Rect) {
        let k = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: k), Rect(x: x, y: y + k, width: width, height: height - k))
    }

    /// Takes `n` rows off the bottom: (rest, bottom part).
    public func splitBottom(_ n: Int) -> (Rect, Rect) {
        let k = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: height - k),
                Rect(x: x, y: maxY - k, width: width, height: k))
    }
}

/// Padding on each side of a rect.
public struct EdgeInsets: Equatable, Hashable, Sendable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int

    public init(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    public init(all n: Int) { self.init(top: n, left: n, bottom: n, right: n) }
    public init(horizontal h: Int, vertical v: Int) { self.init(top: v, left: h, bottom: v, right: h) }
}

/// How much of a row or column split a part gets.
public enum LayoutSize: Equatable, Hashable, Sendable {
    /// Exactly `n` cells (less if the space runs out).
    case fixed(Int)
    /// `p` percent of the total (before spacing).
    case percent(Int)
    /// A share of what is left after fixed and percent parts, by weight.
    case flex(Int)
    /// A flexible part (weight 1) that gets at least `n` cells when space allows.
    case min(Int)

    /// Shorthand for `.flex(1)`.
    public static let fill = LayoutSize.flex(1)

    /// Offsets and lengths for `sizes` in `total` cells with `spacing` between parts.
    /// Fixed and percent parts are served first, in order; then minimums; the rest is shared
    /// among flexible parts by weight (remainders go to the earliest parts).
    public static func resolve(_ sizes: [LayoutSize], total: Int, spacing: Int = 0)
        -> [(offset: Int, length: Int)] {
        guard !sizes.isEmpty else { return [] }
        let gaps = Swift.max(0, spacing) * (sizes.count - 1)
        var remaining = Swift.max(0, total - gaps)
        let available = remaining
        var lengths = Array(repeating: 0, count: sizes.count)
        for (i, s) in sizes.enumerated() {
            let want: Int
            switch s {
            case .fixed(let n): want = Swift.max(0, n)
            case .percent(let p): want = available * Swift.max(0, p) / 100
            case .flex, .min: continue
            }
            lengths[i] = Swift.min(want, remaining)
            remaining -= lengths[i]
        }
        for (i, s) in sizes.enumerated() {
            if case .min(let n) = s {
                lengths[i] = Swift.min(Swift.max(0, n), remaining)
                remaining -= lengths[i]
            }
        }
        let weights = sizes.map { s -> Int in
            switch s {
            case .flex(let w): return Swift.max(0, w)
            case .min: return 1
            default: return 0
            }
        }
        let totalWeight = weights.reduce(0, +)
        if totalWeight > 0, remaining > 0 {
            var given = 0
            for i in sizes.indices where weights[i] > 0 {
                let share = remaining * weights[i] / totalWeight
                lengths[i] += share
                given += share
            }
            var left = remaining - given
            for i in sizes.indices where weights[i] > 0 && left > 0 {
                lengths[i] += 1
                left -= 1
            }
        }
        var out: [(offset: Int, length: Int)] = []
        var offset = 0
        for len in lengths {
            out.append((offset, len))
            offset += len + Swift.max(0, spacing)
        }
        return out
    }
}
