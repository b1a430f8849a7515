import Dispatch

/// A connection confined to its own serial queue: the only way the console touches SQLite,
/// so the main queue never blocks on a query. Results travel back as Sendable values.
public final class StoreQueue: @unchecked Sendable {
    // Safety: `database` is only touched on `queue`, a serial queue.
    private let database: Database
    public let queue: DispatchQueue
    public let path: String

    public init(path: String, options: Database.Options = Database.Options(), label: String = "omni.store") throws {
        self.database = try Database(path: path, options: options)
        self.path = path
        self.queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the store queue and hands its result to `completion` on `callbackQueue`.
    public func async<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T,
                                   callbackQueue: DispatchQueue = .main,
                                   completion: @escaping @Sendable (Result<T, Error>) -> Void) {
        queue.async {
            let before = self.database.totalChanges
            let result = Result { try body(self.database) }
            if self.database.totalChanges != before { self.settle() }
            callbackQueue.async { completion(result) }
        }
    }

    /// After this connection wrote: empty the WAL into the file, so that a store left idle has
    /// no frames that a file moved into its place (`mv new.db s.db`) would be read with. When
    /// the file was replaced or deleted the checkpoint is refused and the connection retired.
    private func settle() {
        guard !database.isInTransaction else { return }
        try? database.checkpoint()
    }

    /// Runs `body` on the store queue and waits (never call this from the main queue of the console).
    public func sync<T>(_ body: (Database) throws -> T) rethrows -> T {
        try queue.sync { try body(database) }
    }

    /// Cancels whatever statement is running now (sqlite3_interrupt is thread-safe).
    public func interrupt() { database.interrupt() }
}
