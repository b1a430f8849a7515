import Foundation
import OmniStore
import OmniUI

/// `omni merges`: the merge log and its decisions (undo, confirm, reject), role-checked and audited.
enum MergeCommands {
    static let spec = CommandSpec(
        "merges", "List merges and suggested merges; undo a merge, confirm or reject a suggestion (audited, by role).",
        positionals: "[undo|confirm|reject ID]", min: 0, max: 2,
        options: [CommonOptions.db,
                  OptionSpec(name: "--suggested", value: nil, help: "only suggestions waiting for review"),
                  OptionSpec(name: "--customer", value: "ID", help: "only merges of this customer (either side)"),
                  CommonOptions.limit(50), CommonOptions.json, CommonOptions.help],
        details: """
        Without an action: the merges, newest first (id, status, the two customers, rule and evidence, what moved).
        undo ID     splits an applied merge: every row that came with the merged profile (orders, tickets,
                    identities, carts, appointments, touchpoints, assets, invoices) goes back; counters,
                    rollups and stages follow. Refused if the survivor was merged again later (undo that first).
        confirm ID  performs a suggested merge.   reject ID  marks the two customers as different people.
        Each action is one transaction with one audit row naming the operator ($OMNI_OPERATOR, else the login);
        it needs the 'merge' right (roles: see `omni roles`). Exit 1 when the merge does not exist.
        """)

    static func run(_ args: ParsedArguments) throws -> ExitCode {
        let db = try Store.open(path: Environment.storePath(args))
        if let action = args.positionals.first {
            guard ["undo", "confirm", "reject"].contains(action) else {
                throw UsageError(message: "unknown merges action \"\(action)\"; one of undo, confirm, reject", usage: spec.usage)
            }
            guard args.positionals.count == 2, let id = Int64(args.positionals[1].trimmingCharacters(in: ["#"])) else {
                throw UsageError(message: "`omni merges \(action)` needs a merge id (a whole number)", usage: spec.usage)
            }
            return try decide(db, action: action, id: id, json: args.flag("--json"))
        }
        if args.flag("--suggested") && args.value("--customer") != nil {
            throw UsageError(message: "--suggested and --customer cannot be combined", usage: spec.usage)
        }
        var filter = MergeReview.Filter.all
        if args.flag("--suggested") { filter = .suggested }
        if let text = args.value("--customer") {
            guard let id = Int64(text.trimmingCharacters(in: ["#"])) else {
                throw UsageError(message: "--customer takes a customer id, not \"\(text)\"", usage: spec.usage)
            }
            filter = .customer(id)
        }
        let limit = try args.int("--limit", default: 50, range: 1...10_000, spec: spec)
        let rows = try MergeReview.list(db, filter, limit: limit)
        if args.flag("--json") { try Output.json(["merges": rows]); return .ok }
        if rows.isEmpty { Output.line(filter == .suggested ? "no suggested merges waiting for review" : "no merges"); return .ok }
        var table = TextTable([.init("id", right: true), .init("status"), .init("survivor"), .init("merged"), .init("rule"),
                               .init("when"), .init("by"), .init("moved"), .init("evidence")])
        table.maxColumnWidth = 60
        for m in rows {
            table.add([String(m.id), m.status, "#\(m.survivorID) \(m.survivorName)", "#\(m.mergedID) \(m.mergedName)", m.rule,
                       TimeText.date(m.createdAt), m.createdBy, m.status == "suggested" ? "-" : MergeReview.describe(m.moved), m.evidence])
        }
        Output.line(table.render())
        if rows.count == limit { Output.line("(first \(limit); --limit N for more)") }
        return .ok
    }

    static func decide(_ db: Database, action: String, id: Int64, json: Bool) throws -> ExitCode {
        let login = Environment.operatorLogin, now = Environment.now()
        do {
            switch action {
            case "undo":
                let report = try MergeReview.undo(db, merge: id, operator: login, at: now)
                if json { try Output.json(["merge_id": report.mergeID, "survivor_id": report.survivorID, "restored_id": report.restoredID]); return .ok }
                let back = MergeReview.describe(report.movedBack.mapValues(\.count))
                Output.line("merge #\(id) undone: customer #\(report.restoredID) is back on its own, split from #\(report.survivorID); moved back \(back)")
                if !report.notFound.isEmpty {
                    Output.line("left on #\(report.survivorID) (no longer there or moved since): \(MergeReview.describe(report.notFound.mapValues(\.count)))")
                }
            case "confirm":
                let survivor = try MergeReview.confirm(db, suggestion: id, operator: login, at: now)
                if json { try Output.json(["merge_id": id, "survivor_id": survivor]); return .ok }
                Output.line("suggestion #\(id) confirmed: merged into customer #\(survivor)")
            default:
                try MergeReview.reject(db, suggestion: id, operator: login, at: now)
                if json { try Output.json(["merge_id": id]); return .ok }
                Output.line("suggestion #\(id) rejected: the two customers stay apart and are not suggested again")
            }
            return .ok
        } catch let error as IdentityError {
            if case .mergeNotFound = error { throw CommandFailure.notFound(error.description) }
            throw CommandFailure(code: .usage, message: error.description)
        } catch let refusal as RoleRefusal {
            throw CommandFailure(code: .usage, message: refusal.description)
        }
    }
}
