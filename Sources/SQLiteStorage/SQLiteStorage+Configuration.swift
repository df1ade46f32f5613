extension SQLiteStorage {
    /// How a ``SQLiteStorage`` opens its file.
    ///
    /// The defaults suit a server that must not lose an acknowledged webhook: every commit reaches the disk
    /// before ``SQLiteStorage/write(_:)`` returns.
    ///
    /// ```swift
    /// var configuration = SQLiteStorage.Configuration()
    /// configuration.busyTimeout = .seconds(10)
    /// let storage = try SQLiteStorage(path: "/var/lib/external-talk/talk.sqlite", configuration: configuration)
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// When SQLite waits for the disk (`PRAGMA synchronous`).
        @nonexhaustive
        public enum Synchronous: Sendable, Hashable {
            /// Each commit is flushed to the disk before it returns (`FULL`, the default): a transaction that
            /// committed survives a power loss or an operating-system crash.
            case full
            /// The write-ahead log is flushed only at checkpoints (`NORMAL`): commits are faster, and a commit
            /// still survives the process crashing, but the last transactions before a power loss or an
            /// operating-system crash can be rolled back when the file is next opened. In WAL mode the file is
            /// never corrupted by this; what is lost is lost whole, transaction by transaction.
            ///
            /// What that risks for ExternalTalk: an inbound event whose ledger entry was in a lost transaction is
            /// processed again if LINE redelivers it (W3), and an outbox entry whose progress was lost is attempted
            /// again from its last committed state, with the same retry key, which LINE answers as already
            /// accepted.
            case normal
        }

        /// When SQLite waits for the disk; ``Synchronous/full`` unless relaxed on purpose.
        public var synchronous: Synchronous
        /// How long a transaction waits for another process's lock on the file before failing with
        /// ``/TalkStorage/TalkStorageError/Code/unavailable``.
        public var busyTimeout: Duration

        /// Creates a configuration.
        /// - Parameters:
        ///   - synchronous: When SQLite waits for the disk; ``Synchronous/full`` by default.
        ///   - busyTimeout: How long to wait for a lock held by another process; 5 seconds by default.
        public init(synchronous: Synchronous = .full, busyTimeout: Duration = .seconds(5)) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
        }
    }
}

extension SQLiteStorage.Configuration.Synchronous {
    /// The value for `PRAGMA synchronous`.
    var pragmaValue: String {
        switch self {
        case .full: "FULL"
        case .normal: "NORMAL"
        }
    }
}

extension Duration {
    /// The duration in seconds, as GRDB's busy timeout takes it; negative durations count as none.
    var timeIntervalInSeconds: Double {
        let (seconds, attoseconds) = components
        return max(0, Double(seconds) + Double(attoseconds) / 1e18)
    }
}
