import TalkModel
import TalkStorage

extension ExternalTalkService {
    /// The host's events after a cursor, as an endless sequence that waits for new ones.
    ///
    /// The sequence reads the stored feed, so a host that restarts and passes the cursor of the last event it
    /// handled misses nothing and sees nothing twice. It ends when the task iterating it is cancelled. Events
    /// stored by this process wake it at once; events stored by another process sharing the storage are seen
    /// within `pollInterval`.
    /// - Parameters:
    ///   - cursor: The ``TalkEvent/cursor`` of the last event handled; 0 for the beginning.
    ///   - pollInterval: How often to look for events written by other processes.
    /// - Returns: The events, in order.
    public func events(after cursor: Int64 = 0, pollInterval: Duration = .seconds(1)) -> TalkEventFeed {
        TalkEventFeed(service: self, cursor: cursor, pollInterval: pollInterval)
    }

    /// The events after a cursor that are stored now, without waiting.
    /// - Parameters:
    ///   - cursor: The cursor of the last event handled.
    ///   - limit: The most to return.
    /// - Returns: The events, in order.
    /// - Throws: A storage error.
    public func storedEvents(after cursor: Int64 = 0, limit: Int = 500) async throws -> [TalkEvent] {
        try await storage.read { try $0.feedEntries(after: cursor, limit: limit) }.map(TalkEvent.init)
    }
}

/// The host's event feed: an `AsyncSequence` of ``TalkEvent`` read from storage with a cursor.
public struct TalkEventFeed: AsyncSequence, Sendable {
    /// The element.
    public typealias Element = TalkEvent

    let service: ExternalTalkService
    let cursor: Int64
    let pollInterval: Duration

    /// Makes an iterator starting after the feed's cursor.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> Iterator {
        Iterator(service: service, cursor: cursor, pollInterval: pollInterval)
    }

    /// Reads a page at a time and waits when it has caught up.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let service: ExternalTalkService
        var cursor: Int64
        let pollInterval: Duration
        var buffer: [TalkEvent] = []
        var position = 0

        /// The next event, waiting for one if needed; `nil` once the task is cancelled.
        /// - Returns: The event.
        /// - Throws: A storage error.
        public mutating func next() async throws -> TalkEvent? {
            while true {
                if position < buffer.count {
                    let event = buffer[position]
                    position += 1
                    cursor = event.cursor
                    return event
                }
                if Task.isCancelled { return nil }
                let seen = service.feedSignal.current
                buffer = try await service.storedEvents(after: cursor, limit: 256)
                position = 0
                if buffer.isEmpty {
                    await service.feedSignal.wait(after: seen, timeout: pollInterval)
                }
            }
        }
    }
}
