/// The `/` filter of a list that filters what it shows: every word typed must appear (ignoring
/// case) in one of the row's shown fields. "" matches everything.
public enum ListFilter {
    public static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0 == " " }).map(String.init)
    }

    public static func matches(_ fields: [String], _ words: [String]) -> Bool {
        guard !words.isEmpty else { return true }
        let hay = fields.joined(separator: "\u{1}").lowercased()
        return words.allSatisfy { hay.contains($0) }
    }
}
