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

    let chunkSize: Int

    init(path: String, chunkSize: Int = ByteSource.chunkSize) throws {
        self.chunkSize = chunkSize
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFailure.unreadable(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        self.handle = handle
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.int64Value ?? 0
        self.totalBytes = size
        refill()
        // At least three bytes up front, so a byte order mark can be seen whatever the chunk size.
        while buffer.count < 3 && !atEnd {
            let more = handle.readData(ofLength: chunkSize)
            if more.isEmpty { break }
            buffer += [UInt8](more)
        }
    }

    deinit { try? handle.close() }

    private func refill() {
        guard !atEnd else { return }
        let data = handle.readData(ofLength: chunkSize)
        if data.isEmpty { atEnd = true; buffer = []; position = 0; return }
        buffer = [UInt8](data)
        position = 0
    }

    /// The unread rest of the current chunk (refilled when empty); empty at the end of the file.
    func chunk() -> ArraySlice<UInt8> {
        if position >= buffer.count { refill() }
        return buffer[position...]
    }

    /// Marks `n` bytes of the current chunk as read.
    func consume(_ n: Int) {
        position += n
        bytesConsumed += Int64(n)
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

    /// The field without surrounding ASCII white space, nil when that leaves nothing.
    public func trimmed(_ i: Int) -> String? {
        guard i >= 0 && i < ends.count else { return nil }
        var start = i == 0 ? 0 : ends[i - 1]
        var end = ends[i]
        return bytes.withUnsafeBufferPointer { p -> String? in
            while start < end, p[start] == 0x20 || p[start] == 0x09 || p[start] == 0x0A || p[start] == 0x0D { start += 1 }
            while end > start, p[end - 1] == 0x20 || p[end - 1] == 0x09 || p[end - 1] == 0x0A || p[end - 1] == 0x0D { end -= 1 }
            if start == end { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
        }
    }
}

/// A streaming RFC 4180 reader: commas (or tabs), quoted fields with doubled quotes, commas and
/// newlines inside quotes, CRLF or LF, an optional BOM, blank lines skipped. Each record knows
/// the physical line it starts on.
public final class CSVReader {
    let source: ByteSource
    let delimiter: UInt8
    let quoting: Bool
    private var line = 1
    private var lastBytes = 256
    private var lastFields = 16
    public let path: String

    public convenience init(path: String, delimiter: UInt8 = UInt8(ascii: ","), quoting: Bool = true) throws {
        try self.init(path: path, delimiter: delimiter, quoting: quoting, chunkSize: ByteSource.chunkSize)
    }

    /// `chunkSize` is for tests: tiny chunks put every byte on a chunk boundary.
    init(path: String, delimiter: UInt8, quoting: Bool, chunkSize: Int) throws {
        self.path = path
        self.source = try ByteSource(path: path, chunkSize: chunkSize)
        self.delimiter = delimiter
        self.quoting = quoting
        source.skipBOM()
    }

    public var bytesRead: Int64 { source.bytesConsumed }
    public var totalBytes: Int64 { source.totalBytes }

    /// The next non-blank record, or nil at the end of the file.
    public func next() throws -> CSVRecord? {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let delimiter = self.delimiter, quoting = self.quoting
        while true {
            let startLine = line
            // Locals, not properties: appends to a class's stored array pay an exclusivity
            // check each; these pay none.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(lastBytes + 64)
            var ends: [Int] = []
            ends.reserveCapacity(lastFields + 4)
            var fieldStart = true
            var inQuotes = false
            var quotedLine = 0
            var endOfRecord = false
            var sawAny = false
            // A quote or CR seen as the last byte of a chunk: decided with the next chunk's first byte.
            var pendingQuote = false
            var pendingCR = false
            var line = self.line
            outer: while !endOfRecord {
                let chunk = source.chunk()
                if chunk.isEmpty {
                    if pendingQuote { inQuotes = false; pendingQuote = false }
                    if pendingCR { line += 1; pendingCR = false; break outer }
                    if inQuotes {
                        self.line = line
                        throw ImportFailure.invalidRow(RowIssue(file: path, line: quotedLine,
                            reason: "a quoted field starting here is never closed"))
                    }
                    break
                }
                sawAny = true
                var used = 0
                chunk.withUnsafeBufferPointer { p in
                    var i = 0
                    let n = p.count
                    if pendingQuote {
                        pendingQuote = false
                        if p[0] == quote { bytes.append(quote); i = 1 } else { inQuotes = false }
                    } else if pendingCR {
                        pendingCR = false
                        if p[0] == lf { i = 1 }
                        line += 1
                        endOfRecord = true
                        used = i
                        return
                    }
                    while i < n {
                        let b = p[i]
                        i += 1
                        if inQuotes {
                            if b == quote {
                                if i < n {
                                    if p[i] == quote { bytes.append(quote); i += 1 } else { inQuotes = false }
                                } else {
                                    pendingQuote = true
                                }
                            } else {
                                if b == lf { line += 1 }
                                bytes.append(b)
                            }
                            continue
                        }
                        if b == delimiter { ends.append(bytes.count); fieldStart = true; continue }
                        if b == lf { line += 1; endOfRecord = true; break }
                        if b == cr {
                            if i < n {
                                if p[i] == lf { i += 1 }
                                line += 1; endOfRecord = true; break
                            }
                            pendingCR = true
                            break
                        }
                        if b == quote && fieldStart && quoting {
                            inQuotes = true; quotedLine = line; fieldStart = false; continue
                        }
                        fieldStart = false
                        bytes.append(b)
                    }
                    used = i
                }
                source.consume(used)
            }
            self.line = line
            if !sawAny && bytes.isEmpty && ends.isEmpty { return nil }
            ends.append(bytes.count)
            if ends.count == 1 && bytes.isEmpty {
                if source.chunk().isEmpty { return nil }
                continue // blank line
            }
            lastBytes = bytes.count
            lastFields = ends.count
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
