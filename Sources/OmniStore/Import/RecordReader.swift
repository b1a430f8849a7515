import Foundation

/// A file read in fixed-size chunks: memory stays flat whatever the file's size.
final class ByteSource {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private(set) var bytesConsumed: Int64 = 0
    let totalBytes: Int64
    private var atEnd = false
    static let chunkSize = 1 << 20

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFailure.unreadable(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        self.handle = handle
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.int64Value ?? 0
        self.totalBytes = size
        refill()
    }

    deinit { try? handle.close() }

    private func refill() {
        guard !atEnd else { return }
        let data = handle.readData(ofLength: Self.chunkSize)
        if data.isEmpty { atEnd = true; buffer = []; position = 0; return }
        buffer = [UInt8](data)
        position = 0
    }

    @inline(__always) func next() -> UInt8? {
        if position >= buffer.count {
            refill()
            if position >= buffer.count { return nil }
        }
        let b = buffer[position]
        position += 1
        bytesConsumed += 1
        return b
    }

    @inline(__always) func peek() -> UInt8? {
        if position >= buffer.count {
            refill()
            if position >= buffer.count { return nil }
        }
        return buffer[position]
    }

    /// The first bytes of the file without consuming them (format detection).
    func prefix(_ n: Int) -> ArraySlice<UInt8> { buffer[position..<min(buffer.count, position + n)] }

    /// Drops a UTF-8 byte order mark at the start.
    func skipBOM() {
        if buffer.count >= 3 && position == 0 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            position = 3
            bytesConsumed = 3
        }
    }
}

/// One CSV record: the unescaped bytes of its fields laid end to end, decoded to strings only
/// when asked (a Shopify export has ~80 columns; an import reads a dozen).
public struct CSVRecord {
    public let line: Int
    var bytes: [UInt8]
    var ends: [Int]

    public var count: Int { ends.count }

    public subscript(_ i: Int) -> String {
        guard i >= 0 && i < ends.count else { return "" }
        let start = i == 0 ? 0 : ends[i - 1]
        if start == ends[i] { return "" }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<ends[i]]), as: UTF8.self) }
    }

    public func isEmpty(_ i: Int) -> Bool {
        guard i >= 0 && i < ends.count else { return true }
        return (i == 0 ? 0 : ends[i - 1]) == ends[i]
    }

    public var fields: [String] { (0..<count).map { self[$0] } }
}

/// A streaming RFC 4180 reader: commas (or tabs), quoted fields with doubled quotes, commas and
/// newlines inside quotes, CRLF or LF, an optional BOM, blank lines skipped. Each record knows
/// the physical line it starts on.
public final class CSVReader {
    let source: ByteSource
    let delimiter: UInt8
    let quoting: Bool
    private var line = 1
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    public let path: String

    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), quoting: Bool = true) throws {
        self.path = path
        self.source = try ByteSource(path: path)
        self.delimiter = delimiter
        self.quoting = quoting
        source.skipBOM()
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(128)
    }

    public var bytesRead: Int64 { source.bytesConsumed }
    public var totalBytes: Int64 { source.totalBytes }

    /// The next non-blank record, or nil at the end of the file.
    public func next() throws -> CSVRecord? {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        while true {
            guard source.peek() != nil else { return nil }
            let startLine = line
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            var fieldStart = true
            var inQuotes = false
            var quotedLine = 0
            var endOfRecord = false
            while !endOfRecord {
                guard let b = source.next() else {
                    if inQuotes {
                        throw ImportFailure.invalidRow(RowIssue(file: path, line: quotedLine,
                            reason: "a quoted field starting here is never closed"))
                    }
                    break
                }
                if inQuotes {
                    if b == quote {
                        if source.peek() == quote { _ = source.next(); bytes.append(quote) } else { inQuotes = false }
                    } else {
                        if b == lf { line += 1 }
                        bytes.append(b)
                    }
                    continue
                }
                if b == delimiter {
                    ends.append(bytes.count)
                    fieldStart = true
                    continue
                }
                if b == lf {
                    line += 1
                    endOfRecord = true
                    continue
                }
                if b == cr {
                    if source.peek() == lf { continue }
                    line += 1
                    endOfRecord = true
                    continue
                }
                if b == quote && fieldStart && quoting {
                    inQuotes = true
                    quotedLine = line
                    fieldStart = false
                    continue
                }
                fieldStart = false
                bytes.append(b)
            }
            ends.append(bytes.count)
            if ends.count == 1 && bytes.isEmpty { continue } // blank line
            return CSVRecord(line: startLine, bytes: bytes, ends: ends)
        }
    }
}

/// JSON Lines: one object per line, blank lines skipped, BOM dropped.
public final class JSONLinesReader {
    let source: ByteSource
    private var line = 0
    public let path: String

    public init(path: String) throws {
        self.path = path
        self.source = try ByteSource(path: path)
        source.skipBOM()
    }

    public var bytesRead: Int64 { source.bytesConsumed }
    public var totalBytes: Int64 { source.totalBytes }

    public func next() throws -> (line: Int, object: [String: Any])? {
        var bytes: [UInt8] = []
        while true {
            bytes.removeAll(keepingCapacity: true)
            var sawAny = false
            while let b = source.next() {
                sawAny = true
                if b == UInt8(ascii: "\n") { break }
                bytes.append(b)
            }
            if !sawAny { return nil }
            line += 1
            while let last = bytes.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes.removeLast() }
            if bytes.isEmpty { continue }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            } catch {
                throw ImportFailure.invalidRow(RowIssue(file: path, line: line, reason: "not valid JSON"))
            }
            guard let dict = object as? [String: Any] else {
                throw ImportFailure.invalidRow(RowIssue(file: path, line: line, reason: "a JSON Lines record must be an object {...}"))
            }
            return (line, dict)
        }
    }
}
