import Foundation
import OmniStore
import OmniUI

/// Drives the console's state in-process, as the event loop does, but runs each query at once
/// on the calling thread: for measuring keystroke-to-frame and full-frame rendering.
struct AppDriver {
    var state: AppState
    let db: Database
    let now: Int64

    init(db: Database, width: Int, height: Int, now: Int64) {
        self.db = db
        self.now = now
        state = AppState(width: width, height: height, nowMs: now * 1000,
                         session: SessionInfo(storeName: "bench", operatorLogin: "bench", role: "supervisor"))
        settle(AppReducer.start(&state))
    }

    /// Runs effects (and the effects their results cause) until none are left.
    mutating func settle(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            guard case .runQuery(let request) = effect else { continue }
            let result: Result<QueryResult, QueryFailure>
            do {
                result = .success(try QueryRunner.run(request.query, db: db, now: now, operator: "bench"))
            } catch {
                result = .failure(QueryFailure("\(error)"))
            }
            queue.append(contentsOf: AppReducer.reduce(&state, .queryFinished(screen: request.screen, request: request.id, result)))
        }
    }

    mutating func send(_ key: Key) { settle(AppReducer.reduce(&state, .key(key))) }
    mutating func type(_ text: String) { for ch in text { send(.char(ch)) } }
    func render() -> Canvas { AppRenderer.render(state) }
}
