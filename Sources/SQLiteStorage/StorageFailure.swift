import Foundation
internal import GRDB
import TalkModel
import TalkStorage

/// Turns what GRDB, SQLite and the JSON coders throw into ``/TalkStorage/TalkStorageError``.
///
/// The database's error is kept as the underlying error, which only `debugDescription` shows; GRDB's errors name
/// the SQL but not its arguments (`publicStatementArguments` stays off). Decoding errors are replaced by a
/// `StoredValueError` naming the table and column, or dropped, because the decoders' own messages can quote the
/// stored value.
enum StorageFailure {
    static func error(for error: any Error, operation: String) -> any Error {
        switch error {
        case let error as TalkStorageError:
            return error
        case is CancellationError:
            return error
        case let error as DatabaseError:
            return TalkStorageError(code(for: error), operation: operation, underlying: error)
        case let error as StoredValueError:
            return TalkStorageError(.corrupted, operation: operation, underlying: error)
        case is RowDecodingError, is DecodingError:
            // Their messages can quote the row; only the fact is kept.
            return TalkStorageError(.corrupted, operation: "\(operation): a stored row cannot be decoded")
        case is EncodingError:
            return TalkStorageError(.invalidArgument, operation: "\(operation): the value cannot be encoded")
        default:
            return TalkStorageError(.unavailable, operation: operation, underlying: error)
        }
    }

    private static func code(for error: DatabaseError) -> TalkStorageError.Code {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT:
            return .conflict
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT:
            return .corrupted
        case .SQLITE_TOOBIG, .SQLITE_RANGE, .SQLITE_MISMATCH:
            return .invalidArgument
        default:
            // Busy and locked files, I/O errors, a full disk, a read-only or closed database, an interrupted
            // statement: the store cannot be reached or written now, whatever the transaction wanted.
            return .unavailable
        }
    }
}

/// A stored value that cannot be read back, named by where it is and never by what it holds.
struct StoredValueError: Error, CustomStringConvertible {
    let table: String
    let column: String
    let problem: String

    var description: String { "\(table).\(column): \(problem)" }
}

/// Reads one row's columns with the checks a hand-edited or newer-format row needs: every mismatch throws a
/// `StoredValueError` instead of trapping, as GRDB's non-throwing subscripts would.
struct ColumnReader {
    let row: Row
    let table: String

    private func value(_ column: String) throws -> DatabaseValue {
        guard row.hasColumn(column) else { throw failure(column, "the column is missing") }
        return try row.decode(DatabaseValue.self, forColumn: column)
    }

    func failure(_ column: String, _ problem: String) -> StoredValueError {
        StoredValueError(table: table, column: column, problem: problem)
    }

    func text(_ column: String) throws -> String {
        guard let text = try optionalText(column) else { throw failure(column, "expected TEXT, found NULL") }
        return text
    }

    func optionalText(_ column: String) throws -> String? {
        switch try value(column).storage {
        case .null: return nil
        case .string(let text): return text
        default: throw failure(column, "expected TEXT")
        }
    }

    func integer(_ column: String) throws -> Int64 {
        guard let integer = try optionalInteger(column) else { throw failure(column, "expected INTEGER, found NULL") }
        return integer
    }

    func optionalInteger(_ column: String) throws -> Int64? {
        switch try value(column).storage {
        case .null: return nil
        case .int64(let integer): return integer
        default: throw failure(column, "expected INTEGER")
        }
    }

    func bytes(_ column: String) throws -> [UInt8] {
        switch try value(column).storage {
        case .blob(let data): return [UInt8](data)
        default: throw failure(column, "expected BLOB")
        }
    }

    func timestamp(_ column: String) throws -> Timestamp {
        Timestamp(millisecondsSinceEpoch: try integer(column))
    }

    func optionalTimestamp(_ column: String) throws -> Timestamp? {
        try optionalInteger(column).map(Timestamp.init(millisecondsSinceEpoch:))
    }

    /// A text column parsed into a type whose initializer checks its syntax, such as an ID.
    func parsed<Value>(_ column: String, _ parse: (String) throws -> Value?) throws -> Value {
        guard let value = try optionalParsed(column, parse) else { throw failure(column, "expected TEXT, found NULL") }
        return value
    }

    func optionalParsed<Value>(_ column: String, _ parse: (String) throws -> Value?) throws -> Value? {
        guard let text = try optionalText(column) else { return nil }
        // The parser's error quotes its input, so only the fact that it failed is kept.
        guard let value = try? parse(text) else { throw failure(column, "the value is not valid here") }
        return value
    }

    /// A TEXT column holding a room's state machine as JSON.
    func room(_ column: String) throws -> Room {
        let text = try text(column)
        do {
            return try RoomJSONMemo.shared.decode(text)
        } catch {
            throw failure(column, "the JSON cannot be decoded as Room")
        }
    }

    /// A TEXT column holding a model value as JSON.
    func json<Value: Decodable>(_ type: Value.Type, _ column: String) throws -> Value {
        let text = try text(column)
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw failure(column, "the JSON cannot be decoded as \(type)")
        }
    }
}

enum JSONColumn {
    /// Model values as JSON with sorted keys, so that equal values are stored as equal text.
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
