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
    public func runDueWork() async {
        do {
            try await deliverDueEntries(limit: 256)
        } catch {
            logger.error("outbox retries failed", metadata: ["error": "\(error)"])
        }
        do {
            try await openDueTickets()
        } catch {
            logger.error("ticket timers failed", metadata: ["error": "\(error)"])
        }
        do {
            try await purgeExpiredContacts()
        } catch {
            logger.error("trash purge failed", metadata: ["error": "\(error)"])
        }
        do {
            try await publishChatModeSwitches()
        } catch {
            logger.error("chat-mode switching failed", metadata: ["error": "\(error)"])
        }
    }
}
