import TalkModel
import TalkTransport
import TalkWire
import WebhookSignature

/// The state and rules of the fake LINE platform, LINE WORKS and peer tenants; mutated under
/// ``InMemoryTransport``'s lock, with no I/O.
struct FakePlatform: Sendable {
    struct User: Sendable {
        var id: LineUserID
        var displayName: String
        var pictureURL: String?
        var statusMessage: String?
        var language: String?
    }

    enum Friendship: Sendable {
        case following
        case blocked
    }

    struct ReplyToken: Sendable {
        var user: LineUserID
        var issuedAt: Timestamp
        var used: Bool
    }

    struct Content: Sendable {
        var bytes: [UInt8]
        var contentType: String
    }

    struct Channel: Sendable {
        var id: LineChannelID
        var secret: String
        var botUserID: String
        var displayName: String
        var accessToken: String
        var tokenRevoked = false
        var quota: MonthlyQuota
        var friendships: [LineUserID: Friendship] = [:]
        var webhookEndpoint: String?
        var webhookActive: Bool
        var webhookReachable = true
        var chatMode: String
        var replyTokens: [String: ReplyToken] = [:]
        var markAsReadTokens: [String: String] = [:]
        var readMessageIDs: [String] = []
        var retryKeys: [LineRetryKey: (requestID: String, at: Timestamp)] = [:]
        var contents: [String: Content] = [:]
        var messagesByUser: [String: LineUserID] = [:]
        var events: [String: StoredEvent] = [:]
    }

    struct Peer: Sendable {
        /// The secret this peer shares with every tenant that federates with it.
        var secret: String
        var requests: [FederationRequest] = []
        /// Request IDs are unique per sending tenant, so the exactly-once key names both.
        var seenRequests: Set<SeenRequest> = []
    }

    struct SeenRequest: Sendable, Hashable {
        var tenant: TenantDomain
        var requestID: String
    }

    struct ArmedFault: Sendable {
        var fault: TransportFault
        var remaining: Int
        var pathPrefix: String?
    }

    var channels: [LineChannelID: Channel] = [:]
    var users: [LineUserID: User] = [:]
    var peers: [TenantDomain: Peer] = [:]
    var faults: [ArmedFault] = []
    var outbox: [OutboxEntry] = []
    var requestLog: [SimulatedRequest] = []
    var ids: FakeIdentifiers

    init(seed: UInt64) {
        self.ids = FakeIdentifiers(seed: seed)
    }

    // MARK: Handling requests

    mutating func simulate(_ request: SimulatedRequest, now: Timestamp) -> SimulatedOutcome {
        requestLog.append(request)
        if let index = faults.firstIndex(where: { armed in
            armed.remaining > 0 && armed.pathPrefix.map { request.path.hasPrefix($0) } != false
        }) {
            faults[index].remaining -= 1
            let fault = faults[index].fault
            if faults[index].remaining == 0 { faults.remove(at: index) }
            switch fault.kind {
            case .rateLimited(let seconds):
                var headers: [String: String] = [:]
                if let seconds { headers["retry-after"] = String(seconds) }
                return .response(
                    lineError(429, "The API rate limit has been exceeded. Try again later.", headers: headers)
                )
            case .serverError(let status):
                return .response(lineError(status, "Internal server error"))
            case .timeout:
                return .timeout
            case .connectionDropped:
                return .connectionDropped
            case .timeoutAfterProcessing:
                _ = route(request, now: now)
                return .timeout
            }
        }
        return route(request, now: now)
    }

    private mutating func route(_ request: SimulatedRequest, now: Timestamp) -> SimulatedOutcome {
        switch request.service {
        case .lineAPI, .lineAPIData: .response(handleLine(request, now: now))
        case .works: .response(handleWorks(request, now: now))
        case .federation(let peer): .response(handleFederation(request, peer: peer, now: now))
        }
    }

    private mutating func handleLine(_ request: SimulatedRequest, now: Timestamp) -> SimulatedResponse {
        guard let token = request.bearerToken,
            let channelID = channels.values.first(where: { $0.accessToken == token && !$0.tokenRevoked })?.id
        else {
            return lineError(
                401,
                "Authentication failed. Confirm that the access token in the authorization header is valid."
            )
        }
        let path = request.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.path
        let segments = path.split(separator: "/").map(String.init)
        if request.service == .lineAPIData {
            guard request.method == "GET", segments.count == 5, segments[0...2] == ["v2", "bot", "message"],
                segments[4] == "content"
            else {
                return lineError(404, "Not found")
            }
            return content(segments[3], channel: channelID)
        }
        if request.method == "GET", segments.count == 4, segments[0...2] == ["v2", "bot", "profile"] {
            return profile(segments[3], channel: channelID)
        }
        switch (request.method, path) {
        case ("POST", "/v2/bot/message/reply"):
            return reply(request, channel: channelID, now: now)
        case ("POST", "/v2/bot/message/push"):
            return pushOrMulticast(request, kind: .push, channel: channelID, now: now)
        case ("POST", "/v2/bot/message/multicast"):
            return pushOrMulticast(request, kind: .multicast, channel: channelID, now: now)
        case ("POST", "/v2/bot/chat/markAsRead"):
            return markAsRead(request, channel: channelID)
        case ("POST", "/v2/bot/chat/loading/start"):
            return loading(request, channel: channelID)
        case ("GET", "/v2/bot/message/quota"):
            let plan = channels[channelID]!.quota.plan
            return lineJSON(200) { writer in
                if plan.allowsAdditionalMessages {
                    writer.field("type", "none")
                } else {
                    writer.field("type", "limited")
                    writer.field("value", plan.monthlyLimit)
                }
            }
        case ("GET", "/v2/bot/message/quota/consumption"):
            let used = channels[channelID]!.quota.usage(at: now)
            return lineJSON(200) { $0.field("totalUsage", used) }
        case ("GET", "/v2/bot/info"):
            let channel = channels[channelID]!
            return lineJSON(200) { writer in
                writer.field("userId", channel.botUserID)
                writer.field("basicId", "@" + String(channel.botUserID.dropFirst().prefix(8)))
                writer.field("displayName", channel.displayName)
                writer.field("chatMode", channel.chatMode)
                writer.field("markAsReadMode", channel.chatMode == "bot" ? "auto" : "manual")
            }
        case ("GET", "/v2/bot/channel/webhook/endpoint"):
            let channel = channels[channelID]!
            return lineJSON(200) { writer in
                writer.optionalField("endpoint", channel.webhookEndpoint)
                writer.field("active", channel.webhookActive)
            }
        case ("PUT", "/v2/bot/channel/webhook/endpoint"):
            guard let endpoint = (try? JSONValue(parsing: request.body))?["endpoint"]?.stringValue,
                endpoint.hasPrefix("https://"), endpoint.utf8.count <= 500
            else {
                return lineError(400, "The request body has 1 error(s)", details: [("Invalid endpoint", "endpoint")])
            }
            channels[channelID]!.webhookEndpoint = endpoint
            return lineJSON(200) { _ in }
        case ("POST", "/v2/bot/channel/webhook/test"):
            return webhookTest(request, channel: channelID, now: now)
        default:
            return lineError(404, "Not found")
        }
    }

    // MARK: Sending

    private mutating func reply(
        _ request: SimulatedRequest,
        channel id: LineChannelID,
        now: Timestamp
    )
        -> SimulatedResponse
    {
        guard let body = try? JSONValue(parsing: request.body), case .object = body else {
            return lineError(400, "The request body could not be parsed as JSON")
        }
        guard let token = body["replyToken"]?.stringValue, var issued = channels[id]!.replyTokens[token],
            !issued.used, now < issued.issuedAt.advanced(by: ReceivedReplyToken.lifetime)
        else {
            return lineError(400, "Invalid reply token")
        }
        guard let messages = validMessages(body) else {
            return lineError(
                400,
                "The request body has 1 error(s)",
                details: [("Size must be between 1 and 5", "messages")]
            )
        }
        issued.used = true
        channels[id]!.replyTokens[token] = issued
        let delivered = channels[id]!.friendships[issued.user] == .following
        return accept(
            kind: .reply,
            channel: id,
            recipients: [issued.user.rawValue],
            undelivered: delivered ? [] : [issued.user.rawValue],
            messages: messages,
            retryKey: nil,
            request: request,
            now: now
        )
    }

    private mutating func pushOrMulticast(
        _ request: SimulatedRequest,
        kind: OutboxEntry.Kind,
        channel id: LineChannelID,
        now: Timestamp
    ) -> SimulatedResponse {
        guard let body = try? JSONValue(parsing: request.body), case .object = body else {
            return lineError(400, "The request body could not be parsed as JSON")
        }
        var retryKey: LineRetryKey?
        if let header = request.headers["x-line-retry-key"] {
            guard let key = try? LineRetryKey(header) else {
                return lineError(400, "The retry key is not a valid UUID")
            }
            if let accepted = channels[id]!.retryKeys[key],
                now < accepted.at.advanced(by: .days(1))
            {
                return lineError(
                    409,
                    "The retry key is already accepted",
                    headers: ["x-line-accepted-request-id": accepted.requestID]
                )
            }
            retryKey = key
        }
        let recipientTexts: [String]
        if kind == .push {
            guard let to = body["to"]?.stringValue else {
                return lineError(400, "The request body has 1 error(s)", details: [("Must not be null", "to")])
            }
            recipientTexts = [to]
        } else {
            guard let list = body["to"]?.arrayValue, (1...500).contains(list.count) else {
                return lineError(
                    400,
                    "The request body has 1 error(s)",
                    details: [("Size must be between 1 and 500", "to")]
                )
            }
            recipientTexts = list.compactMap(\.stringValue)
        }
        var recipients: [LineUserID] = []
        for (index, text) in recipientTexts.enumerated() {
            guard let user = try? LineUserID(text) else {
                let property = kind == .push ? "to" : "to[\(index)]"
                return lineError(400, "The request body has 1 error(s)", details: [("Invalid user ID", property)])
            }
            recipients.append(user)
        }
        guard let messages = validMessages(body) else {
            return lineError(
                400,
                "The request body has 1 error(s)",
                details: [("Size must be between 1 and 5", "messages")]
            )
        }
        let channel = channels[id]!
        // R15: LINE can push only to users who added the account; a user who blocked it gets nothing, silently.
        if kind == .push, channel.friendships[recipients[0]] == nil {
            return lineError(400, "Failed to send messages")
        }
        let delivered = recipients.filter { channel.friendships[$0] == .following }
        let undelivered = recipients.filter { channel.friendships[$0] != .following }.map(\.rawValue)
        if !delivered.isEmpty {
            // R32: push-type sends count once per recipient; a plan that cannot buy more answers 429.
            let send = (try? OutboundSend.to(delivered.count, via: kind == .push ? .push : .multicast)) ?? .push
            if channel.quota.wouldExceed(send, at: now), !channel.quota.plan.allowsAdditionalMessages {
                return lineError(429, "You have reached your monthly limit.")
            }
            _ = try? channels[id]!.quota.record(send, at: now)
        }
        return accept(
            kind: kind,
            channel: id,
            recipients: recipients.map(\.rawValue),
            undelivered: undelivered,
            messages: messages,
            retryKey: retryKey,
            request: request,
            now: now
        )
    }

    private func validMessages(_ body: JSONValue) -> [JSONValue]? {
        guard let messages = body["messages"]?.arrayValue, (1...5).contains(messages.count),
            messages.allSatisfy({ $0["type"]?.stringValue != nil })
        else { return nil }
        return messages
    }

    private mutating func accept(
        kind: OutboxEntry.Kind,
        channel id: LineChannelID,
        recipients: [String],
        undelivered: [String],
        messages: [JSONValue],
        retryKey: LineRetryKey?,
        request: SimulatedRequest,
        now: Timestamp
    ) -> SimulatedResponse {
        let requestID = ids.requestID()
        var sent: [(id: String, quoteToken: String)] = []
        if kind != .multicast {
            for _ in messages { sent.append((ids.messageID(), ids.opaqueToken(length: 40))) }
        }
        if let retryKey { channels[id]!.retryKeys[retryKey] = (requestID, now) }
        outbox.append(
            OutboxEntry(
                kind: kind,
                channel: id,
                recipients: recipients,
                undeliveredRecipients: undelivered,
                messages: messages,
                requestID: requestID,
                retryKey: retryKey,
                sentMessageIDs: sent.map(\.id),
                acceptedAt: now,
                body: request.body
            )
        )
        return lineJSON(200, requestID: requestID) { writer in
            guard kind != .multicast else { return }
            writer.key("sentMessages")
            writer.beginArray()
            for message in sent {
                writer.beginObject()
                writer.field("id", message.id)
                writer.field("quoteToken", message.quoteToken)
                writer.endObject()
            }
            writer.endArray()
        }
    }

    // MARK: Other Messaging API calls

    private mutating func profile(_ userID: String, channel id: LineChannelID) -> SimulatedResponse {
        guard let user = try? LineUserID(userID), channels[id]!.friendships[user] == .following,
            let profile = users[user]
        else {
            return lineError(404, "Not found")
        }
        return lineJSON(200) { writer in
            writer.field("displayName", profile.displayName)
            writer.field("userId", profile.id.rawValue)
            writer.optionalField("pictureUrl", profile.pictureURL)
            writer.optionalField("statusMessage", profile.statusMessage)
            writer.optionalField("language", profile.language)
        }
    }

    private mutating func markAsRead(_ request: SimulatedRequest, channel id: LineChannelID) -> SimulatedResponse {
        guard let token = (try? JSONValue(parsing: request.body))?["markAsReadToken"]?.stringValue,
            let messageID = channels[id]!.markAsReadTokens[token]
        else {
            return lineError(400, "Invalid markAsReadToken", details: [("Invalid token", "markAsReadToken")])
        }
        if !channels[id]!.readMessageIDs.contains(messageID) { channels[id]!.readMessageIDs.append(messageID) }
        return lineJSON(200) { _ in }
    }

    private mutating func loading(_ request: SimulatedRequest, channel id: LineChannelID) -> SimulatedResponse {
        let body = try? JSONValue(parsing: request.body)
        guard let chat = body?["chatId"]?.stringValue, let user = try? LineUserID(chat),
            channels[id]!.friendships[user] == .following
        else {
            return lineError(400, "The request body has 1 error(s)", details: [("Invalid chat ID", "chatId")])
        }
        guard let seconds = body?["loadingSeconds"]?.numberValue?.int64Value, seconds >= 5, seconds <= 60,
            seconds % 5 == 0
        else {
            return lineError(400, "The request body has 1 error(s)", details: [("Invalid value", "loadingSeconds")])
        }
        return lineJSON(202) { _ in }
    }

    private mutating func webhookTest(
        _ request: SimulatedRequest,
        channel id: LineChannelID,
        now: Timestamp
    )
        -> SimulatedResponse
    {
        let channel = channels[id]!
        let requested = (try? JSONValue(parsing: request.body))?["endpoint"]?.stringValue
        guard let endpoint = requested ?? channel.webhookEndpoint else {
            return lineError(400, "The webhook endpoint is not set")
        }
        let reachable = channel.webhookReachable && endpoint.hasPrefix("https://")
        return lineJSON(200) { writer in
            writer.field("success", reachable)
            writer.field("timestamp", Self.iso8601(now))
            writer.field("statusCode", reachable ? 200 : 0)
            writer.field("reason", reachable ? "OK" : "COULD_NOT_CONNECT")
            writer.field("detail", reachable ? "200" : "Connection refused")
        }
    }

    private mutating func content(_ messageID: String, channel id: LineChannelID) -> SimulatedResponse {
        guard let content = channels[id]!.contents[messageID] else { return lineError(404, "Not found") }
        return SimulatedResponse(
            status: 200,
            headers: ["content-type": content.contentType, "x-line-request-id": ids.requestID()],
            body: content.bytes,
            streamingChunkSize: 4096
        )
    }

    // MARK: LINE WORKS and federation

    private mutating func handleWorks(_ request: SimulatedRequest, now: Timestamp) -> SimulatedResponse {
        guard request.bearerToken != nil else {
            return worksError(401, code: "UNAUTHORIZED", "Authentication failed")
        }
        let segments = request.path.split(separator: "/").map(String.init)
        guard request.method == "POST", segments.count == 5, segments[0] == "bots", segments[4] == "messages",
            segments[2] == "users" || segments[2] == "channels"
        else {
            return worksError(404, code: "NOT_FOUND", "Not found")
        }
        guard let content = (try? JSONValue(parsing: request.body))?["content"],
            content["type"]?.stringValue != nil
        else {
            return worksError(400, code: "INVALID_PARAMETER", "content.type is required")
        }
        let requestID = ids.requestID()
        outbox.append(
            OutboxEntry(
                kind: .works,
                channel: nil,
                recipients: [segments[3]],
                undeliveredRecipients: [],
                messages: [content],
                requestID: requestID,
                retryKey: nil,
                sentMessageIDs: [],
                acceptedAt: now,
                body: request.body
            )
        )
        return SimulatedResponse(
            status: 201,
            headers: ["content-type": "application/json", "x-works-request-id": requestID],
            body: Array("{}".utf8)
        )
    }

    private mutating func handleFederation(
        _ request: SimulatedRequest,
        peer: TenantDomain,
        now: Timestamp
    )
        -> SimulatedResponse
    {
        guard let secret = peers[peer]?.secret else { return federationJSON(404, "unknown tenant \(peer)") }
        let tenantHeader: String?
        switch (request.method, request.path) {
        case ("POST", FederationHTTP.path): tenantHeader = request.headers[FederationHTTP.tenantHeader]
        case ("POST", FederationHTTP.version1Path):
            // Version 1 peers named themselves in the origin header; their envelopes read as messages.
            tenantHeader = request.headers[FederationHTTP.originHeader] ?? request.headers[FederationHTTP.tenantHeader]
        default: return federationJSON(404, "not found")
        }
        // The peer verifies as a real receiver does: signature on the raw body first, then the request.
        let signatures = WebhookSignatureVerifier(secrets: [WebhookSecret(secret)])
        let verifier = FederationRequestVerifier(localTenant: peer) { _ in signatures }
        let received: FederationRequest
        do {
            received = try verifier.verify(
                request.body,
                tenantHeader: tenantHeader,
                signatureHeader: request.headers[FederationHTTP.signatureHeader]
            )
        } catch {
            return federationJSON(error.httpStatus, "\(error)")
        }
        let key = SeenRequest(tenant: received.senderTenant, requestID: received.requestID)
        guard peers[peer]?.seenRequests.insert(key).inserted == true else {
            return SimulatedResponse(
                status: 200,
                headers: ["content-type": "application/json"],
                body: FederationHTTP.duplicateBody
            )
        }
        peers[peer]?.requests.append(received)
        var messages: [JSONValue] = []
        var messageIDs: [String] = []
        if case .message(let message) = received.kind {
            // As received: version 2 holds the content in `body`, version 1 at the top.
            let tree = try? JSONValue(parsing: request.body)
            messages = [tree?["body"]?["content"] ?? tree?["content"] ?? .null]
            messageIDs = [message.messageID]
        }
        outbox.append(
            OutboxEntry(
                kind: .federation,
                channel: nil,
                recipients: [peer.rawValue],
                undeliveredRecipients: [],
                messages: messages,
                requestID: ids.requestID(),
                retryKey: nil,
                sentMessageIDs: messageIDs,
                acceptedAt: now,
                body: request.body
            )
        )
        return SimulatedResponse(status: 202, headers: ["content-type": "application/json"], body: Array("{}".utf8))
    }

    // MARK: Responses

    private mutating func lineJSON(
        _ status: Int,
        requestID: String? = nil,
        headers: [String: String] = [:],
        _ fields: (inout JSONWriter) -> Void
    ) -> SimulatedResponse {
        var writer = JSONWriter(reservingCapacity: 128)
        writer.beginObject()
        fields(&writer)
        writer.endObject()
        var allHeaders = headers
        allHeaders["content-type"] = "application/json"
        allHeaders["x-line-request-id"] = requestID ?? ids.requestID()
        return SimulatedResponse(status: status, headers: allHeaders, body: writer.bytes)
    }

    private mutating func lineError(
        _ status: Int,
        _ message: String,
        details: [(message: String, property: String)] = [],
        headers: [String: String] = [:]
    ) -> SimulatedResponse {
        lineJSON(status, headers: headers) { writer in
            writer.field("message", message)
            guard !details.isEmpty else { return }
            writer.key("details")
            writer.beginArray()
            for detail in details {
                writer.beginObject()
                writer.field("message", detail.message)
                writer.field("property", detail.property)
                writer.endObject()
            }
            writer.endArray()
        }
    }

    private func worksError(_ status: Int, code: String, _ description: String) -> SimulatedResponse {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.beginObject()
        writer.field("code", code)
        writer.field("description", description)
        writer.endObject()
        return SimulatedResponse(status: status, headers: ["content-type": "application/json"], body: writer.bytes)
    }

    private func federationJSON(_ status: Int, _ message: String) -> SimulatedResponse {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.beginObject()
        writer.field("message", message)
        writer.endObject()
        return SimulatedResponse(status: status, headers: ["content-type": "application/json"], body: writer.bytes)
    }

    static func iso8601(_ instant: Timestamp) -> String {
        let local = TalkTimeZone.utc.localTime(at: instant)
        let milliseconds = ((instant.millisecondsSinceEpoch % 60_000) + 60_000) % 60_000
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(local.year, 4))-\(pad(Int64(local.month), 2))-\(pad(Int64(local.day), 2))T"
            + "\(pad(Int64(local.minuteOfDay / 60), 2)):\(pad(Int64(local.minuteOfDay % 60), 2)):"
            + "\(pad(milliseconds / 1000, 2)).\(pad(milliseconds % 1000, 3))Z"
    }
}
