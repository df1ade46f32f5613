import ExternalTalk
import Synchronization

/// Applies concurrent LINE webhooks in shared storage transactions (group commit).
///
/// A request verifies and decodes its own delivery, in its own task, so that this work runs in parallel; only a
/// verified webhook is handed over, and its request waits. While no batch is being stored, the first delivery starts one
/// at once; deliveries that arrive while a batch is being stored wait for the next one, which takes all of them
/// (up to ``maximumBatch``). So an idle server answers a lone webhook after one commit, and a busy one pays one
/// durable commit for many requests, each answered only after the commit that holds its events.
final class WebhookGroupCommit: Sendable {
    private struct Waiting: Sendable {
        var webhook: VerifiedLineWebhook
        var continuation: CheckedContinuation<WebhookOutcome, Never>
    }

    private struct State: Sendable {
        var queue: [Waiting] = []
        var draining = false
    }

    private let service: ExternalTalkService
    private let state = Mutex(State())
    /// The most deliveries stored in one transaction.
    let maximumBatch: Int

    init(service: ExternalTalkService, maximumBatch: Int) {
        self.service = service
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Stores a delivery in the next group commit and returns its outcome once that commit is done.
    func submit(_ delivery: LineWebhookDelivery) async -> WebhookOutcome {
        let webhook: VerifiedLineWebhook
        switch service.verifyLineWebhook(delivery) {
        case .verified(let verified): webhook = verified
        case .refused(let outcome): return outcome
        }
        return await withCheckedContinuation { continuation in
            let starts = state.withLock { state in
                state.queue.append(Waiting(webhook: webhook, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            // The drain is not tied to any one request: it ends as soon as the queue is empty, and every
            // waiting request is resumed by it, so cancelling a request cannot strand the others.
            if starts { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let count = min(state.queue.count, maximumBatch)
                guard count > 0 else {
                    state.draining = false
                    return []
                }
                let batch = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return batch
            }
            guard !batch.isEmpty else { return }
            let outcomes = await service.storeLineWebhooks(batch.map(\.webhook))
            for (waiting, outcome) in zip(batch, outcomes) {
                waiting.continuation.resume(returning: outcome)
            }
        }
    }
}
