import Logging
import NIOCore
import PostgresNIO
import TalkStorage

/// Why a statement failed, with the server's SQLSTATE and message but never the statement's bound values.
struct PostgresFailure: Error, CustomStringConvertible {
    var description: String

    /// A PostgresNIO error without its query's binds, which hold message text and tokens.
    static func redacted(_ error: any Error) -> PostgresFailure {
        guard let error = error as? PSQLError else { return PostgresFailure(description: "\(type(of: error))") }
        var text = "\(error.code)"
        if let state = error.serverInfo?[.sqlState] { text += " SQLSTATE \(state)" }
        if let message = error.serverInfo?[.message] { text += ": \(message)" }
        return PostgresFailure(description: text)
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

/// One transaction on one connection, run from a storage thread that waits for each statement.
final class Transaction: TalkStorageWriter {
    /// The advisory lock every write transaction takes first: writers are serialized across instances.
    static let writeLock: Int64 = 0x4554_414C_4B5F_5754  // "ETALK_WT"

    private var connection: PostgresConnection?
    private let logger: Logger
    let writing: Bool

    private init(connection: PostgresConnection, logger: Logger, writing: Bool) {
        self.connection = connection
        self.logger = logger
        self.writing = writing
    }

    /// Runs a body in a transaction: commits when it returns, rolls back when it throws.
    static func run<Value>(
        on connection: PostgresConnection,
        logger: Logger,
        writing: Bool,
        _ body: (Transaction) throws -> Value
    ) throws -> Value {
        let transaction = Transaction(connection: connection, logger: logger, writing: writing)
        defer { transaction.connection = nil }
        if writing {
            try transaction.execute("BEGIN ISOLATION LEVEL READ COMMITTED", operation: "begin")
            try transaction.execute(
                "SELECT pg_advisory_xact_lock(\(Self.writeLock))",
                operation: "take the write lock"
            )
        } else {
            try transaction.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", operation: "begin")
        }
        let value: Value
        do {
            value = try body(transaction)
        } catch {
            try? transaction.execute("ROLLBACK", operation: "roll back")
            throw error
        }
        try transaction.execute("COMMIT", operation: "commit")
        return value
    }

    // MARK: Statements

    /// Runs a statement and returns its rows and its count of changed rows.
    @discardableResult
    func query(_ query: PostgresQuery, operation: String) throws -> PostgresQueryResult {
        guard let connection else {
            throw TalkStorageError(.unavailable, operation: "\(operation) after the transaction ended")
        }
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            let code: TalkStorageError.Code =
                switch PostgresFailure.sqlState(error) {
                case "23505", "23P01": .conflict
                case "22P02", "22003", "22021", "23502", "23514": .invalidArgument
                default: .unavailable
                }
            throw TalkStorageError(code, operation: operation, underlying: PostgresFailure.redacted(error))
        }
    }

    func execute(_ sql: String, operation: String) throws {
        try query(PostgresQuery(unsafeSQL: sql), operation: operation)
    }

    /// Runs a statement in a savepoint, so that a constraint it breaks leaves the transaction usable.
    func guarded(_ statement: PostgresQuery, operation: String) throws -> PostgresQueryResult {
        try execute("SAVEPOINT guarded", operation: operation)
        do {
            let result = try query(statement, operation: operation)
            try execute("RELEASE SAVEPOINT guarded", operation: operation)
            return result
        } catch {
            try? execute("ROLLBACK TO SAVEPOINT guarded", operation: operation)
            throw error
        }
    }

    func checkLimit(_ limit: Int, _ operation: String) throws {
        guard connection != nil else {
            throw TalkStorageError(.unavailable, operation: "\(operation) after the transaction ended")
        }
        guard limit >= 0 else { throw TalkStorageError(.invalidArgument, operation: "\(operation): negative limit") }
    }

    func requireWriting(_ operation: String) throws {
        guard writing else { throw TalkStorageError(.invalidArgument, operation: "\(operation) in a read transaction") }
    }
}
