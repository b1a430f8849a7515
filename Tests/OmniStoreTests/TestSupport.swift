import Foundation
import XCTest
@testable import OmniStore

extension XCTestCase {
    /// A fresh folder for this test, removed when the test ends, whether it passed or failed.
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("omni-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A new, empty omni store on disk, in a folder removed when the test ends.
    func makeStore() throws -> (Database, String) {
        let path = try temporaryDirectory().appendingPathComponent("omni.db").path
        return (try Store.create(path: path), path)
    }
}
