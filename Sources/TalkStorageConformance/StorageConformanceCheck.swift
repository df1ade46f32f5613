public import TalkStorage

/// One behaviour a storage must show.
///
/// The lists group the checks by what they cover: ``transactions``, ``ledger``, ``rooms``, ``messages``,
/// ``outbox``, ``feed``, ``quota``, ``tickets``, ``aggregates`` and ``limits``; ``all`` holds every check.
/// Names are sentences; a rule ID from the product rules leads where the check proves one, as in
/// `W3 ledger: concurrent duplicates are recorded once`.
public struct StorageConformanceCheck: Sendable, CustomStringConvertible {
    /// The check's name, unique among ``all``.
    public let name: String
    let body: @Sendable (StorageConformanceContext) async throws -> Void

    /// Creates a check.
    /// - Parameters:
    ///   - name: The name.
    ///   - body: Drives the store and inspects it; throws ``StorageConformanceFailure`` on a mismatch.
    public init(_ name: String, _ body: @escaping @Sendable (StorageConformanceContext) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// The name.
    public var description: String { name }

    /// Every check.
    public static var all: [StorageConformanceCheck] {
        transactions + ledger + rooms + messages + outbox + feed + quota + tickets + aggregates + limits
    }
}

/// What a check body works with: the store under test and expectations that throw
/// ``StorageConformanceFailure``.
public struct StorageConformanceContext: Sendable {
    /// The running check's name.
    public let check: String
    /// The store under test, fresh and empty when the check starts.
    public let storage: any TalkStorage

    /// Creates a context.
    /// - Parameters:
    ///   - check: The check's name.
    ///   - storage: The store under test.
    public init(check: String, storage: any TalkStorage) {
        self.check = check
        self.storage = storage
    }

    /// Fails the check unless a condition holds.
    /// - Parameters:
    ///   - condition: What must hold.
    ///   - expectation: The condition as text, for the failure.
    ///   - line: Where the expectation is.
    /// - Throws: ``StorageConformanceFailure`` with ``StorageConformanceFailure/Code/expectationFailed``.
    public func expect(_ condition: Bool, _ expectation: String, line: Int = #line) throws(StorageConformanceFailure) {
        guard condition else {
            throw StorageConformanceFailure(.expectationFailed, check: check, expectation: expectation, line: line)
        }
    }

    /// Fails the check unless a value equals the one expected; the failure shows both, shortened.
    /// - Parameters:
    ///   - actual: What the store gave.
    ///   - expected: What it should have given.
    ///   - what: What the value is, for the failure.
    ///   - line: Where the expectation is.
    /// - Throws: ``StorageConformanceFailure`` with ``StorageConformanceFailure/Code/expectationFailed``.
    public func expect<Value: Equatable>(
        _ actual: Value,
        equals expected: Value,
        _ what: String,
        line: Int = #line
    ) throws(StorageConformanceFailure) {
        guard actual == expected else {
            throw StorageConformanceFailure(
                .expectationFailed,
                check: check,
                expectation: "\(what) == \(Self.shortened(expected)), not \(Self.shortened(actual))",
                line: line
            )
        }
    }

    /// Unwraps a value the check needs, or fails it.
    /// - Parameters:
    ///   - value: The value.
    ///   - expectation: What it is, for the failure.
    ///   - line: Where the expectation is.
    /// - Returns: The value.
    /// - Throws: ``StorageConformanceFailure`` when it is `nil`.
    public func require<Value>(
        _ value: Value?,
        _ expectation: String,
        line: Int = #line
    ) throws(StorageConformanceFailure) -> Value {
        guard let value else {
            throw StorageConformanceFailure(.expectationFailed, check: check, expectation: expectation, line: line)
        }
        return value
    }

    /// The ``/TalkStorage/TalkStorageError`` a call throws, or a failure if it succeeds or throws anything else.
    /// - Parameters:
    ///   - code: The code the error must have.
    ///   - what: The call, for the failure.
    ///   - line: Where the expectation is.
    ///   - body: The call.
    /// - Returns: The error.
    /// - Throws: ``StorageConformanceFailure``.
    @discardableResult
    public func storageError(
        _ code: TalkStorageError.Code,
        _ what: String,
        line: Int = #line,
        _ body: () async throws -> some Any
    ) async throws(StorageConformanceFailure) -> TalkStorageError {
        let expectation = "\(what) throws TalkStorageError.\(code)"
        do {
            _ = try await body()
        } catch let error as TalkStorageError where error.code == code {
            return error
        } catch let failure as StorageConformanceFailure {
            throw failure
        } catch {
            throw StorageConformanceFailure(
                .expectationFailed,
                check: check,
                expectation: expectation,
                line: line,
                underlying: error
            )
        }
        throw StorageConformanceFailure(.expectationFailed, check: check, expectation: expectation, line: line)
    }

    /// The ``/TalkStorage/TalkStorageError`` a synchronous call inside a transaction throws, or a failure.
    /// - Parameters:
    ///   - code: The code the error must have.
    ///   - what: The call, for the failure.
    ///   - line: Where the expectation is.
    ///   - body: The call.
    /// - Returns: The error.
    /// - Throws: ``StorageConformanceFailure``.
    @discardableResult
    public func storageError(
        _ code: TalkStorageError.Code,
        _ what: String,
        line: Int = #line,
        inTransaction body: () throws -> some Any
    ) throws(StorageConformanceFailure) -> TalkStorageError {
        let expectation = "\(what) throws TalkStorageError.\(code)"
        do {
            _ = try body()
        } catch let error as TalkStorageError where error.code == code {
            return error
        } catch let failure as StorageConformanceFailure {
            throw failure
        } catch {
            throw StorageConformanceFailure(
                .expectationFailed,
                check: check,
                expectation: expectation,
                line: line,
                underlying: error
            )
        }
        throw StorageConformanceFailure(.expectationFailed, check: check, expectation: expectation, line: line)
    }

    static func shortened(_ value: some Any) -> String {
        let text = String(describing: value)
        guard text.count > 240 else { return text }
        return "\(text.prefix(240))… (\(text.count) characters)"
    }
}
