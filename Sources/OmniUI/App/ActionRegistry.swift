import Foundation

/// The id of a bound action (`"quit"`, `"customer.reveal"`), as used in keys.conf.
public struct ActionID: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

extension ActionID {
    // App-level actions (handled by the reducer itself).
    public static let quit: ActionID = "quit"
    public static let help: ActionID = "help"
    public static let commandLine: ActionID = "command"
    public static let filter: ActionID = "filter"
    public static let back: ActionID = "back"
    public static let nextTab: ActionID = "tab.next"
    public static let previousTab: ActionID = "tab.previous"
    public static let tabCustomers: ActionID = "tab.customers"
    public static let tabOrders: ActionID = "tab.orders"
    public static let tabStock: ActionID = "tab.stock"
    public static let tabTickets: ActionID = "tab.tickets"
    public static let tabKPIs: ActionID = "tab.kpis"
    public static let tabStores: ActionID = "tab.stores"
    public static let redraw: ActionID = "redraw"
    public static let yank: ActionID = "yank"
    public static let sortNext: ActionID = "sort.next"
    public static let sortPrevious: ActionID = "sort.previous"
    public static let sectionNext: ActionID = "section.next"
    public static let sectionPrevious: ActionID = "section.previous"
    // Forwarded to the current screen.
    public static let moveUp: ActionID = "move.up"
    public static let moveDown: ActionID = "move.down"
    public static let pageUp: ActionID = "move.page-up"
    public static let pageDown: ActionID = "move.page-down"
    public static let top: ActionID = "move.top"
    public static let bottom: ActionID = "move.bottom"
    public static let open: ActionID = "open"

    /// The direct view switches. Bound to a key that types nothing (Alt-2, F2), they work even
    /// while a field or overlay has the keyboard; bound to "2", the field keeps the digit.
    public static let viewSwitches: Set<ActionID> = [.tabCustomers, .tabOrders, .tabStock, .tabTickets, .tabKPIs, .tabStores]

    static func tab(_ tab: AppTab) -> ActionID {
        switch tab {
        case .customers: return .tabCustomers
        case .orders: return .tabOrders
        case .stock: return .tabStock
        case .tickets: return .tabTickets
        case .kpis: return .tabKPIs
        case .stores: return .tabStores
        }
    }
}

/// Where a binding works.
public enum ActionScope: Hashable, Sendable {
    /// Everywhere.
    case global
    /// On these screens only.
    case screens(Set<ScreenKind>)

    public func applies(to kind: ScreenKind) -> Bool {
        switch self {
        case .global: return true
        case .screens(let kinds): return kinds.contains(kind)
        }
    }

    /// Whether a key could mean both actions somewhere.
    public func overlaps(_ other: ActionScope) -> Bool {
        switch (self, other) {
        case (.global, _), (_, .global): return true
        case let (.screens(a), .screens(b)): return !a.isDisjoint(with: b)
        }
    }

    public var label: String {
        switch self {
        case .global: return "everywhere"
        case .screens(let kinds): return kinds.map(\.rawValue).sorted().joined(separator: ", ")
        }
    }
}

/// One entry of the registry: every key binding is one of these.
public struct ActionSpec: Sendable, Equatable {
    public var id: ActionID
    public var keys: [Key]
    /// Short name for the footer ("open", "reveal").
    public var name: String
    /// One line for the help overlay.
    public var description: String
    public var scope: ActionScope
    /// Changes the store: refused under `--read-only`.
    public var writes: Bool
    /// Shown in the footer hints when it applies.
    public var hint: Bool

    public init(_ id: ActionID, keys: [Key], name: String, description: String, scope: ActionScope = .global,
                writes: Bool = false, hint: Bool = true) {
        self.id = id
        self.keys = keys
        self.name = name
        self.description = description
        self.scope = scope
        self.writes = writes
        self.hint = hint
    }

    /// "j ↓" — the keys as shown in help and hints.
    public var keyText: String { keys.map(\.displayName).joined(separator: " ") }
}

/// A `:` command, listed in help and offered by Tab completion.
public struct CommandEntry: Sendable, Equatable {
    public var name: String
    public var argument: String?
    public var description: String
    public init(_ name: String, argument: String? = nil, description: String) {
        self.name = name
        self.argument = argument
        self.description = description
    }
    public var usage: String { ":" + name + (argument.map { " " + $0 } ?? "") }
}

/// The one registry of actions: key bindings (with remaps applied) and `:` commands. The help
/// overlay, footer hints, command completion, keys.conf and read-only gating all read it.
public struct ActionRegistry: Sendable, Equatable {
    public var specs: [ActionSpec]
    public var commands: [CommandEntry]

    public init(specs: [ActionSpec], commands: [CommandEntry] = ActionRegistry.standardCommands) {
        self.specs = specs
        self.commands = commands
    }

    public func spec(_ id: ActionID) -> ActionSpec? { specs.first { $0.id == id } }

    /// The action `key` triggers on a screen of `kind`: a screen-scoped binding wins over a
    /// global one.
    public func action(for key: Key, on kind: ScreenKind) -> ActionSpec? {
        let candidates = specs.filter { $0.keys.contains(key) && $0.scope.applies(to: kind) }
        return candidates.first { $0.scope != .global } ?? candidates.first
    }

    /// The view switch `key` triggers over any field or overlay: only for keys that are not text
    /// (a `.char` always goes to the field that has focus).
    public func viewSwitch(for key: Key) -> ActionSpec? {
        if case .char = key { return nil }
        return specs.first { ActionID.viewSwitches.contains($0.id) && $0.keys.contains(key) }
    }

    /// Bindings that work on `kind`, screen-specific first, then global ones with hints.
    public func applicable(on kind: ScreenKind) -> [ActionSpec] {
        let local = specs.filter { $0.scope != .global && $0.scope.applies(to: kind) }
        let global = specs.filter { $0.scope == .global }
        return local + global
    }

    /// Help entries matching `filter` (case-insensitive, in keys, id, name or description).
    public func matching(_ filter: String) -> [ActionSpec] {
        let f = filter.lowercased().trimmingCharacters(in: .whitespaces)
        guard !f.isEmpty else { return specs }
        return specs.filter {
            $0.id.rawValue.lowercased().contains(f) || $0.name.lowercased().contains(f)
                || $0.description.lowercased().contains(f) || $0.keyText.lowercased().contains(f)
                || $0.keys.contains { $0.configSpelling?.lowercased() == f }
        }
    }

    public func matchingCommands(_ filter: String) -> [CommandEntry] {
        let f = filter.lowercased().trimmingCharacters(in: .whitespaces)
        guard !f.isEmpty else { return commands }
        return commands.filter { $0.usage.lowercased().contains(f) || $0.description.lowercased().contains(f) }
    }

    /// The registry every console starts from.
    public static var standard: ActionRegistry {
        ActionRegistry(specs: globalSpecs + CustomerSearchScreen.bindings + Customer360Screen.bindings
                       + OrderListScreen.bindings + OrderDetailScreen.bindings
                       + StockSearchScreen.bindings + StockScreen.bindings + TicketQueueScreen.bindings + KPIScreen.bindings
                       + StoreListScreen.bindings + StoreDayScreen.bindings + KPIExplainScreen.bindings
                       + Customer360Screen.privacyBindings + MergeReviewScreen.bindings + AuditScreen.bindings)
    }

    public static let globalSpecs: [ActionSpec] = [
        ActionSpec(.open, keys: [.enter], name: "open", description: "open the selected row (drill in)"),
        ActionSpec(.back, keys: [.escape], name: "back", description: "close the overlay, or go back one screen"),
        ActionSpec(.filter, keys: [.char("/")], name: "filter", description: "filter the current list as you type"),
        ActionSpec(.commandLine, keys: [.char(":")], name: "command",
                   description: "command line (:customer, :order, :sku, :theme, :q); ↑/↓ history, Tab completes"),
        ActionSpec(.help, keys: [.char("?")], name: "help", description: "every key, filtered as you type"),
        ActionSpec(.quit, keys: [.char("q")], name: "quit", description: "quit (closes an open overlay first)"),
        ActionSpec(.moveUp, keys: [.up, .char("k")], name: "up", description: "move up", hint: false),
        ActionSpec(.moveDown, keys: [.down, .char("j")], name: "down", description: "move down", hint: false),
        ActionSpec(.pageUp, keys: [.pageUp, .ctrl("b")], name: "page up", description: "one page up", hint: false),
        ActionSpec(.pageDown, keys: [.pageDown, .ctrl("f"), .char(" ")], name: "page down", description: "one page down",
                   hint: false),
        ActionSpec(.top, keys: [.char("g"), .home], name: "top", description: "first row", hint: false),
        ActionSpec(.bottom, keys: [.char("G"), .end], name: "bottom", description: "last row (loads more as needed)",
                   hint: false),
        ActionSpec(.tabCustomers, keys: [.char("1"), .alt("1"), .function(1)], name: "customers",
                   description: "Customers view; Alt/F keys also work in a field", hint: false),
        ActionSpec(.tabOrders, keys: [.char("2"), .alt("2"), .function(2)], name: "orders",
                   description: "Orders view; Alt/F keys also work in a field", hint: false),
        ActionSpec(.tabStock, keys: [.char("3"), .alt("3"), .function(3)], name: "stock",
                   description: "Stock view; Alt/F keys also work in a field", hint: false),
        ActionSpec(.tabTickets, keys: [.char("4"), .alt("4"), .function(4)], name: "tickets",
                   description: "Tickets view; Alt/F keys also work in a field", hint: false),
        ActionSpec(.tabKPIs, keys: [.char("5"), .alt("5"), .function(5)], name: "KPIs",
                   description: "KPIs view; Alt/F keys also work in a field", hint: false),
        ActionSpec(.tabStores, keys: [.char("6"), .alt("6"), .function(6)], name: "stores",
                   description: "Stores view (a store's day); Alt/F keys also work in a field", hint: false),
        ActionSpec(.nextTab, keys: [.tab], name: "next view", description: "next view", hint: false),
        ActionSpec(.previousTab, keys: [.backTab], name: "previous view", description: "previous view", hint: false),
        ActionSpec(.redraw, keys: [.ctrl("l")], name: "redraw", description: "redraw the whole screen", hint: false),
        ActionSpec(.yank, keys: [.char("y")], name: "copy",
                   description: "copy the selected order number, SKU code or (revealed) phone to the clipboard (OSC 52)",
                   hint: false),
        ActionSpec(.sortNext, keys: [.char(">")], name: "sort →",
                   description: "sort the list by the next column (again: reverse the order)", hint: false),
        ActionSpec(.sortPrevious, keys: [.char("<")], name: "sort ←", description: "sort the list by the previous column",
                   hint: false),
        ActionSpec(.sectionNext, keys: [.char("}")], name: "next panel",
                   description: "jump to the next panel (the 360, an order, a ticket, a store's day, the KPI board)", hint: false),
        ActionSpec(.sectionPrevious, keys: [.char("{")], name: "previous panel", description: "jump to the previous panel",
                   hint: false),
    ]

    public static let standardCommands: [CommandEntry] = [
        CommandEntry("customer", argument: "QUERY", description: "search customers (phone, email, openid, card, name, id)"),
        CommandEntry("order", argument: "ID", description: "open an order by id, or list orders matching a reference"),
        CommandEntry("sku", argument: "CODE", description: "stock of a SKU in every location"),
        CommandEntry("ticket", argument: "ID", description: "open a ticket"),
        CommandEntry("theme", argument: "NAME", description: "switch the colour theme now"),
        CommandEntry("kpi", description: "the KPIs view"),
        CommandEntry("store", argument: "NAME", description: "a store's day (id, code, name or city)"),
        CommandEntry("merges", description: "suggested merges to review: the two profiles side by side, c confirm, x reject"),
        CommandEntry("audit", description: "the audit log, newest first (supervisor, privacy officer)"),
        CommandEntry("help", description: "every key and command"),
        CommandEntry("q", description: "quit"),
        CommandEntry("quit", description: "quit"),
    ]
}

// MARK: - keys.conf

/// Remapping from `$XDG_CONFIG_HOME/omni/keys.conf`: `action-id = key [key...]`, `#` comments.
/// Bad lines are reported with file:line and skipped; the rest of the file still applies.
public enum KeyMapFile {
    /// `$XDG_CONFIG_HOME/omni/keys.conf` (default `~/.config/omni/keys.conf`).
    public static func defaultPath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/omni/keys.conf" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/omni/keys.conf" }
        return nil
    }

    /// Applies the remaps in `text` to `registry`. Returns the new registry and one message per
    /// bad line (`keys.conf:3: unknown action "frobnicate"`).
    public static func apply(_ text: String, file: String, to registry: ActionRegistry) -> (ActionRegistry, [String]) {
        var reg = registry
        var errors: [String] = []
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNo = n + 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                errors.append("\(file):\(lineNo): expected `action-id = key [key...]`")
                continue
            }
            let id = ActionID(rawValue: trimmed[..<eq].trimmingCharacters(in: .whitespaces))
            let spellings = trimmed[trimmed.index(after: eq)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
                .map(String.init)
            guard let index = reg.specs.firstIndex(where: { $0.id == id }) else {
                let known = reg.specs.map(\.id.rawValue)
                let hint = closest(id.rawValue, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                errors.append("\(file):\(lineNo): unknown action \"\(SafeText.sanitize(id.rawValue))\"" + hint)
                continue
            }
            guard !spellings.isEmpty else {
                errors.append("\(file):\(lineNo): no key given for \(id)")
                continue
            }
            var keys: [Key] = []
            var bad: String?
            for s in spellings {
                if let k = Key(config: s) { if !keys.contains(k) { keys.append(k) } } else { bad = s; break }
            }
            if let bad {
                errors.append("\(file):\(lineNo): bad key \"\(SafeText.sanitize(bad))\" for \(id)")
                continue
            }
            let scope = reg.specs[index].scope
            var clash: String?
            for key in keys {
                if let other = reg.specs.first(where: { $0.id != id && $0.keys.contains(key) && $0.scope.overlaps(scope) }) {
                    clash = "\(file):\(lineNo): key \(key.configSpelling ?? key.displayName) for \(id) is already bound to \(other.id)"
                    break
                }
            }
            if let clash {
                errors.append(clash)
                continue
            }
            reg.specs[index].keys = keys
        }
        return (reg, errors)
    }

    /// Reads and applies the file at `path` when it exists.
    public static func load(path: String, into registry: ActionRegistry) -> (ActionRegistry, [String]) {
        guard FileManager.default.fileExists(atPath: path) else { return (registry, []) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return (registry, ["\(path): cannot read key map"])
        }
        return apply(text, file: path, to: registry)
    }

    static func closest(_ word: String, among candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            if a.isEmpty { return b.count }
            if b.isEmpty { return a.count }
            var prev = Array(0...b.count)
            for i in 1...a.count {
                var cur = [i] + Array(repeating: 0, count: b.count)
                for j in 1...b.count {
                    cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                prev = cur
            }
            return prev[b.count]
        }
        let w = Array(word)
        let best = candidates.map { ($0, distance(w, Array($0))) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= Swift.max(2, word.count / 3) else { return nil }
        return best.0
    }
}
