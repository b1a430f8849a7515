import Foundation

/// Reading and checking a file on a second core while the caller writes the store.
///
/// A producer thread runs `produce`, which hands parsed items to `send` in file order; the
/// caller takes them with `next()` in batches. The queue is bounded, so memory does not grow
/// with the file. When the caller stops early (a bad row, a store error) it calls `finish()`,
/// which makes the next `send` return false and waits for the producer to return: nothing the
/// producer owns (the file) outlives the pipe's use.
final class ParsePipe<Item: Sendable>: @unchecked Sendable {
    /// What the producer has consumed so far, for progress and the summary.
    struct Batch {
        var items: [Item]
        var rowsRead: Int
        var bytesRead: Int64
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Batch] = []
    private var producing = true
    private var stopped = false
    private var failure: (any Error)?
    // Touched by the consumer only.
    private var joined = false

    private let batchSize: Int
    private let capacity: Int
    private let done = DispatchSemaphore(value: 0)
    // Touched by the producer thread only.
    private var pending: [Item] = []

    /// - Parameters:
    ///   - batchSize: items handed over at a time (one lock round trip per batch).
    ///   - capacity: batches waiting at most before the producer waits.
    ///   - produce: runs on the producer thread and calls `send` per item; what it sent is handed
    ///     over when it returns. Its thrown error is rethrown by `next()` after the items before it.
    init(batchSize: Int = 256, capacity: Int = 8,
         produce: @escaping @Sendable (_ pipe: ParsePipe<Item>) throws -> Void) {
        self.batchSize = batchSize
        self.capacity = capacity
        Thread.detachNewThread { [self] in
            var thrown: (any Error)?
            do { try produce(self) } catch { thrown = error }
            condition.lock()
            if !pending.isEmpty { ready.append(Batch(items: pending, rowsRead: lastRows, bytesRead: lastBytes)) }
            pending = []
            failure = thrown
            producing = false
            condition.broadcast()
            condition.unlock()
            done.signal()
        }
    }

    private var lastRows = 0
    private var lastBytes: Int64 = 0

    /// Producer side: queues an item. False when the consumer has stopped: return then.
    func send(_ item: Item, rowsRead: Int, bytesRead: Int64) -> Bool {
        pending.append(item)
        lastRows = rowsRead
        lastBytes = bytesRead
        guard pending.count >= batchSize else { return true }
        let batch = Batch(items: pending, rowsRead: rowsRead, bytesRead: bytesRead)
        pending = []
        pending.reserveCapacity(batchSize)
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= capacity && !stopped { condition.wait() }
        if stopped { return false }
        ready.append(batch)
        condition.broadcast()
        return true
    }

    /// Consumer side: the next batch in file order; nil at the end. Rethrows the producer's error.
    func next() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && producing { condition.wait() }
        if !ready.isEmpty {
            let batch = ready.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer side: stops the producer (if still running) and waits for it to return.
    func finish() {
        guard !joined else { return }
        joined = true
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        done.wait()
    }
}

/// Hands a value that is not Sendable to one other thread, which becomes its only user.
struct Handover<Value>: @unchecked Sendable {
    let value: Value
}
