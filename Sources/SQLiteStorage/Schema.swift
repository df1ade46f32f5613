internal import GRDB

/// The tables, as named migrations that are only ever appended to.
///
/// A migration, once released, is never edited: a change to the schema is a new migration after the last, so
/// that every file, however old, reaches the same schema by running the ones it lacks. The migrator never erases
/// the database to rebuild it (`eraseDatabaseOnSchemaChange` stays off): the file holds
/// the only copy of the history and the ledger.
///
/// Every table is `STRICT`, so a value of the wrong type is refused when written rather than found when read.
/// ColumnReader holding the names of states (`direction`, `state`, `destination_kind`) have no `CHECK` on their
/// values: a later version may add a state, and SQLite cannot change a `CHECK` without rebuilding the table.
/// Unknown names are refused when read, as ``/TalkStorage/TalkStorageError/Code/corrupted``.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 ledger, rooms, messages, outbox, feed, quota, tickets, aggregates") { db in
            try createV1(db)
        }
        return migrator
    }

    private static func createV1(_ db: Database) throws {
        // W3: the primary key is what makes an inbound event count once; inserts use ON CONFLICT DO NOTHING and
        // read the number of rows changed.
        try db.execute(
            sql: """
                CREATE TABLE ledger (
                    source TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    PRIMARY KEY (source, event_id)
                ) STRICT, WITHOUT ROWID;

                CREATE TABLE rooms (
                    id TEXT NOT NULL PRIMARY KEY,
                    channel TEXT,
                    member TEXT,
                    room TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    reply_token TEXT,
                    reply_token_received_at INTEGER,
                    awaiting_answer_since INTEGER
                ) STRICT;
                -- R29: the rooms whose peer waits longest come first.
                CREATE INDEX rooms_awaiting_answer ON rooms (awaiting_answer_since, id)
                    WHERE awaiting_answer_since IS NOT NULL;

                -- AUTOINCREMENT: a sequence number a host has seen is never given to another message, even after
                -- rows are deleted.
                CREATE TABLE messages (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    room TEXT NOT NULL,
                    channel TEXT,
                    direction TEXT NOT NULL,
                    sender_kind TEXT NOT NULL,
                    sender_id TEXT NOT NULL,
                    sender_provider TEXT,
                    operator_name TEXT,
                    sent_at INTEGER NOT NULL,
                    content_type TEXT NOT NULL,
                    content BLOB NOT NULL,
                    text TEXT NOT NULL,
                    state TEXT NOT NULL,
                    state_reason TEXT,
                    read_at INTEGER,
                    external_id TEXT,
                    mark_as_read_token TEXT,
                    edited_at INTEGER,
                    unsent_at INTEGER
                ) STRICT;
                CREATE INDEX messages_room ON messages (room, sequence);
                CREATE INDEX messages_channel ON messages (channel, sequence);

                -- `ordinal` keeps creation order; a rowid that no column names could be renumbered by VACUUM.
                CREATE TABLE outbox (
                    ordinal INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    message TEXT NOT NULL,
                    room TEXT NOT NULL,
                    destination_kind TEXT NOT NULL,
                    destination_channel TEXT,
                    destination_user TEXT,
                    destination_peer TEXT,
                    destination_member TEXT,
                    retry_key TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    reply_token TEXT,
                    reply_token_received_at INTEGER,
                    reply_status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL,
                    last_error TEXT,
                    request_ids TEXT NOT NULL,
                    payload BLOB NOT NULL
                ) STRICT;
                CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
                CREATE INDEX outbox_state ON outbox (state, ordinal);
                CREATE INDEX outbox_message ON outbox (message);

                CREATE TABLE feed (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    room TEXT,
                    recorded_at INTEGER NOT NULL,
                    payload BLOB NOT NULL
                ) STRICT;

                -- R32: one counter per channel and month, added to by an upsert.
                CREATE TABLE quota (
                    channel TEXT NOT NULL,
                    month TEXT NOT NULL,
                    used INTEGER NOT NULL,
                    PRIMARY KEY (channel, month)
                ) STRICT, WITHOUT ROWID;

                CREATE TABLE tickets (
                    id TEXT NOT NULL PRIMARY KEY,
                    room TEXT NOT NULL,
                    channel TEXT,
                    waiting_since INTEGER NOT NULL,
                    opened_at INTEGER NOT NULL,
                    closed_at INTEGER
                ) STRICT;
                -- R29: at most one open ticket per room, whoever races to open it.
                CREATE UNIQUE INDEX tickets_open_room ON tickets (room) WHERE closed_at IS NULL;

                CREATE TABLE tenant_policies (
                    tenant TEXT NOT NULL PRIMARY KEY,
                    policy TEXT NOT NULL
                ) STRICT;

                CREATE TABLE address_books (
                    member TEXT NOT NULL PRIMARY KEY,
                    book TEXT NOT NULL
                ) STRICT;

                CREATE TABLE customer_directories (
                    tenant TEXT NOT NULL PRIMARY KEY,
                    directory TEXT NOT NULL
                ) STRICT;

                CREATE TABLE chat_mode_settings (
                    channel TEXT NOT NULL PRIMARY KEY,
                    settings TEXT NOT NULL
                ) STRICT;
                """
        )
    }
}
