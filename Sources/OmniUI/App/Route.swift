/// The six views, each with its own back stack of screens. Keys `1`-`6`, Tab, Shift-Tab.
public enum AppTab: Int, CaseIterable, Sendable, Hashable {
    case customers = 0, orders, stock, tickets, kpis, stores

    public var title: String {
        switch self {
        case .customers: return "Customers"
        case .orders: return "Orders"
        case .stock: return "Stock"
        case .tickets: return "Tickets"
        case .kpis: return "KPIs"
        case .stores: return "Stores"
        }
    }

    public var next: AppTab { AppTab(rawValue: (rawValue + 1) % AppTab.allCases.count)! }
    public var previous: AppTab {
        AppTab(rawValue: (rawValue + AppTab.allCases.count - 1) % AppTab.allCases.count)!
    }
}

/// A jump across entities: where to go, as a value. `AppRouter` turns it into a tab and a
/// screen pushed on that tab's stack (the tab's stack keeps what was there, so Esc returns).
public enum Route: Sendable, Equatable {
    /// The customer search with this text typed in.
    case customerSearch(String)
    /// The customer 360.
    case customer(id: Int64)
    /// The orders list filtered to one customer.
    case ordersOfCustomer(id: Int64, name: String)
    /// The orders list with a text filter (order id or reference prefix).
    case orders(text: String)
    case order(id: Int64)
    /// The stock of one SKU by code (`:sku TEE-RED-M`, `s` on an order line).
    case sku(code: String)
    case skuID(Int64)
    /// The ticket queue of one customer.
    case ticketsOfCustomer(id: Int64, name: String)
    /// The tickets linked to one order.
    case ticketsOfOrder(id: Int64)
    case ticket(id: Int64)
    case kpis
    /// The rows behind one KPI figure (kebab-case name, e.g. `late-deliveries`).
    case kpiExplain(name: String)
    /// A store's day: by id/code/name (`:store NAME`); one match opens it, several list.
    case store(query: String)
    /// Suggested merges to review (`:merges`).
    case mergeReview
    /// The audit log (`:audit`, `a` in the KPI view).
    case audit
}

/// Where screens come from: each tab's root, and the screen for each route.
public enum AppRouter {
    public static func rootScreen(for tab: AppTab) -> any Screen {
        switch tab {
        case .customers:
            return CustomerSearchScreen()
        case .orders:
            return OrderListScreen()
        case .stock:
            return StockSearchScreen()
        case .tickets:
            return TicketQueueScreen()
        case .kpis:
            return KPIScreen()
        case .stores:
            return StoreListScreen()
        }
    }

    /// The tab and the screen to push for `route`.
    public static func screen(for route: Route) -> (AppTab, any Screen) {
        switch route {
        case .customerSearch(let text):
            return (.customers, CustomerSearchScreen(text: text))
        case .customer(let id):
            return (.customers, Customer360Screen(customerID: id))
        case let .ordersOfCustomer(id, name):
            return (.orders, OrderListScreen(filter: OrderFilterState(customerID: id, customerName: name)))
        case .orders(let text):
            return (.orders, OrderListScreen(filter: OrderFilterState(text: text)))
        case .order(let id):
            return (.orders, OrderDetailScreen(orderID: id))
        case .sku(let code):
            return (.stock, StockScreen(code: code))
        case .skuID(let id):
            return (.stock, StockScreen(skuID: id))
        case let .ticketsOfCustomer(id, name):
            return (.tickets, TicketQueueScreen(filter: TicketFilterState(customerID: id, customerName: name)))
        case .ticketsOfOrder(let id):
            return (.tickets, TicketQueueScreen(filter: TicketFilterState(orderID: id)))
        case .ticket(let id):
            return (.tickets, TicketDetailScreen(ticketID: id))
        case .kpis:
            return (.kpis, rootScreen(for: .kpis))
        case .kpiExplain(let name):
            return (.kpis, KPIExplainScreen(name: name))
        case .store(let query):
            return (.stores, StoreListScreen(query: query))
        case .mergeReview:
            return (.customers, MergeReviewScreen())
        case .audit:
            return (.kpis, AuditScreen())
        }
    }
}
