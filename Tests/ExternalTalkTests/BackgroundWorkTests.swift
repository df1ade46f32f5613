import ExternalTalk
import InMemoryLogging
import Logging
import Synchronization
import TalkModel
import TalkStorage
import Testing

/// A storage that refuses to start a transaction in a cancelled task, as the SQLite and PostgreSQL stores do
/// (GRDB and postgres-nio check for cancellation before they begin), and that can be told to fail outright.
final class CancellationCheckingStorage: TalkStorage {
    let base: InMemoryStorage
    private let failures = Atomic(false)

    init(base: InMemoryStorage) { self.base = base }

    /// Makes every later transaction fail with an unavailable storage.
    func startFailing() { failures.store(true, ordering: .relaxed) }

    private var failing: Bool { failures.load(ordering: .relaxed) }

    func write<Result: Sendable>(
        _ body: @Sendable (any TalkStorageWriter) throws -> Result
    ) async throws -> Result {
        try Task.checkCancellation()
        if failing { throw TalkStorageError(.unavailable, operation: "write") }
        return try await base.write(body)
    }

    func read<Result: Sendable>(
        _ body: @Sendable (any TalkStorageReader) throws -> Result
    ) async throws -> Result {
        try Task.checkCancellation()
        if failing { throw TalkStorageError(.unavailable, operation: "read") }
        return try await base.read(body)
    }
}

@Suite("Background work: failures are logged, a shutdown is not")
struct BackgroundWorkTests {
    private func engine(logs: InMemoryLogHandler) async throws -> (EngineHarness, CancellationCheckingStorage) {
        var logger = Logger(label: "ExternalTalk", factory: { _ in logs })
        logger.logLevel = .debug
        let storage = Mutex<CancellationCheckingStorage?>(nil)
        let engine = try await EngineHarness(
            unansweredDelay: .minutes(10),
            wrapStorage: { base in
                let wrapped = CancellationCheckingStorage(base: base)
                storage.withLock { $0 = wrapped }
                return wrapped
            },
            logger: logger
        )
        return (engine, try #require(storage.withLock { $0 }))
    }

    @Test("A tick in a cancelled task stops quietly: no error is logged for a shutdown")
    func cancelledTickLogsNoError() async throws {
        let logs = InMemoryLogHandler()
        let (engine, _) = try await engine(logs: logs)
        let tick = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await engine.service.runDueWork()
        }
        await tick.value
        #expect(logs.entries.filter { $0.level >= .warning }.isEmpty)
    }

    @Test("A storage failure in a tick is logged as an error naming the work, and the other work still runs")
    func failingTickLogsEachPiece() async throws {
        let logs = InMemoryLogHandler()
        let (engine, storage) = try await engine(logs: logs)
        storage.startFailing()
        await engine.service.runDueWork()
        let errors = logs.entries.filter { $0.level == .error }.map { "\($0.message)" }
        #expect(
            errors == [
                "outbox retries failed", "ticket timers failed", "trash purge failed",
                "chat-mode switching failed",
            ]
        )
    }
}
