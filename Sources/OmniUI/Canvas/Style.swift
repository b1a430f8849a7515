/// A semantic style: what a cell *means* (header, selection, bad value...), never a colour.
/// Themes map roles to colours and attributes; the canvas and its tests only ever see roles,
/// so a screen can be compared as text plus meaning whatever theme is active.
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    case normal
    case dim
    case accent
    case title
    case header
    case headerLive
    case headerWarn
    case footer
    case footerKey
    case tab
    case tabActive
    case border
    case tableHeader
    case selection
    case good
    case warn
    case bad
    case new
    case input
    case inputCursor
    case help
    case helpKey
    case toast
    case toastError
    case sparkline
    case bar
    case placeholder
    case channelWeb
    case channelApp
    case channelWechat
    case channelMarketplace
    case channelStore
    case channelCallCentre
    case channelB2B

    /// The key used for this role in theme files (`table_header`, `channel_wechat`...).
    public var themeKey: String {
        // An underscore before an uppercase letter that follows a lowercase one:
        // tableHeader -> table_header, channelB2B -> channel_b2b.
        var out = ""
        var previous: Character = " "
        for ch in rawValue {
            defer { previous = ch }
            if ch.isUppercase {
                if previous.isLowercase { out.append("_") }
                out.append(contentsOf: ch.lowercased())
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
