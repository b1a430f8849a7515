import OmniStore

extension ActionID {
    public static let undoMerge: ActionID = "customer.undo-merge"
    public static let privacyExport: ActionID = "customer.privacy-export"
    public static let privacyErase: ActionID = "customer.privacy-erase"
    public static let customerAudit: ActionID = "customer.audit"
}

/// The 360's merge undo, privacy requests, consent history and audit: keys, confirmations and
/// the answers, kept apart from the 360's layout.
extension Customer360Screen {
    public static let privacyBindings: [ActionSpec] = [
        ActionSpec(.undoMerge, keys: [.char("u")], name: "undo merge",
                   description: "undo the merge selected in the Merges panel, after saying what moves back ('merge' right: agent, supervisor)",
                   scope: .screens([kind]), writes: true),
        ActionSpec(.privacyExport, keys: [.char("X")], name: "privacy export",
                   description: "write everything held about this person to a JSON file, after a confirmation (privacy officer, supervisor)",
                   scope: .screens([kind]), writes: true, hint: false),
        ActionSpec(.privacyErase, keys: [.char("E")], name: "erase",
                   description: "erase this person's personal data; orders stay, anonymized (privacy officer; asks first)",
                   scope: .screens([kind]), writes: true, hint: false),
        ActionSpec(.customerAudit, keys: [.char("A")], name: "audit",
                   description: "this customer's audit log (supervisor, privacy officer)", scope: .screens([kind]), hint: false),
    ]

    /// The merge id of the selected line of the Merges panel.
    func selectedMergeID(_ ctx: ScreenContext) -> Int64? {
        guard let key = layout(ctx, width: ctx.bodyWidth - 2)?.selected(cursor)?.key, key.hasPrefix("merge:") else { return nil }
        return Int64(key.dropFirst("merge:".count))
    }

    mutating func privacyPerform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard let d = data else { return [] }
        let p = d.profile
        switch action {
        case .undoMerge:
            guard let id = selectedMergeID(ctx), let m = d.merges.first(where: { $0.id == id }) else {
                return [.toast("select a merge in the Merges panel first (j/k), then u", isError: true)]
            }
            guard m.status == "applied" else {
                let hint = m.status == "suggested" ? "; review suggestions with :merges" : ""
                return [.toast("merge #\(id) is \(m.status): only an applied merge can be undone\(hint)", isError: true)]
            }
            return [.query(.mergeUndoPreview(mergeID: id))]
        case .privacyExport:
            confirmation = Confirmation(
                title: "Privacy export of #\(p.id)",
                body: "Write everything the store holds about #\(p.id) \(p.name) (profile, identities unmasked, orders and lines, "
                    + "tickets and messages, journey, carts, appointments, consent history, audit entries) to a JSON file "
                    + "in the folder omni was started from? Recorded in the audit log.",
                yes: "export", query: .privacyExport(customerID: p.id))
        case .privacyErase:
            confirmation = Confirmation(
                title: "Erase #\(p.id) \(p.name)",
                body: "Erase this person's personal data? Name, city, identities, message bodies, ticket subjects and free text "
                    + "become tombstones; \(p.orderCount) orders and their amounts stay, on a customer with no identity, so KPIs "
                    + "do not change. A salted hash of each identity stops an old file from bringing the person back. "
                    + "This cannot be undone.",
                yes: "erase", query: .privacyErase(customerID: p.id))
        case .customerAudit:
            return [.push(AuditScreen(customerID: p.id))]
        default: break
        }
        return []
    }

    mutating func privacyInput(_ key: Key) -> [ScreenEffect]? {
        guard let c = confirmation else { return nil }
        let (effects, open) = c.answer(key)
        if !open { confirmation = nil }
        return effects
    }

    mutating func privacyReceive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        switch result {
        case .consentStatus(let flags):
            consent = flags
        case let .mergeUndoPreview(record, counts):
            guard let m = record, m.status == "applied" else { return [.toast("that merge is no longer applied", isError: true)] }
            confirmation = Confirmation(
                title: "Undo merge #\(m.id)",
                body: "#\(m.mergedID) \(m.mergedName) splits from #\(m.survivorID) \(m.survivorName) and takes back "
                    + "\(MergeReview.describe(counts)). Stages, counters and KPIs follow. Rule was \(m.rule): \(m.evidence). "
                    + "Recorded in the audit log.",
                yes: "undo the merge", query: .undoMerge(mergeID: m.id))
        case let .mergeUndone(id, survivor, restored, moved):
            return [.toast("merge #\(id) undone: #\(restored) is its own customer again, with \(MergeReview.describe(moved)); #\(survivor) keeps the rest")]
                + start(ctx)
        case let .privacyExported(id, path, orders, identities):
            return [.toast("privacy export of #\(id) written to \(path) (\(identities) identities, \(orders) orders); audited")]
        case .privacyErased(let e):
            return [.toast("#\(e.customerID) erased: \(e.identities) identities removed, \(e.ordersKept) orders kept anonymized; audited")]
                + start(ctx)
        default: break
        }
        return []
    }

    /// "email ✓ yes · 2026-12-04 import customers c.csv" for the consent line.
    func consentSegments(_ p: CustomerProfile) -> [StyledText] {
        var out: [StyledText] = [StyledText("consent ", style: .dim)]
        for channel in ConsentHistory.flags {
            let yes = p.consent[channel] ?? false
            out.append(StyledText("\(channel) \(yes ? "✓ yes" : "✗ no")", style: yes ? .good : .bad))
            if let flag = consent?.first(where: { $0.flag == channel }), let since = flag.since {
                out.append(StyledText(" (\(TimeText.date(since)) \(flag.source ?? ""))", style: .dim))
            }
            out.append(StyledText("  "))
        }
        if let consent, consent.allSatisfy({ $0.since == nil }) {
            out.append(StyledText("as given when the customer was created", style: .dim))
        }
        return out
    }
}
