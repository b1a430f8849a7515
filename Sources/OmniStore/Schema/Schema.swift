import Foundation

/// Names read from the schema text, for `omni doctor` and bulk loads.
public enum Schema {
    public static var tableNames: [String] { names(in: SchemaTables.tables, after: "CREATE TABLE ") }
    public static var indexNames: [String] { names(in: SchemaTables.indexes, after: "CREATE INDEX ") }

    /// The CREATE INDEX statements, one per entry (bulk loads drop and recreate them).
    public static var indexStatements: [String] {
        SchemaTables.indexes.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("CREATE INDEX") }
    }

    static func names(in sql: String, after keyword: String) -> [String] {
        sql.components(separatedBy: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(keyword) else { return nil }
            return trimmed.dropFirst(keyword.count).split(whereSeparator: { $0 == "(" || $0 == " " }).first.map(String.init)
        }
    }
}
