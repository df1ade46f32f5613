@testable import TalkWire

/// Decodes a LINE webhook body given as text.
func decodeLine(_ text: String) throws(JSONDecodingError) -> LineWebhookBatch {
    try LineWebhookDecoder().decode(Array(text.utf8))
}

/// Decodes a body whose single event is `event`, wrapped in the usual envelope.
func decodeSingleEvent(_ event: String) throws(JSONDecodingError) -> LineWebhookEvent {
    let batch = try decodeLine(#"{"destination":"U58b2a2055bb55bcbb37d2f2a4276b0bd","events":["# + event + "]}")
    guard batch.events.count == 1 else {
        throw JSONDecodingError(code: .invalidJSON, byteOffset: 0, reason: "expected one event")
    }
    return batch.events[0]
}

/// Decodes the error a body throws, or `nil` when it decodes.
func decodingError(_ bytes: [UInt8], limits: WebhookDecodingLimits = .default) -> JSONDecodingError? {
    do {
        _ = try LineWebhookDecoder(limits: limits).decode(bytes)
        return nil
    } catch {
        return error
    }
}

/// The common fields of a LINE event, for building test events.
let commonFields =
    #""webhookEventId":"01KAJPTR000AQS1F2YE055GXKE","deliveryContext":{"isRedelivery":false},"timestamp":1763712000000,"source":{"type":"user","userId":"U0a1b2c3d4e5f60718293a4b5c6d7e8f9"},"mode":"active""#

extension LineWebhookEvent {
    /// The message of a message event, or `nil`.
    var message: LineMessage? {
        switch payload {
        case .message(let message), .messageEdited(let message): return message
        default: return nil
        }
    }

    /// The text content of a text message event, or `nil`.
    var textContent: LineTextContent? {
        if case .text(let text) = message?.content { return text }
        return nil
    }
}
