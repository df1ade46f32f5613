public import TalkStorage

/// Runs ExternalTalk's storage contract against a storage: the behaviour every ``/TalkStorage/TalkStorage`` must
/// show, written once so that ``/TalkStorage/InMemoryStorage``, `SQLiteStorage`, a PostgreSQL store and an
/// adopter's own store are held to the same semantics.
///
/// Each ``StorageConformanceCheck`` asks the factory for a fresh, empty store, drives it through
/// ``/TalkStorage/TalkStorage/write(_:)`` and ``/TalkStorage/TalkStorage/read(_:)``, and compares what it reads
/// back with what it wrote. After the check, passed or failed, the teardown (if any) gets the store, to close it
/// or delete its files.
///
/// No test framework is needed; a failing check throws ``StorageConformanceFailure`` naming the check and the
/// expectation. With Swift Testing, one test per check:
///
/// ```swift
/// import TalkStorageConformance
/// import Testing
///
/// let conformance = StorageConformance { try await MyStorage.temporary() }
///
/// @Test(arguments: StorageConformanceCheck.all.map(\.name))
/// func myStorageConforms(_ check: String) async throws {
///     try await conformance.run(check)
/// }
/// ```
///
/// or all of them at once, with ``run(checks:_:teardown:)``.
public struct StorageConformance: Sendable {
    /// Makes a fresh, empty store for one check.
    public typealias Factory = @Sendable () async throws -> any TalkStorage
    /// Releases a store after its check.
    public typealias Teardown = @Sendable (any TalkStorage) async throws -> Void

    /// The checks ``run(_:)`` finds by name and ``runAll()`` runs, in order.
    public let checks: [StorageConformanceCheck]
    private let factory: Factory
    private let teardown: Teardown?

    /// Creates a runner.
    /// - Parameters:
    ///   - checks: The checks; every check by default.
    ///   - factory: Makes a fresh, empty store for each check.
    ///   - teardown: Releases a store after its check, whether it passed or not; nothing by default.
    public init(
        checks: [StorageConformanceCheck] = StorageConformanceCheck.all,
        _ factory: @escaping Factory,
        teardown: Teardown? = nil
    ) {
        self.checks = checks
        self.factory = factory
        self.teardown = teardown
    }

    /// Runs one check on a fresh store.
    /// - Parameter check: The check.
    /// - Throws: ``StorageConformanceFailure`` when the storage does not behave as the check expects, or the
    ///   factory or the teardown fails.
    public func run(_ check: StorageConformanceCheck) async throws(StorageConformanceFailure) {
        let storage: any TalkStorage
        do {
            storage = try await factory()
        } catch {
            throw StorageConformanceFailure(
                .setUpFailed,
                check: check.name,
                expectation: "the factory makes a store",
                underlying: error
            )
        }
        var failure: StorageConformanceFailure?
        do {
            try await check.body(StorageConformanceContext(check: check.name, storage: storage))
        } catch let error as StorageConformanceFailure {
            failure = error
        } catch {
            failure = StorageConformanceFailure(
                .unexpectedError,
                check: check.name,
                expectation: "the check runs without an unexpected error",
                underlying: error
            )
        }
        if let teardown {
            do {
                try await teardown(storage)
            } catch {
                // The check's own failure says more than its teardown's.
                failure =
                    failure
                    ?? StorageConformanceFailure(
                        .tearDownFailed,
                        check: check.name,
                        expectation: "the teardown releases the store",
                        underlying: error
                    )
            }
        }
        if let failure { throw failure }
    }

    /// Runs the check with a given name.
    /// - Parameter name: The check's ``StorageConformanceCheck/name``, one of ``checks``.
    /// - Throws: ``StorageConformanceFailure``; ``StorageConformanceFailure/Code/unknownCheck`` when no check
    ///   has the name.
    public func run(_ name: String) async throws(StorageConformanceFailure) {
        guard let check = checks.first(where: { $0.name == name }) else {
            throw StorageConformanceFailure(.unknownCheck, check: name, expectation: "a check with this name exists")
        }
        try await run(check)
    }

    /// Runs every check, one after the other, each on a fresh store.
    /// - Returns: The names of the checks that passed and the failures of the others, in order.
    public func runAll() async -> StorageConformanceReport {
        var passed: [String] = []
        var failures: [StorageConformanceFailure] = []
        for check in checks {
            do {
                try await run(check)
                passed.append(check.name)
            } catch {
                failures.append(error)
            }
        }
        return StorageConformanceReport(passed: passed, failures: failures)
    }

    /// Runs checks against a storage in one call.
    ///
    /// ```swift
    /// let report = await StorageConformance.run { try await MyStorage.temporary() }
    /// #expect(report.failures.isEmpty, "\(report)")
    /// ```
    /// - Parameters:
    ///   - checks: The checks; every check by default.
    ///   - factory: Makes a fresh, empty store for each check.
    ///   - teardown: Releases a store after its check.
    /// - Returns: What passed and what failed.
    public static func run(
        checks: [StorageConformanceCheck] = StorageConformanceCheck.all,
        _ factory: @escaping Factory,
        teardown: Teardown? = nil
    ) async -> StorageConformanceReport {
        await StorageConformance(checks: checks, factory, teardown: teardown).runAll()
    }
}

/// What a run of several checks found.
public struct StorageConformanceReport: Sendable, CustomStringConvertible {
    /// The names of the checks that passed, in order.
    public let passed: [String]
    /// The failures of the other checks, in order.
    public let failures: [StorageConformanceFailure]

    /// Creates a report.
    /// - Parameters:
    ///   - passed: The checks that passed.
    ///   - failures: The failures of the others.
    public init(passed: [String], failures: [StorageConformanceFailure]) {
        self.passed = passed
        self.failures = failures
    }

    /// Whether every check passed.
    public var conforms: Bool { failures.isEmpty }

    /// The counts, then one line per failure.
    public var description: String {
        var lines = ["\(passed.count + failures.count) checks: \(passed.count) passed, \(failures.count) failed"]
        lines += failures.map { "- \($0)" }
        return lines.joined(separator: "\n")
    }
}
