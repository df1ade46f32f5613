import Logging
public import ServiceLifecycle
import TalkModel

extension ExternalTalkService: Service {
    /// Runs the background work until the task is cancelled or the service group shuts down gracefully:
    /// outbox retries with each entry's stored retry key, tickets for unanswered chats (R29), the 30-day trash
    /// purge (R23) and chat-mode switching (R19).
    ///
    /// Each tick does what is due and logs, rather than throws, a failure, so that one bad tick does not stop the
    /// loop. Run it in a `ServiceGroup`, or in a task of your own.
    /// - Throws: Only a failure to prepare the storage at start.
    public func run() async throws {
        try await prepare()
        let interval = Duration.milliseconds(configuration.backgroundInterval.milliseconds)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.runDueWork()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Does every piece of background work that is due now, once. ``run()`` calls it each tick; tests on a manual
    /// clock call it after advancing the clock.
    ///
    /// A cancelled task stops between pieces of work and is not logged as a failure: shutting down in the middle
    /// of a tick is the normal end of ``run()``, and whatever a piece had not committed is done on the next start.
    public func runDueWork() async {
        await attempt("outbox retries failed") { try await self.deliverDueEntries(limit: 256) }
        await attempt("ticket timers failed") { try await self.openDueTickets() }
        await attempt("trash purge failed") { try await self.purgeExpiredContacts() }
        await attempt("chat-mode switching failed") { try await self.publishChatModeSwitches() }
    }

    private func attempt(_ failure: Logger.Message, _ work: () async throws -> Void) async {
        guard !Task.isCancelled else { return }
        do {
            try await work()
        } catch is CancellationError {
            return
        } catch {
            if Task.isCancelled {
                logger.debug("background work stopped by cancellation", metadata: ["error": "\(error)"])
            } else {
                logger.error(failure, metadata: ["error": "\(error)"])
            }
        }
    }
}
