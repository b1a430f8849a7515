import OmniStore

/// One order: lines with SKU and price, fulfilment route and location, shipments (promise vs
/// actual), returns and where they came back, linked tickets, the customer. `c` customer,
/// `s` stock of the selected line's SKU, `t` tickets.
public struct OrderDetailScreen: Screen {
    public static let kind: ScreenKind = "orders.detail"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Order " + (detail?.order.externalRef ?? ref ?? "#\(orderID)") }
    public var entities: Set<String> { ["order", "ticket"] }

    public var orderID: Int64
    public var ref: String?
    public var detail: OrderDetail?
    public var loaded = false
    public var cursor = PanelCursor()
    public var crumb: String { "Order " + (detail?.order.externalRef ?? ref ?? "#\(orderID)") }
    public var yankText: String? { detail?.order.externalRef ?? ref }

    public init(orderID: Int64, ref: String? = nil) {
        self.orderID = orderID
        self.ref = ref
    }

    public static let bindings: [ActionSpec] = []  // c, t, s are declared with the orders list (shared scope)

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { [.query(.orderDetail(id: orderID))] }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard let d = detail else { return [] }
        let page = self.page(d, ctx)
        switch action {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            page.move(&cursor, action: action, width: ctx.bodyWidth - 2, height: ctx.bodyHeight - 2)
        case .open:
            if let target = page.selected(cursor, width: ctx.bodyWidth - 2)?.target { return [.route(target)] }
        case .sectionNext, .sectionPrevious:
            page.layout(width: ctx.bodyWidth - 2).jump(&cursor, forward: action == .sectionNext, height: ctx.bodyHeight - 2)
        case .orderCustomer:
            guard let c = d.order.customerID else { return [.toast("order \(d.order.externalRef) has no known customer")] }
            return [.route(.customer(id: c))]
        case .orderTickets:
            return [.route(.ticketsOfOrder(id: d.order.id))]
        case .orderStock:
            let line = d.lines.first { "line:\($0.id)" == cursor.selectedKey } ?? d.lines.first
            guard let line else { return [.toast("this order has no lines")] }
            return [.route(.sku(code: line.skuCode))]
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .orderDetail(let d) = result else { return [] }
        detail = d
        loaded = true
        if cursor.selectedKey == nil, let first = d?.lines.first { cursor.selectedKey = "line:\(first.id)" }
        return []
    }

    func page(_ d: OrderDetail, _ ctx: ScreenContext) -> PanelPage {
        let o = d.order
        let now = ctx.now
        let (promise, pstyle) = ViewText.promise(o)
        var header: [PanelLine] = []
        header.append(PanelLine([StyledText(o.externalRef, style: .title), StyledText("  #\(o.id)  ", style: .dim),
                                 StyledText(o.channel, style: ViewText.channelStyle(o.channel)),
                                 StyledText("  placed \(TimeText.dateTime(o.placedAt))  status "),
                                 StyledText(o.status, style: .accent), StyledText("  promise "), StyledText(promise, style: pstyle)]))
        header.append(PanelLine("customer " + (o.customerName ?? "unknown") + (o.customerID.map { " #\($0) (c opens the 360)" } ?? "")
                                + " · \(o.units) units · total \(o.total)"))
        header.append(PanelLine("subtotal \(d.subtotal) · discount \(d.discount) · shipping \(d.shipping) · tax \(d.tax)"
                                + (d.refunded.minor != 0 ? " · refunded \(d.refunded)" : ""), style: .dim))
        header.append(PanelLine(""))

        let currency = d.subtotal.currency
        let lines = d.lines.enumerated().map { i, l -> PanelLine in
            var seg = [StyledText(l.skuCode.padded(toWidth: 14), style: .accent), StyledText(" " + l.name + " "),
                       StyledText("×\(l.quantity) @ \(l.unitPrice)", style: .dim)]
            if l.quantityReturned > 0 { seg.append(StyledText("  \(l.quantityReturned) returned", style: .warn)) }
            if let note = d.extras?.lineText(i, currency: currency) { seg.append(StyledText("  " + note, style: .dim)) }
            return PanelLine(seg, key: "line:\(l.id)", target: .sku(code: l.skuCode))
        }
        let channelLines = (d.extras?.describedLines(currency: currency) ?? []).map { label, text in
            PanelLine([StyledText(label + ": ", style: label == "outstanding" ? .warn : .dim), StyledText(text)])
        }
        var fulfil: [PanelLine] = []
        fulfil.append(PanelLine("route: " + o.fulfilment.replacingOccurrences(of: "_", with: " ")
                                + (o.locationName.map { " from " + $0 } ?? "")))
        if let p = o.promisedBy { fulfil.append(PanelLine("promised by \(TimeText.dateTime(p))")) }
        if let r = d.readyAt { fulfil.append(PanelLine("ready at \(TimeText.dateTime(r))")) }
        if let del = o.deliveredAt {
            let late = o.promisedBy.map { del > $0 } ?? false
            fulfil.append(PanelLine([StyledText("delivered \(TimeText.dateTime(del)) "),
                                     StyledText(late ? "LATE by \(TimeText.span(del - (o.promisedBy ?? del)))" : "on time ✓",
                                                style: late ? .bad : .good)]))
            fulfil.append(PanelLine(d.inFull ? "in full ✓" : "NOT in full ✗", style: d.inFull ? .good : .bad))
        } else if let p = o.promisedBy, o.late {
            fulfil.append(PanelLine("not delivered, promise missed \(TimeText.span(now - p)) ago", style: .bad))
        }
        let shipments = d.shipments.map { s -> PanelLine in
            var text = "\(s.carrier) \(s.tracking)" + (s.fromLocation.map { " from " + $0 } ?? "")
            text += s.shippedAt.map { " · shipped " + TimeText.short($0) } ?? " · not shipped"
            let vs: StyledText
            if let del = s.deliveredAt {
                let late = o.promisedBy.map { del > $0 } ?? false
                vs = StyledText(" · delivered \(TimeText.short(del))" + (late ? " LATE" : " kept"), style: late ? .bad : .good)
            } else { vs = StyledText(" · in transit", style: .dim) }
            return PanelLine([StyledText(text), vs])
        }
        let returns = d.returns.map { r in
            PanelLine([StyledText((r.skuCode ?? "order") + " ×\(r.quantity) ", style: .accent),
                       StyledText("via \(r.channel)" + (r.location.map { " at " + $0 } ?? "") + " · \(r.reason) · \(r.status)"),
                       StyledText(" · refund \(r.refund) · \(TimeText.date(r.createdAt))", style: .dim)])
        }
        let tickets = d.tickets.map { t -> PanelLine in
            let sla = t.slaDueAt.map { StyledText(" " + TimeText.slaClock(due: $0, now: now), style: $0 < now ? .bad : .dim) }
                ?? StyledText(" " + t.status, style: .dim)
            return PanelLine([StyledText("#\(t.id) ", style: .accent), StyledText(t.subject + " · " + t.priority), sla],
                             key: "ticket:\(t.id)", target: .ticket(id: t.id))
        }
        let linesPanel = Panel(title: "Lines", trailing: "s stock of SKU", lines: lines, empty: "no lines")
        let fulfilPanel = Panel(title: "Fulfilment", lines: fulfil)
        let shipPanel = Panel(title: "Shipments", lines: shipments, empty: "no shipments")
        let returnPanel = Panel(title: "Returns", lines: returns, empty: "no returns")
        let ticketPanel = Panel(title: "Tickets", trailing: "t all", lines: tickets, empty: "no linked tickets")
        let channelPanel = channelLines.isEmpty ? [] : [Panel(title: "From the channel", lines: channelLines)]
        let columns: [[Panel]]
        switch PanelPage.columns([], width: ctx.bodyWidth - 2) {
        case 3, 2: columns = [[linesPanel] + channelPanel + [returnPanel], [fulfilPanel, shipPanel, ticketPanel]]
        default: columns = [[linesPanel] + channelPanel + [fulfilPanel, shipPanel, returnPanel, ticketPanel]]
        }
        return PanelPage(header: header, columns: columns)
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let inner = Box(title: title).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        guard let d = detail else {
            let text = loaded ? "No order #\(orderID) in this store" : "loading order #\(orderID)…"
            canvas.draw(text, x: inner.x, y: inner.y + inner.height / 2, width: inner.width, style: .placeholder, align: .center)
            return
        }
        page(d, ctx).render(into: &canvas, in: inner, cursor: cursor)
    }
}
