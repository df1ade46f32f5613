import TalkWire

/// Asks LINE to send a test webhook: `POST /v2/bot/channel/webhook/test` (R33).
///
/// LINE posts an empty-events webhook to the endpoint and reports what the endpoint answered. A failed test is
/// a successful call whose result has ``LineWebhookTestResult/isSuccess`` `false`.
public struct LineWebhookTestCall: LineAPICall {
    /// The URL to test, or `nil` for the configured endpoint.
    public let endpoint: String?

    /// Creates the call.
    /// - Parameter endpoint: The URL to test; `nil` tests the configured one.
    public init(endpoint: String? = nil) {
        self.endpoint = endpoint
    }

    /// `POST /v2/bot/channel/webhook/test`; it only sends a test event, so repeating it is harmless.
    public var request: LineAPIRequest {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.beginObject()
        writer.optionalField("endpoint", endpoint)
        writer.endObject()
        return LineAPIRequest(
            operation: "test webhook endpoint",
            method: .post,
            path: "/v2/bot/channel/webhook/test",
            body: writer.bytes,
            idempotency: .idempotent
        )
    }

    /// Reads `success`, `timestamp`, `statusCode`, `reason` and `detail`.
    /// - Parameter response: The 2xx answer.
    /// - Returns: The result.
    /// - Throws: ``TalkTransportError/Code/invalidResponse`` when the body is not a JSON object.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> LineWebhookTestResult {
        let object = try response.jsonObject(operation: request.operation)
        return LineWebhookTestResult(
            isSuccess: object["success"]?.boolValue ?? false,
            timestamp: object["timestamp"]?.stringValue,
            statusCode: object["statusCode"]?.numberValue?.int64Value.map(Int.init(clamping:)),
            reason: object["reason"]?.stringValue,
            detail: object["detail"]?.stringValue
        )
    }
}

/// What LINE saw when it sent a test webhook.
public struct LineWebhookTestResult: Sendable, Hashable {
    /// Whether the endpoint answered 200.
    public var isSuccess: Bool
    /// When the test ran (ISO 8601, as LINE sends it).
    public var timestamp: String?
    /// The HTTP status the endpoint answered, if it answered.
    public var statusCode: Int?
    /// LINE's reason, such as `OK` or `COULD_NOT_CONNECT`.
    public var reason: String?
    /// LINE's detail text.
    public var detail: String?

    /// Creates a result.
    /// - Parameters:
    ///   - isSuccess: Whether the endpoint answered 200.
    ///   - timestamp: When the test ran.
    ///   - statusCode: The endpoint's status.
    ///   - reason: LINE's reason.
    ///   - detail: LINE's detail.
    public init(isSuccess: Bool, timestamp: String?, statusCode: Int?, reason: String?, detail: String?) {
        self.isSuccess = isSuccess
        self.timestamp = timestamp
        self.statusCode = statusCode
        self.reason = reason
        self.detail = detail
    }
}
