import OmniStore

/// A question a screen asks before a write it cannot take back lightly (undo a merge, confirm
/// or reject a suggestion, a privacy export or erasure): the screen shows it as a modal and,
/// while it is open, takes every key itself (`capturesText`, mode CONFIRM). As with every other
/// write in the console, ↵ runs `query`; `n` or Esc cancels; anything else is ignored, so a
/// stray letter can neither write nor lose the question.
struct Confirmation: Sendable, Equatable {
    var title: String
    var body: String
    /// What ↵ does, for the footer of the modal ("↵ undo the merge").
    var yes: String
    var query: Query

    /// The effects of `key` and whether the confirmation stays open.
    func answer(_ key: Key) -> (effects: [ScreenEffect], open: Bool) {
        switch key {
        case .enter: return ([.query(query)], false)
        case .char("n"), .char("N"), .escape: return ([.toast("cancelled: nothing was changed")], false)
        default: return ([], true)
        }
    }

    func render(into canvas: inout Canvas, in rect: Rect) {
        Modal(title: title, body: body, footer: "↵ \(yes) · n or Esc cancel", width: min(rect.width, 72))
            .renderModal(into: &canvas, in: rect)
    }
}
