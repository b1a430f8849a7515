import Foundation

/// Byte-level checks of what a reader hands over: strict UTF-8, NUL bytes, and the
/// Windows-1252 fallback for files that are plainly not UTF-8.
enum TextCheck {
    struct Problem: Equatable {
        var offset: Int
        var byte: UInt8
        var isNUL: Bool { byte == 0 }
    }

    /// The first NUL byte or byte of invalid UTF-8 (overlong forms, surrogates and values above
    /// U+10FFFF are invalid), nil when the bytes are clean. ASCII runs are checked eight bytes at a time.
    static func firstProblem(_ bytes: ArraySlice<UInt8>) -> Problem? {
        bytes.withUnsafeBufferPointer { p -> Problem? in
            let n = p.count
            guard let base = p.baseAddress else { return nil }
            var i = 0
            while i < n {
                // Fast path: eight ASCII bytes without NUL.
                if i + 8 <= n {
                    let v = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    let high = v & 0x8080_8080_8080_8080
                    let zero = (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
                    if high | zero == 0 { i += 8; continue }
                }
                let b = base[i]
                if b == 0 { return Problem(offset: i, byte: 0) }
                if b < 0x80 { i += 1; continue }
                let width: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF
                switch b {
                case 0xC2...0xDF: width = 2
                case 0xE0: width = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE, 0xEF: width = 3
                case 0xED: width = 3; high = 0x9F
                case 0xF0: width = 4; low = 0x90
                case 0xF1...0xF3: width = 4
                case 0xF4: width = 4; high = 0x8F
                default: return Problem(offset: i, byte: b)
                }
                guard i + width <= n else { return Problem(offset: i, byte: b) }
                let second = base[i + 1]
                guard second >= low && second <= high else { return Problem(offset: i, byte: b) }
                for k in 2..<max(2, width) where base[i + k] & 0xC0 != 0x80 { return Problem(offset: i, byte: b) }
                i += width
            }
            return nil
        }
    }

    /// Windows-1252's bytes 0x80-0x9F (0 where the code page leaves a byte undefined).
    static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    static func isUndefinedInCP1252(_ b: UInt8) -> Bool { b >= 0x80 && b <= 0x9F && cp1252High[Int(b - 0x80)] == 0 }

    /// Windows-1252 bytes as UTF-8 (every byte is defined: the caller checked `isUndefinedInCP1252`).
    static func utf8(fromCP1252 bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let scalar = b < 0xA0 ? cp1252High[Int(b - 0x80)] : UInt32(b)
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
            } else {
                out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return out
    }

    /// What a whole file says about its encoding, read in chunks (memory stays flat).
    struct Survey {
        /// Valid UTF-8 sequences of two bytes or more: the file holds UTF-8 text somewhere.
        var utf8Sequences = 0
        /// Bytes that cannot be UTF-8 here.
        var invalidBytes = 0
        /// Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
        var undefinedInCP1252 = 0
        var nulBytes = 0

        /// Windows-1252 is the plain reading when no byte is UTF-8 text and every byte is defined.
        var isPlainWindows1252: Bool { invalidBytes > 0 && utf8Sequences == 0 && undefinedInCP1252 == 0 && nulBytes == 0 }
    }

    static func survey(path: String) throws -> Survey {
        let source = try ByteSource(InputSpec(path))
        var s = Survey()
        var pending: [UInt8] = []
        while true {
            let chunk = try source.chunk()
            if chunk.isEmpty { break }
            var bytes = pending + chunk
            source.consume(chunk.count)
            pending = []
            // Keep a cut multi-byte sequence for the next chunk.
            var cut = bytes.count
            var back = 0
            while back < 3 && cut > 0 && bytes[cut - 1] & 0xC0 == 0x80 { cut -= 1; back += 1 }
            if cut > 0 && bytes[cut - 1] >= 0xC0 {
                let lead = bytes[cut - 1]
                let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                if width > back + 1 { pending = Array(bytes[(cut - 1)...]); bytes.removeLast(back + 1) }
            }
            var i = 0
            while i < bytes.count {
                guard let problem = firstProblem(bytes[i...]) else {
                    s.utf8Sequences += bytes[i...].reduce(0) { $0 + ($1 >= 0xC0 ? 1 : 0) }
                    break
                }
                let at = i + problem.offset
                s.utf8Sequences += bytes[i..<at].reduce(0) { $0 + ($1 >= 0xC0 ? 1 : 0) }
                if problem.isNUL { s.nulBytes += 1 } else {
                    s.invalidBytes += 1
                    if isUndefinedInCP1252(problem.byte) { s.undefinedInCP1252 += 1 }
                }
                i = at + 1
            }
        }
        if !pending.isEmpty { s.invalidBytes += 1 }
        // Bytes after a first invalid one that are also invalid in cp1252 terms count too.
        return s
    }
}
