/// Refusals of the identity graph, worded for the agent who asked.
public enum IdentityError: Error, CustomStringConvertible, Sendable, Equatable {
    case customerNotFound(Int64)
    /// The customer is a tombstone: it was merged into `into` (the live customer).
    case customerMerged(Int64, into: Int64)
    case sameCustomer(Int64)
    case mergeNotFound(Int64)
    case mergeNotApplied(Int64, status: String)
    /// Undo refused: the survivor was itself merged later by these applied merges.
    case mergeHasLaterMerges(Int64, survivor: Int64, later: [Int64])
    case mergeInconsistent(Int64, detail: String)
    case notASuggestion(Int64, status: String)
    /// Confirming a suggestion whose two sides have meanwhile become one customer.
    case alreadyOneCustomer(Int64, customer: Int64)
    case tombstoneCycle(Int64)

    public var description: String {
        switch self {
        case .customerNotFound(let id):
            return "customer \(id) does not exist"
        case .customerMerged(let id, let into):
            return "customer \(id) was merged into customer \(into); use \(into)"
        case .sameCustomer(let id):
            return "cannot merge customer \(id) into itself"
        case .mergeNotFound(let id):
            return "merge #\(id) does not exist"
        case .mergeNotApplied(let id, let status):
            return "merge #\(id) is \(status), not applied: only an applied merge can be undone"
        case .mergeHasLaterMerges(let id, let survivor, let later):
            let list = later.map { "#\($0)" }.joined(separator: ", ")
            return "cannot undo merge #\(id): its survivor, customer \(survivor), was merged again later by merge \(list); undo \(later.count == 1 ? "that" : "those") first"
        case .mergeInconsistent(let id, let detail):
            return "cannot undo merge #\(id): \(detail)"
        case .notASuggestion(let id, let status):
            return "merge #\(id) is \(status), not a pending suggestion"
        case .alreadyOneCustomer(let id, let customer):
            return "suggestion #\(id): both sides are already customer \(customer)"
        case .tombstoneCycle(let id):
            return "customer \(id): merged_into forms a cycle (store needs repair)"
        }
    }
}
