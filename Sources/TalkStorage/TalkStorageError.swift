/// A storage operation that failed: the one error type every ``TalkStorage`` throws for its own failures.
///
/// ``description`` names the operation and the code, never stored content. The underlying database error, if
/// any, is only in ``debugDescription``.
public struct TalkStorageError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong; new codes may be added in later versions, so `switch` statements need a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case conflict
            case notFound
            case corrupted
            case unavailable
            case invalidArgument
            case migrationFailed
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A unique key is already taken (an outbox entry's ID or retry key).
        public static let conflict = Code(.conflict)
        /// The row to update does not exist.
        public static let notFound = Code(.notFound)
        /// A stored value cannot be read back (a row edited by hand, a newer format).
        public static let corrupted = Code(.corrupted)
        /// The store cannot be reached or written (I/O, locks, a closed database).
        public static let unavailable = Code(.unavailable)
        /// An argument is out of range, such as a negative limit.
        public static let invalidArgument = Code(.invalidArgument)
        /// The schema could not be brought to the current version.
        public static let migrationFailed = Code(.migrationFailed)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// What was being done, such as `insert outbox entry`; never stored content.
    public let operation: String
    /// The database's error, for debugging.
    public let underlying: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - operation: What was being done.
    ///   - underlying: The database's error.
    public init(_ code: Code, operation: String, underlying: (any Error)? = nil) {
        self.code = code
        self.operation = operation
        self.underlying = underlying
    }

    /// The operation and the code.
    public var description: String { "TalkStorageError.\(code): \(operation)" }

    /// The description and the underlying error.
    public var debugDescription: String {
        guard let underlying else { return description }
        return "\(description) (underlying: \(String(reflecting: underlying)))"
    }
}
