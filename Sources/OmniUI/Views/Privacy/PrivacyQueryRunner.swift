import Foundation
import OmniStore

/// Runs the merge, privacy, consent and audit queries (see `Query`). Store queue only.
enum PrivacyQueryRunner {
    static func run(_ query: Query, db: Database, now: Int64, operator login: String) throws -> QueryResult {
        switch query {
        case let .mergeSuggestions(limit):
            return .mergeSuggestions(try MergeReview.list(db, .suggested, limit: limit))
        case let .mergeSides(survivorID, mergedID):
            return .mergeSides(try MergeReview.side(db, customer: survivorID), try MergeReview.side(db, customer: mergedID))
        case let .mergeUndoPreview(mergeID):
            return .mergeUndoPreview(try MergeReview.record(db, id: mergeID), try MergeReview.undoPreview(db, merge: mergeID))
        case let .undoMerge(mergeID):
            let r = try MergeReview.undo(db, merge: mergeID, operator: login, at: now)
            return .mergeUndone(mergeID: mergeID, survivorID: r.survivorID, restoredID: r.restoredID,
                                movedBack: r.movedBack.mapValues(\.count))
        case let .decideSuggestion(mergeID, confirm):
            if confirm {
                let survivor = try MergeReview.confirm(db, suggestion: mergeID, operator: login, at: now)
                return .suggestionDecided(mergeID: mergeID, confirmed: true, survivorID: survivor)
            }
            try MergeReview.reject(db, suggestion: mergeID, operator: login, at: now)
            return .suggestionDecided(mergeID: mergeID, confirmed: false, survivorID: nil)
        case let .consentStatus(customerID):
            return .consentStatus(try ConsentHistory.current(db, customer: customerID))
        case let .auditPage(customerID, before, limit):
            try Roles.require(db, login: login, .audit)
            return .auditPage(try Audit.list(db, Audit.Filter(customerID: customerID), limit: limit, before: before))
        case let .privacyExport(customerID):
            let (path, export) = try PrivacyRequests.exportFile(db, customer: customerID,
                                                                directory: FileManager.default.currentDirectoryPath,
                                                                operator: login, at: now)
            return .privacyExported(customerID: export.customerID, path: path, orders: export.orders.count,
                                    identities: export.identities.count)
        case let .privacyErase(customerID):
            return .privacyErased(try PrivacyRequests.erase(db, customer: customerID, operator: login, at: now))
        default:
            throw QueryFailure("not a privacy query")
        }
    }
}
