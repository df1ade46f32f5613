import ExternalTalk
import Hummingbird
import NIOCore
import TalkTransport

/// The answers of the routes, built in one place so that every refusal has the same shape:
/// `{"error": "...", "reason": "..."}` as JSON, and nothing at all for a signature failure.
enum ServerResponse {
    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    static func json(_ status: HTTPResponse.Status, bytes: [UInt8]) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    static func error(_ status: HTTPResponse.Status, _ error: String, reason: String? = nil) -> Response {
        var text = #"{"error":"# + JSONText.quoted(error)
        if let reason { text += #","reason":"# + JSONText.quoted(reason) }
        return json(status, text + "}")
    }

    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentLength: "0"])
    }

    static func tooLarge(limit: Int) -> Response {
        error(.contentTooLarge, "body too large", reason: "the limit is \(limit) bytes")
    }

    static func webhook(_ outcome: WebhookOutcome) -> Response {
        switch outcome.status {
        case .accepted: json(.ok, "{}")
        // No detail: the caller learns only that the signature did not verify (W1).
        case .badSignature: empty(.unauthorized)
        case .malformed: error(.badRequest, "malformed body", reason: outcome.reason)
        case .unknownChannel: error(.notFound, "unknown channel")
        case .unavailable: error(.internalServerError, "storage unavailable")
        }
    }

    static func federation(_ outcome: FederationOutcome) -> Response {
        let status = HTTPResponse.Status(code: outcome.httpStatus)
        switch outcome.status {
        case .accepted: return json(status, "{}")
        case .duplicate: return json(status, bytes: FederationHTTP.duplicateBody)
        case .refused where outcome.httpStatus == 401: return empty(.unauthorized)
        case .refused: return error(status, "refused", reason: outcome.reason)
        case .denied: return error(status, "denied", reason: outcome.reason)
        case .unavailable: return error(status, "storage unavailable")
        }
    }
}

/// JSON string quoting, for the few hand-built answers.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
