internal import GRDB
public import TalkStorage

/// A ``/TalkStorage/TalkStorage`` in one SQLite file: the embedded default, for a single server.
///
/// The file is opened in WAL mode through one GRDB `DatabasePool`, so reads run beside the one writer and see a
/// consistent state. Write transactions start `IMMEDIATE`: a writer takes the file's write lock before its first
/// statement, so two writers, even in two processes, never both read a state the other is about to change. Each
/// commit is flushed to the disk before ``write(_:)`` returns, unless ``Configuration/synchronous`` is relaxed.
///
/// The schema is brought up to date when the file is opened, by named migrations that are only ever appended to;
/// the file is never erased to rebuild it. The exactly-once keys are constraints in the schema: the ledger's
/// primary key (W3), the messages' unique ID, the outbox's unique ID and retry key, and the one open ticket per
/// room (R29).
///
/// ```swift
/// let storage = try SQLiteStorage(path: "/var/lib/external-talk/talk.sqlite")
/// let isNew = try await storage.write { transaction in
///     try transaction.insertLedgerEntry(LedgerKey(source: "line:1234567890", eventID: eventID), at: now)
/// }
/// ```
public final class SQLiteStorage: TalkStorage {
    /// The database file's path.
    public let path: String
    let pool: DatabasePool

    /// Opens a database file, creating it if needed, and brings its schema up to date.
    /// - Parameters:
    ///   - path: The file's path; its directory must exist. SQLite keeps the `-wal` and `-shm` files beside it.
    ///   - configuration: How to open it.
    /// - Throws: ``/TalkStorage/TalkStorageError`` with ``/TalkStorage/TalkStorageError/Code/unavailable`` when
    ///   the file cannot be opened, ``/TalkStorage/TalkStorageError/Code/corrupted`` when it is not a database,
    ///   and ``/TalkStorage/TalkStorageError/Code/migrationFailed`` when the schema cannot be brought up to date,
    ///   including when a newer version of the SDK has already migrated the file.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        var options = GRDB.Configuration()
        options.foreignKeysEnabled = true
        options.busyMode = .timeout(configuration.busyTimeout.timeIntervalInSeconds)
        let synchronous = configuration.synchronous.pragmaValue
        options.prepareDatabase { db in
            // Per connection; a constant from this module, never caller text.
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        self.path = path
        do {
            pool = try DatabasePool(path: path, configuration: options)
            // The pool turns on WAL after the preparation above and, with it, sets the writer connection to NORMAL;
            // the one connection that commits gets the configured level back here, before any transaction.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        } catch {
            throw StorageFailure.error(for: error, operation: "open database")
        }
        try Self.migrate(pool)
    }

    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Schema.migrator
        do {
            // Migrations are append-only, so a file that knows a migration we do not was written by a newer
            // version whose rows this one may misread.
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw TalkStorageError(
                    .migrationFailed,
                    operation: "migrate database: the file was migrated by a newer version"
                )
            }
            try migrator.migrate(pool)
        } catch let error as TalkStorageError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            throw TalkStorageError(.unavailable, operation: "migrate database", underlying: error)
        } catch {
            throw TalkStorageError(.migrationFailed, operation: "migrate database", underlying: error)
        }
    }

    /// Closes the database's connections; later transactions fail with
    /// ``/TalkStorage/TalkStorageError/Code/unavailable``.
    ///
    /// Closing is optional: the connections close when the storage is deallocated.
    /// - Throws: ``/TalkStorage/TalkStorageError`` when a connection cannot be closed.
    public func close() throws {
        do {
            try pool.close()
        } catch {
            throw StorageFailure.error(for: error, operation: "close database")
        }
    }

    /// Runs a read-write transaction: `BEGIN IMMEDIATE`, the body, then `COMMIT`, or `ROLLBACK` when it throws.
    /// - Parameter body: The work, run once on GRDB's writer queue. The writer it receives refuses use once the
    ///   transaction has ended.
    /// - Returns: What the body returned.
    /// - Throws: What the body threw, after rolling back; ``/TalkStorage/TalkStorageError`` when the transaction
    ///   cannot begin or commit; `CancellationError` when the task was cancelled before it began.
    public func write<Result: Sendable>(
        _ body: @Sendable (any TalkStorageWriter) throws -> Result
    ) async throws -> Result {
        do {
            return try await pool.write { db in
                let writer = Writer(db)
                defer { writer.close() }
                do {
                    return try body(writer)
                } catch {
                    throw BodyError(base: error)
                }
            }
        } catch let error as BodyError {
            throw error.base
        } catch {
            throw StorageFailure.error(for: error, operation: "write transaction")
        }
    }

    /// Runs a read-only transaction on one of the pool's reader connections, beside the writer.
    /// - Parameter body: The work. The reader it receives is not a ``/TalkStorage/TalkStorageWriter`` and
    ///   refuses use once the transaction has ended.
    /// - Returns: What the body returned.
    /// - Throws: What the body threw; ``/TalkStorage/TalkStorageError`` when no snapshot of the database can be
    ///   read; `CancellationError` when the task was cancelled before it began.
    public func read<Result: Sendable>(
        _ body: @Sendable (any TalkStorageReader) throws -> Result
    ) async throws -> Result {
        do {
            return try await pool.read { db in
                let reader = Reader(db)
                defer { reader.close() }
                do {
                    return try body(reader)
                } catch {
                    throw BodyError(base: error)
                }
            }
        } catch let error as BodyError {
            throw error.base
        } catch {
            throw StorageFailure.error(for: error, operation: "read transaction")
        }
    }
}

/// What a transaction body threw, told apart from what GRDB throws around it, so that it is rethrown unchanged.
private struct BodyError: Error {
    let base: any Error
}
