import TalkWire

/// Reads the channel's webhook settings: `GET /v2/bot/channel/webhook/endpoint` (R33).
public struct LineWebhookEndpointCall: LineAPICall {
    /// Creates the call.
    public init() {}

    /// `GET /v2/bot/channel/webhook/endpoint`.
    public var request: LineAPIRequest {
        LineAPIRequest(operation: "get webhook endpoint", method: .get, path: "/v2/bot/channel/webhook/endpoint")
    }

    /// Reads `endpoint` and `active`.
    /// - Parameter response: The 2xx answer.
    /// - Returns: The settings.
    /// - Throws: ``TalkTransportError/Code/invalidResponse`` when the body is not a JSON object.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> LineWebhookEndpoint {
        let object = try response.jsonObject(operation: request.operation)
        return LineWebhookEndpoint(
            endpoint: object["endpoint"]?.stringValue,
            isActive: object["active"]?.boolValue ?? false
        )
    }
}

/// A channel's webhook settings (R33 wants the webhook on and pointing at ExternalTalk).
public struct LineWebhookEndpoint: Sendable, Hashable {
    /// The webhook URL, when one is set.
    public var endpoint: String?
    /// Whether "Use webhook" is on.
    public var isActive: Bool

    /// Creates webhook settings.
    /// - Parameters:
    ///   - endpoint: The URL.
    ///   - isActive: Whether the webhook is on.
    public init(endpoint: String?, isActive: Bool) {
        self.endpoint = endpoint
        self.isActive = isActive
    }
}
