import Foundation

/// What a channel's export says of an order beyond omni's own columns, kept so nothing a
/// merchant would look for is lost: addresses, discount codes, taxes by name, duties, shipping
/// method, outstanding balance, notes and note attributes, tags, payment method, the source and
/// sub-channel, the fulfilment channel, and per line vendor, discount and fulfilment status.
/// One JSON object per order (`OrderDetails`), written by imports, read by the order detail.
/// Schema version 3 (`Migrator.addOrderDetails`).
extension SchemaTables {
    static let orderDetails = """
    CREATE TABLE order_details(
        order_id INTEGER PRIMARY KEY REFERENCES orders(id),
        details TEXT NOT NULL) WITHOUT ROWID;
    """
}

extension Migrator {
    /// The upgrade step that adds `order_details` to an older store (no rows: orders imported
    /// before it get their details when their file is imported again). A store that already
    /// has the table (made by a development build) keeps it.
    static func addOrderDetails(_ db: Database) throws {
        guard try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'order_details'") == 0 else { return }
        try db.execute(SchemaTables.orderDetails)
    }
}
