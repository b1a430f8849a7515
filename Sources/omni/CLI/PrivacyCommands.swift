import Foundation
import OmniStore
import OmniUI

/// `omni privacy export|erase CUSTOMER`: a person's data requests (GDPR, PIPL, CCPA).
enum PrivacyCommands {
    static let spec = CommandSpec(
        "privacy", "Answer a person's data request: export everything held about them, or erase their personal data.",
        positionals: "export|erase CUSTOMER", min: 2, max: 2,
        options: [CommonOptions.db,
                  OptionSpec(name: "--out", value: "FILE", help: "export: write the JSON document to FILE (default stdout)"),
                  OptionSpec(name: "--yes", value: nil, help: "erase: confirm (erasure cannot be undone)"),
                  CommonOptions.json, CommonOptions.help],
        details: """
        CUSTOMER is a customer id (1380 or #1380); a merged id stands for the customer it was merged into.
        export  one JSON document: the profiles (with those merged into it), identities unmasked, orders and
                lines, shipments, returns, tickets and messages, touchpoints, carts, appointments, assets,
                invoices, consent history, merges and the audit entries about the person. Needs the 'export' right.
        erase   in one transaction: names, cities, identities, message bodies, ticket subjects and free text
                become tombstones ("[erased]" or empty); orders, lines and amounts stay, on a customer with no
                identity, so revenue and KPIs do not change. A salted hash of each identity is kept: an import
                of an old file does not bring the person back (counted; `omni import --allow-erased` overrides).
                Needs the 'erase' right and --yes.
        Both write one audit row naming the operator.
        """)

    static func run(_ args: ParsedArguments) throws -> ExitCode {
        let action = args.positionals[0]
        guard ["export", "erase"].contains(action) else {
            throw UsageError(message: "unknown privacy action \"\(action)\"; one of export, erase", usage: spec.usage)
        }
        guard let id = Int64(args.positionals[1].trimmingCharacters(in: ["#"])) else {
            throw UsageError(message: "CUSTOMER is a customer id (1380 or #1380), not \"\(args.positionals[1])\"", usage: spec.usage)
        }
        let db = try Store.open(path: Environment.storePath(args))
        let login = Environment.operatorLogin, now = Environment.now()
        do {
            if action == "export" {
                let export = try PrivacyRequests.export(db, customer: id, operator: login, at: now)
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                var data = try encoder.encode(export)
                data.append(0x0A)
                if let out = args.value("--out") {
                    guard FileManager.default.createFile(atPath: out, contents: data) else {
                        throw CommandFailure(code: .store, message: "\(out): cannot write the export")
                    }
                    Output.line("privacy export of customer #\(export.customerID) written to \(out): \(export.identities.count) identities, \(export.orders.count) orders, \(export.tickets.count) tickets (audited)")
                } else {
                    FileHandle.standardOutput.write(data)
                }
                return .ok
            }
            guard args.flag("--yes") else {
                throw UsageError(message: "erasure cannot be undone: add --yes to erase customer \(id)'s personal data", usage: spec.usage)
            }
            let erasure = try PrivacyRequests.erase(db, customer: id, operator: login, at: now)
            if args.flag("--json") { try Output.json(erasure); return .ok }
            Output.line("customer #\(erasure.customerID) erased: \(erasure.profiles) profile\(erasure.profiles == 1 ? "" : "s"), \(erasure.identities) identities (salted hashes kept), \(erasure.tickets) tickets and \(erasure.ticketMessages) messages blanked; \(erasure.ordersKept) orders kept, anonymized (audited)")
            return .ok
        } catch let error as IdentityError {
            if case .customerNotFound = error { throw CommandFailure.notFound(error.description) }
            throw CommandFailure(code: .usage, message: error.description)
        } catch let refusal as RoleRefusal {
            throw CommandFailure(code: .usage, message: refusal.description)
        }
    }
}
