import Foundation
import XCTest
@testable import OmniStore

/// A fresh folder per test, removed afterwards.
func temporaryDirectory(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("omni-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A new, empty omni store on disk.
func makeStore() throws -> (Database, String) {
    let path = try temporaryDirectory().appendingPathComponent("omni.db").path
    return (try Store.create(path: path), path)
}
