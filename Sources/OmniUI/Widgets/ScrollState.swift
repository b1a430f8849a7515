/// Selection and scroll position of a list or table over `count` rows, of which `visible`
/// fit on screen. A plain value the view model keeps; widgets read it.
public struct ScrollState: Equatable, Hashable, Sendable {
    /// Index of the selected row (0 when the list is empty).
    public var selected: Int
    /// Index of the first row shown.
    public var offset: Int

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Clamps selection to `0..<count` and scrolls the least amount that keeps it visible.
    public mutating func clamp(count: Int, visible: Int) {
        guard count > 0 else {
            selected = 0
            offset = 0
            return
        }
        selected = min(max(0, selected), count - 1)
        let page = max(1, visible)
        if selected < offset { offset = selected }
        if selected >= offset + page { offset = selected - page + 1 }
        offset = min(max(0, offset), max(0, count - page))
    }

    /// Moves the selection by `delta` rows (negative is up).
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        selected += delta
        clamp(count: count, visible: visible)
    }

    public mutating func pageDown(count: Int, visible: Int) { move(by: max(1, visible - 1), count: count, visible: visible) }
    public mutating func pageUp(count: Int, visible: Int) { move(by: -max(1, visible - 1), count: count, visible: visible) }
    public mutating func top(count: Int, visible: Int) {
        selected = 0
        clamp(count: count, visible: visible)
    }
    public mutating func bottom(count: Int, visible: Int) {
        selected = count - 1
        clamp(count: count, visible: visible)
    }

    /// This state clamped for drawing (does not change the stored state).
    public func clamped(count: Int, visible: Int) -> ScrollState {
        var s = self
        s.clamp(count: count, visible: visible)
        return s
    }
}

/// Marker drawn in front of the selected row, so selection is not told by colour alone.
public enum SelectionMarker {
    public static let selected = "▶"
    public static let width = 2
}
