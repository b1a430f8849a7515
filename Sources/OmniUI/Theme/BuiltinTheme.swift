/// Themes compiled into omni, so it always has a readable screen even with no theme files.
/// `themes/default.theme` and `themes/mono.theme` ship the same specs (a test keeps them equal).
public enum BuiltinTheme {
    /// The default theme: keeps the terminal's background, 16 colours plus two greys.
    public static let `default` = Theme(
        name: "default",
        specs: [
            .normal: spec(),
            .dim: spec(fg: .ansi(8)),
            .accent: spec(fg: .ansi(6), attrs: [.bold]),
            .title: spec(fg: .ansi(15), attrs: [.bold]),
            .header: spec(fg: .ansi(15), bg: .ansi(4)),
            .headerLive: spec(fg: .ansi(10), bg: .ansi(4), attrs: [.bold]),
            .headerWarn: spec(fg: .ansi(11), bg: .ansi(4), attrs: [.bold]),
            .footer: spec(fg: .ansi(7), bg: .indexed(236)),
            .footerKey: spec(fg: .ansi(11), bg: .indexed(236), attrs: [.bold]),
            .tab: spec(fg: .ansi(7)),
            .tabActive: spec(fg: .ansi(0), bg: .ansi(6), attrs: [.bold]),
            .border: spec(fg: .ansi(8)),
            .tableHeader: spec(fg: .ansi(15), bg: .indexed(238), attrs: [.bold]),
            .selection: spec(fg: .ansi(0), bg: .ansi(6)),
            .good: spec(fg: .ansi(2)),
            .warn: spec(fg: .ansi(3)),
            .bad: spec(fg: .ansi(9), attrs: [.bold]),
            .new: spec(fg: .ansi(10), attrs: [.bold]),
            .input: spec(),
            .inputCursor: spec(attrs: [.reverse]),
            .help: spec(),
            .helpKey: spec(fg: .ansi(11), attrs: [.bold]),
            .toast: spec(fg: .ansi(0), bg: .ansi(14)),
            .toastError: spec(fg: .ansi(15), bg: .ansi(1), attrs: [.bold]),
            .sparkline: spec(fg: .ansi(6)),
            .bar: spec(fg: .ansi(4)),
            .placeholder: spec(fg: .ansi(8)),
            .channelWeb: spec(fg: .ansi(12)),
            .channelApp: spec(fg: .ansi(13)),
            .channelWechat: spec(fg: .ansi(10)),
            .channelMarketplace: spec(fg: .ansi(3)),
            .channelStore: spec(fg: .ansi(6)),
            .channelCallCentre: spec(fg: .ansi(5)),
            .channelB2B: spec(fg: .ansi(15)),
        ]
    )

    /// No colours, attributes only: for NO_COLOR and monochrome terminals.
    public static let mono = Theme(
        name: "mono",
        specs: [
            .normal: spec(),
            .dim: spec(attrs: [.dim]),
            .accent: spec(attrs: [.bold]),
            .title: spec(attrs: [.bold]),
            .header: spec(attrs: [.reverse]),
            .headerLive: spec(attrs: [.reverse, .bold]),
            .headerWarn: spec(attrs: [.reverse, .bold, .underline]),
            .footer: spec(attrs: [.reverse]),
            .footerKey: spec(attrs: [.reverse, .bold]),
            .tab: spec(),
            .tabActive: spec(attrs: [.reverse, .bold]),
            .border: spec(),
            .tableHeader: spec(attrs: [.bold, .underline]),
            .selection: spec(attrs: [.reverse]),
            .good: spec(),
            .warn: spec(attrs: [.bold]),
            .bad: spec(attrs: [.bold, .underline]),
            .new: spec(attrs: [.bold]),
            .input: spec(),
            .inputCursor: spec(attrs: [.reverse]),
            .help: spec(),
            .helpKey: spec(attrs: [.bold]),
            .toast: spec(attrs: [.reverse]),
            .toastError: spec(attrs: [.reverse, .bold]),
            .sparkline: spec(),
            .bar: spec(),
            .placeholder: spec(attrs: [.dim]),
            .channelWeb: spec(),
            .channelApp: spec(),
            .channelWechat: spec(),
            .channelMarketplace: spec(),
            .channelStore: spec(),
            .channelCallCentre: spec(),
            .channelB2B: spec(),
        ]
    )

    /// Built-in themes by name.
    public static let all: [String: Theme] = ["default": `default`, "mono": mono]

    private static func spec(fg: ThemeColor = .terminalDefault, bg: ThemeColor = .terminalDefault,
                             attrs: TextAttributes = []) -> StyleSpec {
        StyleSpec(foreground: fg, background: bg, attributes: attrs)
    }
}
