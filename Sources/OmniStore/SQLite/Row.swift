/// One result row: values by position, with the statement's column names for lookup by name.
public struct Row: Sendable, Equatable {
    public let values: [DatabaseValue]
    public let columns: [String]

    public init(values: [DatabaseValue], columns: [String]) {
        self.values = values
        self.columns = columns
    }

    public subscript(_ index: Int) -> DatabaseValue { values[index] }

    public subscript(_ name: String) -> DatabaseValue {
        guard let i = columns.firstIndex(of: name) else { return .null }
        return values[i]
    }

    public func value<T: DatabaseValueConvertible>(_ index: Int, as type: T.Type = T.self) -> T? {
        T.fromDatabaseValue(values[index])
    }

    public func int(_ index: Int) -> Int { Int.fromDatabaseValue(values[index]) ?? 0 }
    public func int64(_ index: Int) -> Int64 { Int64.fromDatabaseValue(values[index]) ?? 0 }
    public func double(_ index: Int) -> Double { Double.fromDatabaseValue(values[index]) ?? 0 }
    public func string(_ index: Int) -> String { String.fromDatabaseValue(values[index]) ?? "" }
    public func bool(_ index: Int) -> Bool { Bool.fromDatabaseValue(values[index]) ?? false }
    public func optionalInt(_ index: Int) -> Int? { Int.fromDatabaseValue(values[index]) }
    public func optionalInt64(_ index: Int) -> Int64? { Int64.fromDatabaseValue(values[index]) }
    public func optionalString(_ index: Int) -> String? { String.fromDatabaseValue(values[index]) }
    public func optionalDouble(_ index: Int) -> Double? { Double.fromDatabaseValue(values[index]) }

    public func int(_ name: String) -> Int { Int.fromDatabaseValue(self[name]) ?? 0 }
    public func string(_ name: String) -> String { String.fromDatabaseValue(self[name]) ?? "" }
    public func optionalInt(_ name: String) -> Int? { Int.fromDatabaseValue(self[name]) }
    public func optionalInt64(_ name: String) -> Int64? { Int64.fromDatabaseValue(self[name]) }
    public func optionalString(_ name: String) -> String? { String.fromDatabaseValue(self[name]) }
}
