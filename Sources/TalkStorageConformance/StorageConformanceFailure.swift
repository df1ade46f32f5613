/// Why a storage failed a check.
///
/// ``description`` names the check, the code and the expectation; values the check compared are shortened, so
/// a failure never prints a whole 64 KiB message.
public struct StorageConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; new codes may be added in later versions, so `switch` statements need a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case expectationFailed, unexpectedError, setUpFailed, tearDownFailed, unknownCheck
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The storage behaved differently from what the check expects.
        public static let expectationFailed = Code(.expectationFailed)
        /// The check stopped on an error it did not expect, from the storage.
        public static let unexpectedError = Code(.unexpectedError)
        /// The factory could not make a store.
        public static let setUpFailed = Code(.setUpFailed)
        /// The check passed, but the teardown failed.
        public static let tearDownFailed = Code(.tearDownFailed)
        /// No check has the name asked for.
        public static let unknownCheck = Code(.unknownCheck)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The check's name.
    public var check: String
    /// What was expected, such as `second insert of the key == false`.
    public var expectation: String
    /// The line of the expectation in TalkStorageConformance's source, when it is one.
    public var line: Int?
    /// The error that stopped the check, for ``Code/unexpectedError``, ``Code/setUpFailed`` and
    /// ``Code/tearDownFailed``, or the wrong error a call threw.
    public var underlying: (any Error)?

    /// Creates a failure.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - check: The check's name.
    ///   - expectation: What was expected.
    ///   - line: Where the expectation is.
    ///   - underlying: The error involved, if any.
    public init(
        _ code: Code,
        check: String,
        expectation: String,
        line: Int? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.check = check
        self.expectation = expectation
        self.line = line
        self.underlying = underlying
    }

    /// The check, the code, the expectation and the error, if any.
    public var description: String {
        var text = "\(check): \(code): expected \(expectation)"
        if let line { text += " (line \(line))" }
        if let underlying { text += "; got \(underlying)" }
        return text
    }
}
