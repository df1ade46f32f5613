import TalkWire

/// Reads the month's message limit: `GET /v2/bot/message/quota` (R32).
public struct LineQuotaCall: LineAPICall {
    /// Creates the call.
    public init() {}

    /// `GET /v2/bot/message/quota`.
    public var request: LineAPIRequest {
        LineAPIRequest(operation: "get quota", method: .get, path: "/v2/bot/message/quota")
    }

    /// Reads `type` (`none` or `limited`) and `value`.
    /// - Parameter response: The 2xx answer.
    /// - Returns: The quota.
    /// - Throws: ``TalkTransportError/Code/invalidResponse`` when `type` is missing.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> LineMessageQuota {
        let object = try response.jsonObject(operation: request.operation)
        let type = try response.requiredString("type", in: object, operation: request.operation)
        let value = object["value"]?.numberValue?.int64Value.map(Int.init(clamping:))
        return LineMessageQuota(limit: type == "limited" ? value : nil, rawType: type)
    }
}

/// The month's message limit of an Official Account (R32).
public struct LineMessageQuota: Sendable, Hashable {
    /// The limit in messages, or `nil` when the account has none (LINE's `type: none`).
    public var limit: Int?
    /// LINE's `type` as received: `none`, `limited`, or a value this version does not know.
    public var rawType: String

    /// Creates a quota.
    /// - Parameters:
    ///   - limit: The limit, or `nil` for none.
    ///   - rawType: LINE's `type`.
    public init(limit: Int?, rawType: String) {
        self.limit = limit
        self.rawType = rawType
    }
}
