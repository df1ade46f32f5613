public import TalkWire

extension TalkTransportError {
    /// The longest LINE error message kept; LINE's are short, so anything longer is not LINE's.
    static let maximumMessageLength = 300

    /// Decodes a non-2xx answer of the Messaging API into an error, as LINE documents it.
    ///
    /// LINE's error body is `{"message": "...", "details": [{"message": "...", "property": "..."}]}`. The
    /// status decides the code: 400 with `Invalid reply token` is ``Code/invalidReplyToken``, 401
    /// ``Code/unauthorized``, 403 ``Code/forbidden``, 404 ``Code/notFound``, 409 ``Code/duplicate`` (with
    /// `x-line-accepted-request-id`), 429 ``Code/rateLimited`` or, when LINE says the monthly limit is reached,
    /// ``Code/quotaExceeded`` (R32), 5xx ``Code/serverError``, any other status ``Code/badRequest``. A body that is
    /// not LINE's JSON is never quoted: it could hold anything.
    /// - Parameters:
    ///   - response: The answer.
    ///   - operation: What the request did, such as `push`.
    public init(lineResponse response: LineAPIResponse, operation: String) {
        var lineMessage: String?
        var details: [Detail] = []
        if let value = try? JSONValue(parsing: response.body, maximumDepth: 8) {
            lineMessage = value["message"]?.stringValue.map(Self.clipped)
            for entry in value["details"]?.arrayValue ?? [] {
                let detail = Detail(
                    message: entry["message"]?.stringValue.map(Self.clipped),
                    property: entry["property"]?.stringValue.map(Self.clipped)
                )
                if detail.message != nil || detail.property != nil { details.append(detail) }
            }
        }
        let code: Code
        switch response.status {
        case 400 where lineMessage?.lowercased().contains("reply token") == true:
            code = .invalidReplyToken
        case 401: code = .unauthorized
        case 403: code = .forbidden
        case 404: code = .notFound
        case 409: code = .duplicate
        case 429 where lineMessage?.lowercased().contains("monthly limit") == true:
            code = .quotaExceeded
        case 429: code = .rateLimited
        case 500...599: code = .serverError
        default: code = .badRequest
        }
        self.init(
            code,
            operation: operation,
            message: lineMessage ?? "HTTP \(response.status) without an error message",
            status: response.status,
            requestID: response.requestID,
            acceptedRequestID: response.acceptedRequestID,
            retryAfter: response.retryAfter,
            details: details,
            mayHaveBeenProcessed: code == .serverError || code == .duplicate
        )
    }

    private static func clipped(_ text: String) -> String {
        guard text.count > maximumMessageLength else { return text }
        return String(text.prefix(maximumMessageLength)) + "..."
    }
}

extension LineAPIResponse {
    /// The body parsed as a JSON object, for ``LineAPICall/decodeResponse(_:)`` implementations.
    /// - Parameter operation: What the request did, for the error.
    /// - Returns: The object; an empty body reads as `{}`.
    /// - Throws: ``TalkTransportError`` with ``TalkTransportError/Code/invalidResponse`` when the body is not a
    ///   JSON object (naming the byte offset, never the body).
    public func jsonObject(operation: String) throws(TalkTransportError) -> JSONValue {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body)
        } catch {
            throw TalkTransportError(
                .invalidResponse,
                operation: operation,
                message: "the answer is not JSON: \(error)",
                status: status,
                requestID: requestID,
                mayHaveBeenProcessed: true
            )
        }
        guard case .object = value else {
            throw TalkTransportError(
                .invalidResponse,
                operation: operation,
                message: "the answer is a JSON \(value.typeName), not an object",
                status: status,
                requestID: requestID,
                mayHaveBeenProcessed: true
            )
        }
        return value
    }

    /// Reads a required string member of a JSON object answer.
    func requiredString(_ key: String, in object: JSONValue, operation: String) throws(TalkTransportError) -> String {
        guard let value = object[key]?.stringValue else {
            throw TalkTransportError(
                .invalidResponse,
                operation: operation,
                message: "the answer lacks the string member '\(key)'",
                status: status,
                requestID: requestID,
                mayHaveBeenProcessed: true
            )
        }
        return value
    }
}
