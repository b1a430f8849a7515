import OmniStore

extension ActionID {
    public static let openAudit: ActionID = "audit.open"
}

/// The audit log, newest first (`:audit`, `a` in the KPI view, `A` in a customer's 360 for that
/// customer): who revealed, exported, erased, merged or split whom, changed tickets or prepared
/// visits. Pages of 200 load as the cursor reaches the end. Needs the 'audit' right.
public struct AuditScreen: Screen {
    public static let kind: ScreenKind = "kpis.audit"
    public var kind: ScreenKind { Self.kind }
    public var title: String { customerID.map { "Audit log · customer #\($0)" } ?? "Audit log" }
    public var entities: Set<String> { ["customer", "ticket", "appointment"] }
    public static let pageSize = 200

    public var customerID: Int64?
    public var rows: [Audit.Listed] = []
    public var loaded = false
    public var complete = false
    public var refused: String?
    public var scroll = ScrollState()

    public init(customerID: Int64? = nil) { self.customerID = customerID }

    public static let bindings: [ActionSpec] = [
        ActionSpec(.openAudit, keys: [.char("a")], name: "audit",
                   description: "the audit log: who revealed, exported, erased, merged, changed what (supervisor, privacy officer)",
                   scope: .screens([KPIScreen.kind])),
    ]

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] {
        complete = false
        return [.query(.auditPage(customerID: customerID, before: nil, limit: Self.pageSize))]
    }

    static func visible(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 3) }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let visible = Self.visible(ctx)
        switch action {
        case .moveUp: scroll.move(by: -1, count: rows.count, visible: visible)
        case .moveDown: scroll.move(by: 1, count: rows.count, visible: visible)
        case .pageUp: scroll.pageUp(count: rows.count, visible: visible)
        case .pageDown: scroll.pageDown(count: rows.count, visible: visible)
        case .top: scroll.top(count: rows.count, visible: visible)
        case .bottom: scroll.bottom(count: rows.count, visible: visible)
        case .open:
            if let row = rows.isEmpty ? nil : rows[min(scroll.selected, rows.count - 1)], row.entity == "customer", let id = row.entityID {
                return [.route(.customer(id: id))]
            }
        default: break
        }
        // The next page once the cursor is within a page of the end.
        if !complete, let last = rows.last, scroll.selected >= rows.count - visible {
            return [.query(.auditPage(customerID: customerID, before: last.id, limit: Self.pageSize))]
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .auditPage(let page) = result else { return [] }
        refused = nil
        if let first = page.first, let last = rows.last, first.id < last.id {
            rows += page
        } else {
            let keep = rows.isEmpty ? nil : rows[min(scroll.selected, rows.count - 1)].id
            rows = page
            if let keep, let i = rows.firstIndex(where: { $0.id == keep }) { scroll.selected = i } else { scroll.selected = 0 }
        }
        complete = page.count < Self.pageSize
        loaded = true
        scroll.clamp(count: rows.count, visible: Self.visible(ctx))
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        refused = failure.message
        return []
    }

    static let columns: [TableColumn] = [
        TableColumn("When", width: .fixed(16), priority: 10),
        TableColumn("Operator", width: .flexible(min: 8, max: 14), priority: 9),
        TableColumn("Action", width: .flexible(min: 10, max: 16), priority: 9),
        TableColumn("About", width: .flexible(min: 8, max: 16), priority: 6),
        TableColumn("Detail", width: .flexible(min: 16, weight: 4), priority: 5),
    ]

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let trailing = rows.isEmpty ? "" : "\(rows.count)\(complete ? "" : "+") entries, newest first"
        let inner = Box(title: title, trailingTitle: trailing).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let table = rows.map { e in
            TableRow([TableCell(TimeText.dateTime(e.at), style: .dim), TableCell(e.operatorLogin, style: .accent),
                      TableCell(e.action, style: e.action.hasPrefix("privacy") || e.action == "reveal_pii" ? .warn : .normal),
                      TableCell(e.entityID.map { "\(e.entity) #\($0)" } ?? e.entity), TableCell(e.detail)])
        }
        let empty = refused.map { "Not shown: \($0)" } ?? (loaded ? "No audit entries" : "loading the audit log…")
        Table(columns: Self.columns, source: ArrayRowSource(table), state: scroll, emptyMessage: empty).render(into: &canvas, in: inner)
    }
}
