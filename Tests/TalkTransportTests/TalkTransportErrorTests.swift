import TalkTransport
import Testing

@Suite("Decoding LINE's errors")
struct TalkTransportErrorTests {
    private func decode(_ status: Int, _ body: String, accepted: String? = nil) -> TalkTransportError {
        TalkTransportError(
            lineResponse: LineAPIResponse(
                status: status,
                requestID: "req-1",
                acceptedRequestID: accepted,
                body: Array(body.utf8)
            ),
            operation: "push"
        )
    }

    @Test func statusesMapToCodes() {
        #expect(decode(400, #"{"message":"Invalid reply token"}"#).code == .invalidReplyToken)
        #expect(decode(400, #"{"message":"Failed to send messages"}"#).code == .badRequest)
        #expect(decode(401, "{}").code == .unauthorized)
        #expect(decode(403, "{}").code == .forbidden)
        #expect(decode(404, "{}").code == .notFound)
        #expect(
            decode(429, #"{"message":"The API rate limit has been exceeded. Try again later."}"#).code == .rateLimited
        )
        #expect(decode(429, #"{"message":"You have reached your monthly limit."}"#).code == .quotaExceeded)
        #expect(decode(502, "<html>bad gateway</html>").code == .serverError)
    }

    @Test func duplicateCarriesAcceptedRequestID() {
        let error = decode(409, #"{"message":"The retry key is already accepted"}"#, accepted: "accepted-7")
        #expect(error.code == .duplicate)
        #expect(error.acceptedRequestID == "accepted-7")
        #expect(error.mayHaveBeenProcessed)
        #expect("\(error)".contains("accepted-7"))
    }

    @Test func detailsAreDecodedAndNonJSONBodiesNeverQuoted() {
        let error = decode(
            400,
            #"{"message":"The request body has 2 error(s)","details":[{"message":"May not be empty","property":"messages[0].text"},{"property":"to"}]}"#
        )
        #expect(
            error.details == [
                .init(message: "May not be empty", property: "messages[0].text"), .init(message: nil, property: "to"),
            ]
        )
        #expect("\(error)".contains("messages[0].text: May not be empty"))
        let html = decode(500, "<html>stack trace with secrets</html>")
        #expect(!"\(html)".contains("secrets"))
        #expect(html.message == "HTTP 500 without an error message")
    }

    @Test func retryKeysParseAndDeriveDistinctStableKeys() throws {
        let key = try LineRetryKey("123E4567-E89B-42D3-A456-426614174000")
        #expect(key.rawValue == "123e4567-e89b-42d3-a456-426614174000")
        #expect(key.derived(index: 0) == key)
        #expect(key.derived(index: 1) == key.derived(index: 1))
        #expect(Set((0..<100).map { key.derived(index: $0) }).count == 100)
        #expect(throws: TalkTransportError.self) { try LineRetryKey("123e4567e89b42d3a456426614174000") }
        #expect((try? LineRetryKey(key.derived(index: 5).rawValue)) != nil)
    }
}
