import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sizes omni reads at most (documented in the README): beyond them a row is refused with
/// its line, and memory stays bounded whatever the input (`/dev/zero` included).
public enum ReadLimits {
    /// One record: a line, or several when a quoted field holds newlines.
    public static let maxRecordBytes = 1 << 20
    /// One field of a record.
    public static let maxFieldBytes = 64 << 10
}

/// The text encodings omni reads. UTF-8 is the default and is checked strictly; UTF-16 needs
/// its byte order mark; Windows-1252 is taken only when the whole file says so (see `RowSource`).
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case windows1252 = "Windows-1252"
}

/// Where a reader's bytes come from: a regular file, standard input (`-`), or with `follow` a
/// FIFO too; a directory or device is refused with a message, never a trap.
public struct InputSpec: Sendable {
    public var path: String
    /// Keep reading at the end of a regular file (it may grow); a pipe ends when its writer closes.
    public var follow: Bool
    public init(_ path: String, follow: Bool = false) { self.path = path; self.follow = follow }
    public var isStandardInput: Bool { path == "-" }
    /// How the input is named in messages.
    public var displayName: String { isStandardInput ? "(standard input)" : path }
}

/// Tells a following reader to stop waiting for more (set from another thread or a signal handler's flag).
public final class FollowStop: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    public init() {}
    public func stop() { lock.lock(); stopped = true; lock.unlock() }
    public var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
}

/// A file read in fixed-size chunks through its descriptor: memory stays flat whatever the
/// file's size. UTF-16 (by its byte order mark) is decoded to UTF-8 chunk by chunk; a UTF-8
/// byte order mark is dropped.
final class ByteSource {
    private let fd: Int32
    private let ownsFD: Bool
    let name: String
    private var raw: [UInt8]
    private var buffer: [UInt8] = []
    private var position = 0
    private(set) var bytesConsumed: Int64 = 0
    private(set) var rawBytesRead: Int64 = 0
    let totalBytes: Int64
    private var atEnd = false
    static let chunkSize = 1 << 20
    let chunkSize: Int
    private(set) var encoding: TextEncoding = .utf8
    /// Bytes of a UTF-16 code unit or surrogate pair cut by a chunk's end.
    private var carry: [UInt8] = []
    /// Whether the input is a regular file (it can be read again from the start, and its size is known).
    let isRegularFile: Bool
    /// Keep reading at the end of a regular file (`--follow`); nil otherwise.
    let follow: FollowStop?
    /// Called before a following reader waits for more input (the importer commits then).
    var onIdle: (() -> Void)?
    private var linesDecoded = 1

    init(_ input: InputSpec, chunkSize: Int = ByteSource.chunkSize, follow: FollowStop? = nil) throws {
        self.chunkSize = chunkSize
        self.name = input.displayName
        self.raw = [UInt8](repeating: 0, count: chunkSize)
        let path = input.path
        var st = stat()
        if input.isStandardInput {
            fd = 0
            ownsFD = false
            guard fstat(0, &st) == 0 else { throw ImportFailure.unreadable(file: name, reason: "cannot be read") }
            // Standard input is a stream even when it is a redirected file: read once, in order.
            isRegularFile = false
            totalBytes = (st.st_mode & S_IFMT) == S_IFREG ? Int64(st.st_size) : 0
        } else {
            guard stat(path, &st) == 0 else {
                throw ImportFailure.unreadable(file: path, reason: errno == EACCES ? "cannot be read (permission denied)" : "no such file")
            }
            let type = st.st_mode & S_IFMT
            switch type {
            case S_IFREG: break
            case S_IFDIR: throw ImportFailure.unreadable(file: path, reason: "is a directory, not a file")
            case S_IFIFO where input.follow: break
            case S_IFIFO: throw ImportFailure.unreadable(file: path, reason: "is a FIFO, not a regular file (read it with --follow, or pipe it into `omni import KIND -`)")
            default: throw ImportFailure.unreadable(file: path, reason: "is not a regular file (a device or socket); pipe it into `omni import KIND -` to read it as a stream")
            }
            let opened = open(path, O_RDONLY)
            guard opened >= 0 else {
                throw ImportFailure.unreadable(file: path, reason: errno == EACCES ? "cannot be read (permission denied)" : "cannot be opened (\(String(cString: strerror(errno))))")
            }
            fd = opened
            ownsFD = true
            isRegularFile = type == S_IFREG
            totalBytes = isRegularFile ? Int64(st.st_size) : 0
        }
        self.follow = isRegularFile || input.isStandardInput ? follow : nil
        // The byte order mark decides the encoding: at least four bytes up front, whatever the chunk size.
        var head: [UInt8] = []
        while head.count < 4 {
            let n = try readRaw()
            if n == 0 { break }
            head += raw[0..<n]
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            head.removeFirst(3)
        } else if head.starts(with: [0xFF, 0xFE]) {
            encoding = .utf16LE; head.removeFirst(2)
        } else if head.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16BE; head.removeFirst(2)
        } else if head.count >= 4 && head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0 {
            throw ImportFailure.unreadable(file: name, reason: "looks like UTF-16 without a byte order mark; save it as UTF-8 (or UTF-16 with a BOM)")
        } else if head.count >= 4 && head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0 {
            throw ImportFailure.unreadable(file: name, reason: "looks like UTF-16 without a byte order mark; save it as UTF-8 (or UTF-16 with a BOM)")
        }
        buffer = try decode(head[...])
        bytesConsumed = 0
        while buffer.isEmpty && !atEnd { try refill() }
    }

    deinit { if ownsFD { close(fd) } }

    /// Reads the next raw chunk into `raw`; 0 at the end (after waiting, when following).
    private func readRaw() throws -> Int {
        while true {
            let n = raw.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
            if n > 0 { rawBytesRead += Int64(n); return n }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { usleep(50_000); continue }
                throw ImportFailure.unreadable(file: name, reason: "cannot be read (\(String(cString: strerror(errno))))")
            }
            // The end: a following reader waits for the file to grow (a pipe's end is final).
            guard let follow, isRegularFile, !follow.isStopped else { return 0 }
            onIdle?()
            if follow.isStopped { return 0 }
            usleep(200_000)
        }
    }

    private func decode(_ bytes: ArraySlice<UInt8>) throws -> [UInt8] {
        switch encoding {
        case .utf8, .windows1252: return Array(bytes)
        case .utf16LE, .utf16BE:
            let input = carry + bytes
            carry = []
            var out: [UInt8] = []
            out.reserveCapacity(input.count)
            let le = encoding == .utf16LE
            var i = input.startIndex
            func unit(_ at: Int) -> UInt32 {
                le ? UInt32(input[at]) | UInt32(input[at + 1]) << 8 : UInt32(input[at]) << 8 | UInt32(input[at + 1])
            }
            while i + 1 < input.endIndex {
                var scalar = unit(i)
                var width = 2
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 3 < input.endIndex else { break }
                    let low = unit(i + 2)
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw ImportFailure.unreadable(file: name, reason: "line \(linesDecoded): not valid \(encoding.rawValue) (a lone surrogate)")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    width = 4
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw ImportFailure.unreadable(file: name, reason: "line \(linesDecoded): not valid \(encoding.rawValue) (a lone surrogate)")
                }
                if scalar == 0x0A { linesDecoded += 1 }
                switch scalar {
                case 0..<0x80: out.append(UInt8(scalar))
                case 0x80..<0x800:
                    out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
                case 0x800..<0x10000:
                    out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
                default:
                    out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
                    out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
                }
                i += width
            }
            carry = Array(input[i...])
            return out
        }
    }

    private func refill() throws {
        guard !atEnd else { return }
        repeat {
            let n = try readRaw()
            if n == 0 {
                atEnd = true; buffer = []; position = 0
                if !carry.isEmpty {
                    throw ImportFailure.unreadable(file: name, reason: "line \(linesDecoded): not valid \(encoding.rawValue) (the file ends inside a character)")
                }
                return
            }
            buffer = try decode(raw[0..<n])
            position = 0
        } while buffer.isEmpty
    }

    /// The unread rest of the current chunk (refilled when empty); empty at the end of the file.
    func chunk() throws -> ArraySlice<UInt8> {
        if position >= buffer.count { try refill() }
        return buffer[position...]
    }

    /// Marks `n` bytes of the current chunk as read.
    func consume(_ n: Int) {
        position += n
        bytesConsumed += Int64(n)
    }

    @inline(__always) func next() throws -> UInt8? {
        if position >= buffer.count {
            try refill()
            if position >= buffer.count { return nil }
        }
        let b = buffer[position]
        position += 1
        bytesConsumed += 1
        return b
    }

    /// Whether reading now would not wait: bytes are buffered, the file has grown, the pipe has
    /// bytes or has closed (its end is news too).
    func hasDataNow() -> Bool {
        if position < buffer.count || atEnd { return true }
        if isRegularFile {
            var st = stat()
            return fstat(fd, &st) == 0 && Int64(st.st_size) > rawBytesRead
        }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0
    }

    /// Waits until `hasDataNow()` or `stop` (checked five times a second).
    func waitForData(_ stop: FollowStop) {
        while !stop.isStopped && !hasDataNow() {
            if isRegularFile { usleep(200_000); continue }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&p, 1, 200)
        }
    }

    /// The first bytes of the input without consuming them (format detection); at most one chunk.
    func prefix(_ n: Int) -> ArraySlice<UInt8> { buffer[position..<min(buffer.count, position + n)] }

    /// How far the input has been read, for progress against `totalBytes`.
    var progressBytes: Int64 { encoding == .utf8 || encoding == .windows1252 ? bytesConsumed : rawBytesRead }
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

    /// Set after a record too long to read: the rest of the input cannot be split into records.
    public private(set) var broken = false

    public convenience init(path: String, delimiter: UInt8 = UInt8(ascii: ","), quoting: Bool = true) throws {
        try self.init(path: path, delimiter: delimiter, quoting: quoting, chunkSize: ByteSource.chunkSize)
    }

    /// `chunkSize` is for tests: tiny chunks put every byte on a chunk boundary.
    convenience init(path: String, delimiter: UInt8, quoting: Bool, chunkSize: Int) throws {
        self.init(source: try ByteSource(InputSpec(path), chunkSize: chunkSize), delimiter: delimiter, quoting: quoting)
    }

    init(source: ByteSource, delimiter: UInt8, quoting: Bool) {
        self.path = source.name
        self.source = source
        self.delimiter = delimiter
        self.quoting = quoting
    }

    public var bytesRead: Int64 { source.progressBytes }
    public var totalBytes: Int64 { source.totalBytes }

    /// The next non-blank record, or nil at the end of the file.
    public func next() throws -> CSVRecord? {
        if broken { return nil }
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
                if bytes.count > ReadLimits.maxRecordBytes {
                    broken = true
                    self.line = line
                    throw ImportFailure.invalidRow(RowIssue(file: path, line: startLine,
                        reason: "the record starting here is longer than \(ReadLimits.maxRecordBytes >> 20) MiB (field \(ends.count + 1)\(inQuotes ? ", in quotes from line \(quotedLine)" : "")); omni reads records up to 1 MiB and fields up to 64 KiB, and stops reading here"))
                }
                let chunk = try source.chunk()
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
                if try source.chunk().isEmpty { return nil }
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
    /// Set after a line too long to read: the rest is not read.
    public private(set) var broken = false

    public convenience init(path: String) throws {
        self.init(source: try ByteSource(InputSpec(path)))
    }

    init(source: ByteSource) {
        self.path = source.name
        self.source = source
    }

    public var bytesRead: Int64 { source.progressBytes }
    public var totalBytes: Int64 { source.totalBytes }

    public func next() throws -> (line: Int, object: [String: Any])? {
        var bytes: [UInt8] = []
        while true {
            bytes.removeAll(keepingCapacity: true)
            var sawAny = false
            if broken { return nil }
            while let b = try source.next() {
                sawAny = true
                if b == UInt8(ascii: "\n") { break }
                bytes.append(b)
                if bytes.count > ReadLimits.maxRecordBytes { break }
            }
            if !sawAny { return nil }
            line += 1
            if bytes.count > ReadLimits.maxRecordBytes {
                broken = true
                throw ImportFailure.invalidRow(RowIssue(file: path, line: line, reason: "the line is longer than \(ReadLimits.maxRecordBytes >> 20) MiB; omni reads lines up to 1 MiB, and stops reading here"))
            }
            if let bad = TextCheck.firstProblem(bytes[...]) {
                throw ImportFailure.invalidRow(RowIssue(file: path, line: line, reason: bad.isNUL
                    ? "a NUL byte at byte \(bad.offset + 1) of the line" : "not valid UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true)) at byte \(bad.offset + 1) of the line)"))
            }
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
