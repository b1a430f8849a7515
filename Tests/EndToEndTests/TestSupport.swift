import Foundation
import XCTest

/// A fresh, empty folder under the system temporary folder; the caller removes it.
func makeTemporaryFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension XCTestCase {
    /// A fresh folder for this test, removed when the test ends, whether it passed or failed.
    /// Teardown blocks run last-registered first, so anything registered after this (a tmux
    /// server, say) is stopped before the folder goes.
    func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = try makeTemporaryFolder(prefix)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
