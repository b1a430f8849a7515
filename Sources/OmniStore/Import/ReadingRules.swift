import Foundation

/// Whether `02/01/2024` is the 2nd of January (day first) or the 1st of February (month first).
public enum DateOrder: String, Sendable, CaseIterable {
    case dmy, mdy
}

/// What one input's reading has decided, shared by its rows: the order of spreadsheet dates
/// (given with `--date-order`, else decided by the file itself: a first or second number above
/// 12 decides). Used by the thread that reads the input only.
final class ReadingRules: @unchecked Sendable {
    /// How the input is named in messages.
    let file: String
    /// A regular file that can be read ahead for its dates; nil for a stream.
    let surveyPath: String?
    private(set) var dateOrder: DateOrder?
    private let given: Bool
    /// Where the order was decided ("line 7: 25/12/2024"), for messages.
    private var decidedBy = ""
    private var surveyed = false

    init(file: String, surveyPath: String?, dateOrder: DateOrder?) {
        self.file = file
        self.surveyPath = surveyPath
        self.dateOrder = dateOrder
        self.given = dateOrder != nil
        if dateOrder != nil { decidedBy = "--date-order \(dateOrder!.rawValue)" }
    }

    /// The order for a spreadsheet date read on a row: its own evidence, the order already
    /// decided, or what the rest of the file says. Throws the row's issue when nothing decides
    /// or the date contradicts the order.
    func order(for date: SpreadsheetDate, raw: String, column: String, row: ImportRow) throws -> DateOrder {
        let own: DateOrder? = date.first > 12 ? .dmy : date.second > 12 ? .mdy : nil
        if let own {
            if let dateOrder, dateOrder != own {
                throw row.issue("\(column) \"\(raw)\" is \(own == .dmy ? "day-first" : "month-first") but this file's dates are \(dateOrder == .dmy ? "day-first" : "month-first") (\(decidedBy))")
            }
            if dateOrder == nil { dateOrder = own; decidedBy = "line \(row.line): \(raw)" }
            return own
        }
        if let dateOrder { return dateOrder }
        if let surveyPath, !surveyed {
            surveyed = true
            let evidence = try Self.survey(surveyPath, file: file)
            if let dmy = evidence.dmy, let mdy = evidence.mdy {
                throw ImportFailure.unreadable(file: file, reason: "its dates are day-first on line \(dmy.line) (\(dmy.text)) and month-first on line \(mdy.line) (\(mdy.text)); pass --date-order dmy or --date-order mdy to say which")
            }
            if let dmy = evidence.dmy { dateOrder = .dmy; decidedBy = "line \(dmy.line): \(dmy.text)" }
            if let mdy = evidence.mdy { dateOrder = .mdy; decidedBy = "line \(mdy.line): \(mdy.text)" }
            if let dateOrder { return dateOrder }
        }
        throw row.issue("\(column) \"\(raw)\" could be day-first or month-first and no date \(surveyPath == nil ? "before it" : "in the file") has a day above 12 to decide; pass --date-order dmy|mdy")
    }

    struct Evidence { var line: Int; var text: String }

    /// The first day-first and month-first dates of a file (`25/12/2024`, `12/25/2024`; `/` or `.`).
    static func survey(_ path: String, file: String) throws -> (dmy: Evidence?, mdy: Evidence?) {
        let source = try ByteSource(InputSpec(path))
        var dmy: Evidence?, mdy: Evidence?
        var line = 1
        var tail: [UInt8] = []   // the end of the previous chunk: a date may straddle chunks
        while dmy == nil || mdy == nil {
            let chunk = try source.chunk()
            if chunk.isEmpty { break }
            source.consume(chunk.count)
            let bytes = tail + chunk
            let start = tail.count
            bytes.withUnsafeBufferPointer { p in
                let n = p.count
                func digits(_ from: Int, forward: Bool) -> (value: Int, count: Int) {
                    var v = 0, c = 0, i = from
                    if forward {
                        while i < n, p[i] >= 48, p[i] <= 57, c < 5 { v = v * 10 + Int(p[i] - 48); c += 1; i += 1 }
                    } else {
                        var mul = 1
                        while i >= 0, p[i] >= 48, p[i] <= 57, c < 3 { v += Int(p[i] - 48) * mul; mul *= 10; c += 1; i -= 1 }
                    }
                    return (v, c)
                }
                // Separators in the tail are looked at again: their date may have been cut.
                for i in max(1, start - 12)..<n {
                    let b = p[i]
                    if b == 0x0A { if i >= start { line += 1 }; continue }
                    guard b == 0x2F || b == 0x2E else { continue }
                    // i is the first separator of D{1,2} sep D{1,2} sep YYYY (or YY with '/').
                    let a = digits(i - 1, forward: false)
                    guard a.count >= 1 && a.count <= 2 else { continue }
                    let m = digits(i + 1, forward: true)
                    guard m.count >= 1 && m.count <= 2, i + 1 + m.count < n, p[i + 1 + m.count] == b else { continue }
                    let y = digits(i + 2 + m.count, forward: true)
                    guard y.count == 4 || (y.count == 2 && b == 0x2F) else { continue }
                    let end = i + 2 + m.count + y.count
                    if end < n && (p[end] == b || p[end] == 0x2E && b == 0x2F) { continue }
                    let text = String(decoding: UnsafeBufferPointer(rebasing: p[(i - a.count)..<end]), as: UTF8.self)
                    if a.value > 12 && m.value <= 12 && m.value >= 1 && dmy == nil { dmy = Evidence(line: line, text: text) }
                    if m.value > 12 && a.value <= 12 && a.value >= 1 && mdy == nil { mdy = Evidence(line: line, text: text) }
                }
            }
            tail = Array(bytes.suffix(16))
            // Lines in the tail were counted already: the next pass starts after it.
        }
        return (dmy, mdy)
    }
}

/// A date as spreadsheets write it: `02/01/2024 11:23`, `2/1/24 1:23 PM`, `02.01.2024 11:23:45`.
struct SpreadsheetDate: Equatable {
    var first: Int
    var second: Int
    var year: Int
    var hour = 0, minute = 0, second_ = 0

    static func parse(_ raw: String) -> SpreadsheetDate? {
        let b = Array(raw.utf8)
        var i = 0
        func number(max: Int) -> (Int, Int)? {
            var v = 0, c = 0
            while i < b.count, b[i] >= 48, b[i] <= 57, c < max { v = v * 10 + Int(b[i] - 48); c += 1; i += 1 }
            return c == 0 ? nil : (v, c)
        }
        guard let (a, _) = number(max: 2), i < b.count, b[i] == 0x2F || b[i] == 0x2E else { return nil }
        let sep = b[i]; i += 1
        guard let (m, _) = number(max: 2), i < b.count, b[i] == sep else { return nil }
        i += 1
        guard let (y, yc) = number(max: 4), yc == 4 || (yc == 2 && sep == 0x2F) else { return nil }
        var d = SpreadsheetDate(first: a, second: m, year: yc == 2 ? 2000 + y : y)
        if i == b.count { return d }
        guard b[i] == 0x20 || b[i] == 0x54 else { return nil }
        while i < b.count, b[i] == 0x20 || b[i] == 0x54 { i += 1 }
        guard let (h, _) = number(max: 2), i < b.count, b[i] == 0x3A else { return nil }
        i += 1
        guard let (mi, mc) = number(max: 2), mc == 2 else { return nil }
        d.hour = h; d.minute = mi
        if i < b.count && b[i] == 0x3A {
            i += 1
            guard let (s, sc) = number(max: 2), sc == 2 else { return nil }
            d.second_ = s
        }
        while i < b.count, b[i] == 0x20 { i += 1 }
        if i < b.count {
            let rest = String(decoding: b[i...], as: UTF8.self).lowercased()
            guard rest == "am" || rest == "pm" || rest == "a.m." || rest == "p.m.", (1...12).contains(d.hour) else { return nil }
            if rest.hasPrefix("p") && d.hour < 12 { d.hour += 12 }
            if rest.hasPrefix("a") && d.hour == 12 { d.hour = 0 }
        }
        guard d.hour < 24, d.minute < 60, d.second_ < 60 else { return nil }
        return d
    }

    /// Unix seconds (UTC) in that order, nil when it is not a day of the calendar.
    func time(_ order: DateOrder) -> Int64? {
        let (day, month) = order == .dmy ? (first, second) : (second, first)
        guard FieldParse.isDay(year, month, day) else { return nil }
        return Int64(FieldParse.daysFromCivil(year, month, day)) * 86400 + Int64(hour * 3600 + minute * 60 + second_)
    }
}
