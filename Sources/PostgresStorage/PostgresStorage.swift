import Foundation
public import Logging
import NIOCore
import PostgresNIO
import Synchronization
public import TalkStorage

/// A ``/TalkStorage/TalkStorage`` on one PostgreSQL database, for several server instances that share it.
///
/// ```swift
/// let storage = try await PostgresStorage.connect(
///     PostgresStorage.Configuration(url: "postgres://talk@127.0.0.1:5432/talk")
/// )
/// defer { Task { await storage.close() } }
/// ```
///
/// **Transactions.** Every write transaction takes one transaction-scoped advisory lock before its first
/// statement, so write transactions are serialized across every instance on the database, as the storage
/// contract says they must be: a body that reads a room and saves it sees every commit made before it, whichever
/// instance made it. Exactly-once still rests on constraints, not on the lock: the ledger's primary key, the
/// messages' unique ID, the outbox's unique retry key and the partial unique index on open tickets, each inserted
/// with `ON CONFLICT DO NOTHING`. Read transactions run `REPEATABLE READ READ ONLY` and take no lock.
///
/// **Threads.** Transaction bodies are synchronous (see ``/TalkStorage/TalkStorage``); each one runs on a thread of
/// the storage's own thread pool, which waits for each statement's answer. No body runs on an event loop or on the
/// Swift concurrency pool. Writes share one connection and reads a small set of others.
///
/// **Schema.** Tables live in the configured schema (`public` unless told), created by numbered migrations that
/// are only ever appended to, run at connect under the same advisory lock, so that two instances starting at once
/// migrate once.
public final class PostgresStorage: TalkStorage, Sendable {
    /// Where the database is and how to reach it.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// The server's host name or address.
        public var host: String
        /// The server's port.
        public var port: Int
        /// The user to connect as.
        public var username: String
        /// The password, if the server asks for one.
        public var password: String?
        /// The database.
        public var database: String
        /// The schema that holds the tables; created when missing. `public` by default.
        public var schema: String
        /// Connections kept for read transactions.
        public var readConnections: Int

        /// Creates a configuration.
        /// - Parameters:
        ///   - host: The host.
        ///   - port: The port.
        ///   - username: The user.
        ///   - password: The password.
        ///   - database: The database.
        ///   - schema: The schema for the tables.
        ///   - readConnections: Connections for reads, at least 1.
        public init(
            host: String,
            port: Int = 5432,
            username: String,
            password: String? = nil,
            database: String,
            schema: String = "public",
            readConnections: Int = 2
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.schema = schema
            self.readConnections = readConnections
        }

        /// Reads `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]`.
        /// - Parameter url: The URL.
        /// - Throws: ``/TalkStorage/TalkStorageError/Code/invalidArgument``, naming the part that is wrong and never
        ///   the password.
        public init(url: String) throws(TalkStorageError) {
            func refuse(_ reason: String) -> TalkStorageError {
                TalkStorageError(.invalidArgument, operation: "read PostgreSQL URL: \(reason)")
            }
            guard let components = URLComponents(string: url) else { throw refuse("it is not a URL") }
            guard components.scheme == "postgres" || components.scheme == "postgresql" else {
                throw refuse("the scheme is not postgres://")
            }
            guard let host = components.host, !host.isEmpty else { throw refuse("it names no host") }
            guard let user = components.user, !user.isEmpty else { throw refuse("it names no user") }
            let database = String(components.path.drop(while: { $0 == "/" }))
            guard !database.isEmpty, !database.contains("/") else { throw refuse("it names no database") }
            let schema = components.queryItems?.first(where: { $0.name == "schema" })?.value ?? "public"
            guard Self.isIdentifier(schema) else { throw refuse("the schema is not a plain identifier") }
            self.init(
                host: host,
                port: components.port ?? 5432,
                username: user,
                password: components.password,
                database: database,
                schema: schema
            )
        }

        /// `postgres://user@host:port/database`, without the password.
        public var description: String { "postgres://\(username)@\(host):\(port)/\(database)?schema=\(schema)" }

        static func isIdentifier(_ text: String) -> Bool {
            guard let first = text.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else {
                return false
            }
            return text.count <= 63
                && text.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    /// Where the storage is connected.
    public let configuration: Configuration
    /// The schema that holds the tables.
    public var schema: String { configuration.schema }
    let logger: Logger
    private let writeQueue = DispatchQueue(label: "ExternalTalk.PostgresStorage.write")
    private let readQueue = DispatchQueue(label: "ExternalTalk.PostgresStorage.read", attributes: .concurrent)
    private let closed = Atomic<Bool>(false)
    private let writer: ConnectionSlot
    private let readers: [ConnectionSlot]
    private let nextReader = Atomic<Int>(0)

    private init(
        configuration: Configuration,
        logger: Logger,
        writer: PostgresConnection,
        readers: [PostgresConnection]
    ) {
        self.configuration = configuration
        self.logger = logger
        self.writer = ConnectionSlot(writer)
        self.readers = readers.map { ConnectionSlot($0) }
    }

    /// Connects, creates the schema and tables that are missing, and returns the storage.
    /// - Parameters:
    ///   - configuration: Where the database is.
    ///   - logger: Where connection events are logged; statements are not logged.
    /// - Throws: ``/TalkStorage/TalkStorageError/Code/unavailable`` when the server cannot be reached or refuses the
    ///   login, ``/TalkStorage/TalkStorageError/Code/migrationFailed`` when the schema cannot be brought up to date.
    public static func connect(
        _ configuration: Configuration,
        logger: Logger = Logger(label: "ExternalTalk.PostgresStorage")
    ) async throws -> PostgresStorage {
        guard Configuration.isIdentifier(configuration.schema) else {
            throw TalkStorageError(.invalidArgument, operation: "connect: the schema is not a plain identifier")
        }
        let readerCount = max(1, configuration.readConnections)
        var opened: [PostgresConnection] = []
        do {
            for index in 0...readerCount {
                opened.append(try await open(configuration, id: index, logger: logger))
            }
        } catch {
            for connection in opened { try? await connection.close().get() }
            throw TalkStorageError(
                .unavailable,
                operation: "connect to \(configuration.host):\(configuration.port)/\(configuration.database)",
                underlying: PostgresFailure.redacted(error)
            )
        }
        let storage = PostgresStorage(
            configuration: configuration,
            logger: logger,
            writer: opened[0],
            readers: Array(opened.dropFirst())
        )
        do {
            try await storage.migrate()
        } catch {
            await storage.close()
            throw error
        }
        return storage
    }

    private static func open(
        _ configuration: Configuration,
        id: Int,
        logger: Logger
    ) async throws
        -> PostgresConnection
    {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host,
                port: configuration.port,
                username: configuration.username,
                password: configuration.password,
                database: configuration.database,
                tls: .disable
            ),
            id: id,
            logger: logger
        )
        do {
            try await connection.query(
                PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(configuration.schema)"),
                logger: logger
            )
        } catch {
            // Two instances creating the same schema at once: one of them loses the race on the catalog.
            let state = (error as? PSQLError)?.serverInfo?[.sqlState]
            guard state == "23505" || state == "42P06" else { throw error }
        }
        try await connection.query(
            PostgresQuery(unsafeSQL: "SET search_path TO \(configuration.schema)"),
            logger: logger
        )
        return connection
    }

    /// Closes the connections and stops the storage's threads. Transactions started afterwards fail with
    /// ``/TalkStorage/TalkStorageError/Code/unavailable``.
    public func close() async {
        closed.store(true, ordering: .releasing)
        for slot in [writer] + readers { try? await slot.connection.close().get() }
    }

    // MARK: TalkStorage

    public func write<Result: Sendable>(
        _ body: @Sendable (any TalkStorageWriter) throws -> Result
    ) async throws -> Result {
        try await onThread(writeQueue, slot: writer, writing: true) { try body($0) }
    }

    public func read<Result: Sendable>(
        _ body: @Sendable (any TalkStorageReader) throws -> Result
    ) async throws -> Result {
        let slot = readers[nextReader.add(1, ordering: .relaxed).oldValue % readers.count]
        return try await onThread(readQueue, slot: slot, writing: false) { try body($0) }
    }

    /// Runs a transaction body on one of the storage's own threads, which block on each statement, and carries
    /// its result or error back to the awaiting task.
    ///
    /// The body is not escaping: it runs, and every reference the dispatched block holds to it is dropped,
    /// before the task resumes.
    private func onThread<Result: Sendable>(
        _ queue: DispatchQueue,
        slot: ConnectionSlot,
        writing: Bool,
        _ body: (Transaction) throws -> Result
    ) async throws -> Result {
        guard !closed.load(ordering: .acquiring) else {
            throw TalkStorageError(.unavailable, operation: "use the storage after close")
        }
        let logger = self.logger
        return try await withoutActuallyEscaping(body) { body in
            let handoff = BodyHandoff(body)
            return try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    let result = handoff.run { body in
                        try slot.withLock { connection in
                            try Transaction.run(on: connection, logger: logger, writing: writing, body)
                        }
                    }
                    continuation.resume(with: result)
                }
            }
        }
    }

    // MARK: Migrations

    private func migrate() async throws {
        try await onThread(writeQueue, slot: writer, writing: true) { try Schema.migrate($0) }
    }
}

/// One connection, used by one transaction at a time.
private final class ConnectionSlot: Sendable {
    let connection: PostgresConnection
    private let inUse = Mutex(())

    init(_ connection: PostgresConnection) { self.connection = connection }

    func withLock<Value>(_ body: (PostgresConnection) throws -> Value) throws -> Value {
        try inUse.withLock { _ in try body(connection) }
    }
}

/// Hands a non-escaping transaction body to the storage's thread and lets go of it after the one run.
private final class BodyHandoff<Value>: @unchecked Sendable {
    // Set once, read and cleared once, by the one dispatched block; the awaiting task resumes after that.
    private var body: ((Transaction) throws -> Value)?

    init(_ body: @escaping (Transaction) throws -> Value) { self.body = body }

    func run(_ work: ((Transaction) throws -> Value) throws -> Value) -> Result<Value, any Error> {
        guard let body else {
            return .failure(TalkStorageError(.unavailable, operation: "run a transaction body twice"))
        }
        self.body = nil
        return Result { try work(body) }
    }
}
