/// A one-line message (saved, copied, failed...). The error variant has its own role and a
/// "✖" prefix so it reads as an error without colour.
public struct Toast: Widget {
    public enum Kind: Sendable, Hashable {
        case info
        case error
    }

    public var message: String
    public var kind: Kind

    public init(_ message: String, kind: Kind = .info) {
        self.message = message
        self.kind = kind
    }

    public static func error(_ message: String) -> Toast { Toast(message, kind: .error) }

    /// The text drawn (with the error prefix).
    public var text: String { kind == .error ? "✖ " + message : message }

    var style: StyleRole { kind == .error ? .toastError : .toast }

    /// The toast as a status segment of a bar (the footer), padded like `render` draws it.
    public var segment: StyledText { StyledText(" " + text + " ", style: style) }

    /// Draws on the first row of `rect`, right-aligned and no wider than the message.
    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        let w = min(rect.width, StyledText(text).displayWidth + 2)
        let x = rect.maxX - w
        canvas.fill(x: x, y: rect.y, width: w, height: 1, style: style)
        canvas.draw(text, x: x + 1, y: rect.y, width: max(0, w - 2), style: style)
    }
}
