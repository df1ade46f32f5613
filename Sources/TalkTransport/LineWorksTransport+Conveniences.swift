public import TalkWire

extension LineWorksTransport {
    /// Sends contents to a LINE WORKS user or channel, one request per message from ``/TalkWire/WorksMessageEncoder``.
    /// - Parameters:
    ///   - contents: What to send; LINE emoji go as text tokens (R14).
    ///   - botID: The sending bot.
    ///   - destination: The user or channel.
    /// - Returns: One receipt per message.
    /// - Throws: ``TalkTransportError``; ``TalkTransportError/Code/invalidRequest`` for content LINE WORKS
    ///   cannot take.
    public func sendToWorks(
        _ contents: [MessageContent],
        botID: String,
        destination: WorksSendRequest.Destination
    ) async throws -> [WorksSendReceipt] {
        let bodies: [[UInt8]]
        do {
            bodies = try WorksMessageEncoder().bodies(for: contents)
        } catch {
            throw TalkTransportError(.invalidRequest, operation: "send to LINE WORKS", message: "\(error)")
        }
        var receipts: [WorksSendReceipt] = []
        for body in bodies {
            receipts.append(try await send(try WorksSendRequest(botID: botID, destination: destination, body: body)))
        }
        return receipts
    }
}
