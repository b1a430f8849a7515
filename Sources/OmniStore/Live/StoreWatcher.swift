import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How the live link to the store is doing, for the console's header.
public enum WatchStatus: Sendable, Equatable {
    case live(lastChangeAtMs: Int64?, writesPerMinute: Int)
    /// The store cannot be read: locked for long, deleted, replaced, unreadable.
    case warning(String)
}

/// Watches the store for commits by any process and reports what changed, on the main queue.
/// On Linux an inotify watch on the store's folder (the -wal file is written on every commit
/// and may be recreated) wakes it at once; `PRAGMA data_version` confirms; a slow poll stays
/// as the fallback for file systems without inotify. Bursts coalesce: one check in flight.
public final class StoreWatcher: @unchecked Sendable {
    // Safety: all mutable state below is touched only on `queue` (a serial queue).
    private let queue = DispatchQueue(label: "omni.watch", qos: .utility)
    private let path: String
    private let feed: ChangeFeed
    private var inotifySource: DispatchSourceRead?
    private var timer: DispatchSourceTimer?
    private var checkScheduled = false
    private var fileIdentity: (dev: UInt64, ino: UInt64)?
    private var recentBatches: [(atMs: Int64, count: Int)] = []
    private var lastChangeAtMs: Int64?
    private var lastStatus: WatchStatus?
    private var busySinceMs: Int64?
    private var onChange: (@Sendable (ChangeBatch) -> Void)?
    private var onStatus: (@Sendable (WatchStatus) -> Void)?
    /// Poll interval when inotify works (a safety net) and when it does not.
    public var safetyPoll: DispatchTimeInterval = .seconds(2)
    public var fallbackPoll: DispatchTimeInterval = .milliseconds(200)

    public init(path: String) throws {
        self.path = path
        var options = Database.Options()
        options.busyTimeoutMilliseconds = 200
        options.cacheKiB = 1024
        self.feed = try ChangeFeed(db: try Database(path: path, options: options))
        self.fileIdentity = Self.identity(of: path)
    }

    static func identity(of path: String) -> (dev: UInt64, ino: UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Starts watching. Callbacks arrive on the main queue.
    public func start(onChange: @escaping @Sendable (ChangeBatch) -> Void, onStatus: @escaping @Sendable (WatchStatus) -> Void) {
        queue.async {
            self.onChange = onChange
            self.onStatus = onStatus
            let watching = self.startInotify()
            self.startTimer(interval: watching ? self.safetyPoll : self.fallbackPoll)
            self.report(.live(lastChangeAtMs: nil, writesPerMinute: 0))
        }
    }

    public func stop() {
        queue.sync {
            inotifySource?.cancel(); inotifySource = nil
            timer?.cancel(); timer = nil
            onChange = nil; onStatus = nil
        }
    }

    /// Asks for a check now (after the console's own write, which data_version does not see).
    public func poke() { queue.async { self.scheduleCheck(force: true) } }

    private func startInotify() -> Bool {
        #if os(Linux)
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return false }
        let folder = (path as NSString).deletingLastPathComponent
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_CLOSE_WRITE | IN_MOVE_SELF | IN_DELETE_SELF)
        guard inotify_add_watch(fd, folder.isEmpty ? "." : folder, mask) >= 0 else { close(fd); return false }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(fd, &buffer, buffer.count) > 0 {}
            self?.scheduleCheck(force: false)
        }
        source.setCancelHandler { close(fd) }
        source.resume()
        inotifySource = source
        return true
        #else
        return false
        #endif
    }

    private func startTimer(interval: DispatchTimeInterval) {
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        t.setEventHandler { [weak self] in self?.scheduleCheck(force: false) }
        t.resume()
        timer = t
    }

    /// Coalesces a burst of file events into one check a few milliseconds later.
    private func scheduleCheck(force: Bool) {
        guard !checkScheduled else { return }
        checkScheduled = true
        queue.asyncAfter(deadline: .now() + .milliseconds(5)) { [weak self] in
            guard let self else { return }
            self.checkScheduled = false
            self.check(force: force)
        }
    }

    private func check(force: Bool) {
        let now = Self.nowMs()
        // A store deleted or replaced under us is reported, not crashed on.
        guard let identity = Self.identity(of: path) else {
            report(.warning("store file is gone: writes refused (\(path) was deleted)"))
            return
        }
        if let known = fileIdentity, known != identity {
            report(.warning("store file was replaced: writes refused; reopen omni to follow it"))
            return
        }
        do {
            let moved = try feed.hasExternalCommit()
            if moved || force, let batch = try feed.read() {
                lastChangeAtMs = batch.latestAtMs
                recentBatches.append((now, batch.count))
                if let onChange { DispatchQueue.main.async { onChange(batch) } }
            }
            busySinceMs = nil
            recentBatches.removeAll { now - $0.atMs > 60_000 }
            report(.live(lastChangeAtMs: lastChangeAtMs, writesPerMinute: recentBatches.reduce(0) { $0 + $1.count }))
        } catch let error as DatabaseError where error.isBusy {
            let since = busySinceMs ?? now
            busySinceMs = since
            if now - since > 5_000 { report(.warning("store locked for \((now - since) / 1000)s by another process")) }
        } catch {
            report(.warning("store unreadable: \(error)"))
        }
    }

    private func report(_ status: WatchStatus) {
        guard status != lastStatus else { return }
        lastStatus = status
        if let onStatus { DispatchQueue.main.async { onStatus(status) } }
    }
}
