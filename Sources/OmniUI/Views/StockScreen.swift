import OmniStore

/// One SKU in every store and warehouse: on hand, reserved, safety stock, available to promise
/// (ATP) and what each channel may still sell after its buffer; LOW and OUT in words as well as
/// colour; totals per channel and the SKU's channel codes. Enter on a location opens the
/// movement ledger behind its numbers; `m` every movement of the SKU.
public struct StockScreen: Screen {
    public static let kind: ScreenKind = "stock.sku"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Stock · " + (stock?.sku.code ?? code) }
    public var entities: Set<String> { ["stock"] }

    /// The code asked for (a SKU code or a channel code).
    public var code: String
    public var skuID: Int64?
    public var stock: SKUStock?
    public var loaded = false
    public var scroll = ScrollState()
    public var crumb: String { "SKU " + (stock?.sku.code ?? code) }
    public var yankText: String? { stock?.sku.code ?? code }

    public init(code: String) {
        self.code = code
    }

    public init(skuID: Int64, code: String? = nil) {
        self.skuID = skuID
        self.code = code ?? "SKU #\(skuID)"
    }

    public static let bindings: [ActionSpec] = [
        ActionSpec(.stockMovements, keys: [.char("m")], name: "ledger",
                   description: "every stock movement of this SKU, newest first", scope: .screens([kind])),
    ]

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] {
        if let skuID { return [.query(.skuStock(skuID: skuID))] }
        return [.query(.skuStockByCode(code: code))]
    }

    var locations: [StockAtLocation] { stock?.locations ?? [] }

    var selected: StockAtLocation? {
        locations.isEmpty ? nil : locations[min(max(0, scroll.selected), locations.count - 1)]
    }

    /// Rows of the table: the body minus box, two header lines, totals and the table header.
    static func visible(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 2 - 2 - 2 - 1) }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let visible = Self.visible(ctx)
        let count = locations.count
        switch action {
        case .moveUp: scroll.move(by: -1, count: count, visible: visible)
        case .moveDown: scroll.move(by: 1, count: count, visible: visible)
        case .pageUp: scroll.pageUp(count: count, visible: visible)
        case .pageDown: scroll.pageDown(count: count, visible: visible)
        case .top: scroll.top(count: count, visible: visible)
        case .bottom: scroll.bottom(count: count, visible: visible)
        case .open:
            guard let s = stock, let loc = selected else { return [] }
            return [.push(MovementScreen(skuID: s.sku.id, skuCode: s.sku.code, locationID: loc.locationID,
                                         locationName: loc.locationName))]
        case .stockMovements:
            guard let s = stock else { return [] }
            return [.push(MovementScreen(skuID: s.sku.id, skuCode: s.sku.code))]
        case .stockLowList: return [.push(LowStockScreen())]
        case .stockUnmapped: return [.push(StockUnmappedScreen())]
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .skuStock(let value) = result else { return [] }
        let keep = selected?.locationID
        stock = value
        loaded = true
        if let value {
            skuID = value.sku.id
            if let keep, let i = value.locations.firstIndex(where: { $0.locationID == keep }) {
                let shift = i - scroll.selected
                scroll.selected = i
                scroll.offset += shift
            }
        }
        scroll.clamp(count: locations.count, visible: Self.visible(ctx))
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        return []
    }

    func columns(_ s: SKUStock) -> [TableColumn] {
        var cols: [TableColumn] = [
            TableColumn("Location", width: .flexible(min: 14, weight: 3, max: 34), priority: 100),
            TableColumn("Kind", width: .flexible(min: 5, max: 9), priority: 1),
            TableColumn("On hand", align: .right, width: .fixed(7), priority: 90),
            TableColumn("Resv", align: .right, width: .fixed(6), priority: 85),
            TableColumn("Safety", align: .right, width: .fixed(6), priority: 80),
            TableColumn("ATP", align: .right, width: .fixed(8), priority: 95),
        ]
        // Channels in their configured order; the last ones give way first on a narrow terminal.
        for (i, c) in s.channelTotals.enumerated() {
            cols.append(TableColumn(StockText.channelTitle(c.channel), align: .right, width: .flexible(min: 7, max: 10),
                                    priority: 50 - i))
        }
        return cols
    }

    static func row(_ l: StockAtLocation, channels: [ChannelAvailability]) -> TableRow {
        var cells = [TableCell(l.locationName), TableCell(l.locationKind, style: .dim), TableCell(String(l.onHand)),
                     TableCell(String(l.reserved)), TableCell(String(l.safetyStock)),
                     StockText.cell(l.availableToPromise, l.level)]
        for c in channels {
            if let a = l.byChannel.first(where: { $0.channel == c.channel }) {
                cells.append(StockText.channelCell(a, at: l))
            } else {
                cells.append(TableCell("–", style: .dim))
            }
        }
        return TableRow(cells)
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let position = locations.isEmpty ? "" : "\(min(scroll.selected, locations.count - 1) + 1)/\(locations.count)"
        let inner = Box(title: title, trailingTitle: position).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        guard let s = stock else {
            let text = loaded ? "No SKU \"\(code)\" in this store · press 3 and type a SKU code, e.g. TEE-RED-M"
                : "loading stock of \(code)…"
            canvas.draw(text, x: inner.x, y: inner.y + inner.height / 2, width: inner.width, style: .placeholder, align: .center)
            return
        }
        let sku = s.sku
        var head = [StyledText(sku.code, style: .title), StyledText("  on hand \(s.totalOnHand) · ATP \(s.totalAvailable)")]
        let outCount = s.locations.filter { $0.level == .out }.count
        let lowCount = s.locations.filter { $0.level == .low }.count
        if outCount > 0 { head.append(StyledText(" · \(outCount) OUT", style: .bad)) }
        if lowCount > 0 { head.append(StyledText(" · \(lowCount) LOW", style: .warn)) }
        head.append(StyledText("  " + sku.name + " · \(sku.price)", style: .dim))
        canvas.draw(head, x: inner.x, y: inner.y, width: inner.width)
        var codes: [StyledText] = [StyledText("channel codes: ", style: .dim)]
        if s.channelCodes.isEmpty {
            codes.append(StyledText("none mapped", style: .placeholder))
        } else {
            let order = s.channelTotals.map(\.channel)
            let sorted = s.channelCodes.sorted {
                (order.firstIndex(of: $0.key) ?? Int.max, $0.key) < (order.firstIndex(of: $1.key) ?? Int.max, $1.key)
            }
            for (i, pair) in sorted.enumerated() {
                codes.append(StyledText((i > 0 ? " · " : "") + pair.key + " ", style: .dim))
                codes.append(StyledText(pair.value, style: .accent))
            }
        }
        canvas.draw(codes, x: inner.x, y: inner.y + 1, width: inner.width)

        let totalsHeight = inner.height >= 8 ? 2 : 0
        let tableRect = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: max(0, inner.height - 2 - totalsHeight))
        let channels = s.channelTotals
        let rows = s.locations.map { Self.row($0, channels: channels) }
        Table(columns: columns(s), source: ArrayRowSource(rows), state: scroll,
              emptyMessage: "\(sku.code) is stocked nowhere yet").render(into: &canvas, in: tableRect)
        guard totalsHeight > 0 else { return }
        var totals = [StyledText("totals after buffers: ", style: .dim)]
        for (i, c) in channels.enumerated() {
            let text = (i > 0 ? " · " : "") + "\(c.channel) \(c.available)" + (c.available == 0 ? " OUT" : "")
                + (c.buffer > 0 ? " (buffer \(c.buffer))" : "")
            totals.append(StyledText(text, style: c.available == 0 ? .bad : .normal))
        }
        totals.append(StyledText(" · ↵ ledger of a location, m every location", style: .dim))
        let totalsRect = Rect(x: inner.x, y: inner.maxY - totalsHeight, width: inner.width, height: totalsHeight)
        canvas.fill(totalsRect, style: .normal)
        StockText.flow(totals, into: &canvas, in: totalsRect)
    }
}
