import PostgresNIO
import TalkStorage

/// The tables, as numbered migrations that are only ever appended to, in the storage's schema.
///
/// The columns are SQLite's (`SQLiteStorage`), with PostgreSQL's types: times are milliseconds since the epoch
/// in `BIGINT`, model values are JSON text exactly as encoded (sorted keys), bodies are `BYTEA`. Columns naming a
/// state have no `CHECK`: a later version may add a state; unknown names are refused when read, as
/// ``/TalkStorage/TalkStorageError/Code/corrupted``.
enum Schema {
    static let migrations: [(version: Int, sql: String)] = [
        (
            1,
            """
            -- W3: the primary key is what makes an inbound event count once.
            CREATE TABLE ledger (
                source TEXT NOT NULL,
                event_id TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                PRIMARY KEY (source, event_id)
            );

            -- Keys compare byte by byte (COLLATE "C"), as in SQLite, so cursors page in the same order.
            CREATE TABLE rooms (
                id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                channel TEXT,
                member TEXT,
                room TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                reply_token TEXT,
                reply_token_received_at BIGINT,
                awaiting_answer_since BIGINT
            );
            CREATE INDEX rooms_awaiting_answer ON rooms (awaiting_answer_since, id)
                WHERE awaiting_answer_since IS NOT NULL;

            -- A sequence number a host has seen is never given to another message.
            CREATE TABLE messages (
                sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                room TEXT NOT NULL,
                channel TEXT,
                direction TEXT NOT NULL,
                sender_kind TEXT NOT NULL,
                sender_id TEXT NOT NULL,
                sender_provider TEXT,
                operator_name TEXT,
                sent_at BIGINT NOT NULL,
                content_type TEXT NOT NULL,
                content BYTEA NOT NULL,
                text TEXT NOT NULL,
                state TEXT NOT NULL,
                state_reason TEXT,
                read_at BIGINT,
                external_id TEXT,
                mark_as_read_token TEXT,
                edited_at BIGINT,
                unsent_at BIGINT
            );
            CREATE INDEX messages_room ON messages (room, sequence);
            CREATE INDEX messages_channel ON messages (channel, sequence);

            CREATE TABLE outbox (
                ordinal BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT COLLATE "C" NOT NULL UNIQUE,
                message TEXT NOT NULL,
                room TEXT NOT NULL,
                destination_kind TEXT NOT NULL,
                destination_channel TEXT,
                destination_user TEXT,
                destination_peer TEXT,
                destination_member TEXT,
                retry_key TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                reply_token TEXT,
                reply_token_received_at BIGINT,
                reply_status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                last_error TEXT,
                request_ids TEXT NOT NULL,
                payload BYTEA NOT NULL
            );
            CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
            CREATE INDEX outbox_state ON outbox (state, ordinal);
            CREATE INDEX outbox_message ON outbox (message);

            -- Gap-free: write transactions are serialized, and each takes MAX(sequence) + 1.
            CREATE TABLE feed (
                sequence BIGINT NOT NULL PRIMARY KEY,
                kind TEXT NOT NULL,
                room TEXT,
                recorded_at BIGINT NOT NULL,
                payload BYTEA NOT NULL
            );

            -- R32: one counter per channel and month, added to by an upsert.
            CREATE TABLE quota (
                channel TEXT NOT NULL,
                month TEXT NOT NULL,
                used BIGINT NOT NULL,
                PRIMARY KEY (channel, month)
            );

            CREATE TABLE tickets (
                id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                room TEXT NOT NULL,
                channel TEXT,
                waiting_since BIGINT NOT NULL,
                opened_at BIGINT NOT NULL,
                closed_at BIGINT
            );
            -- R29: at most one open ticket per room, whoever races to open it.
            CREATE UNIQUE INDEX tickets_open_room ON tickets (room) WHERE closed_at IS NULL;

            CREATE TABLE tenant_policies (tenant TEXT NOT NULL PRIMARY KEY, policy TEXT NOT NULL);
            CREATE TABLE address_books (member TEXT COLLATE "C" NOT NULL PRIMARY KEY, book TEXT NOT NULL);
            CREATE TABLE customer_directories (tenant TEXT NOT NULL PRIMARY KEY, directory TEXT NOT NULL);
            CREATE TABLE chat_mode_settings (channel TEXT NOT NULL PRIMARY KEY, settings TEXT NOT NULL);
            """
        )
    ]

    /// Runs the migrations the schema lacks, in the caller's write transaction (which holds the write lock).
    static func migrate(_ transaction: Transaction) throws {
        do {
            try transaction.execute(
                """
                CREATE TABLE IF NOT EXISTS external_talk_migrations (
                    version INTEGER NOT NULL PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """,
                operation: "create the migrations table"
            )
            let applied = try transaction.query(
                "SELECT COALESCE(MAX(version), 0) FROM external_talk_migrations",
                operation: "read the schema version"
            )
            let current = try applied.rows.first?.decode(Int.self) ?? 0
            guard current <= migrations.last?.version ?? 0 else {
                throw TalkStorageError(
                    .migrationFailed,
                    operation: "open a schema at version \(current), newer than this library knows"
                )
            }
            for migration in migrations where migration.version > current {
                // One statement at a time: the extended query protocol takes one per query. No statement of a
                // migration has a semicolon inside it.
                for statement in migration.sql.split(separator: ";") {
                    let sql = statement.split(separator: "\n").filter {
                        !$0.trimmingPrefix(while: \.isWhitespace).hasPrefix("--")
                    }.joined(separator: "\n")
                    guard !sql.allSatisfy(\.isWhitespace) else { continue }
                    try transaction.execute(sql, operation: "migrate to version \(migration.version)")
                }
                try transaction.query(
                    "INSERT INTO external_talk_migrations (version) VALUES (\(migration.version))",
                    operation: "record version \(migration.version)"
                )
            }
        } catch let error as TalkStorageError where error.code != .migrationFailed {
            throw TalkStorageError(.migrationFailed, operation: "migrate", underlying: error)
        }
    }
}
