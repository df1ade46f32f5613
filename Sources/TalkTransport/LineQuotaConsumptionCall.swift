import TalkWire

/// Reads how many messages were sent this month: `GET /v2/bot/message/quota/consumption` (R32).
///
/// Replies are not counted; push-type messages count once per recipient.
public struct LineQuotaConsumptionCall: LineAPICall {
    /// Creates the call.
    public init() {}

    /// `GET /v2/bot/message/quota/consumption`.
    public var request: LineAPIRequest {
        LineAPIRequest(operation: "get quota consumption", method: .get, path: "/v2/bot/message/quota/consumption")
    }

    /// Reads `totalUsage`.
    /// - Parameter response: The 2xx answer.
    /// - Returns: The messages counted this month.
    /// - Throws: ``TalkTransportError/Code/invalidResponse`` when `totalUsage` is not a number.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> Int {
        let object = try response.jsonObject(operation: request.operation)
        guard let usage = object["totalUsage"]?.numberValue?.int64Value else {
            throw TalkTransportError(
                .invalidResponse,
                operation: request.operation,
                message: "the answer lacks the number 'totalUsage'",
                status: response.status,
                requestID: response.requestID
            )
        }
        return Int(clamping: usage)
    }
}
