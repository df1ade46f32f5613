import AsyncHTTPClient
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
public import TalkModel
public import TalkTesting
import TalkTransport
import TalkWire
import WebhookSignature

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The fake LINE platform as a server a LINE bot in any language can be tested against: LINE's Messaging API at
/// the root of a loopback port, signed webhooks posted to the bot, and a control API under `/emulator/v1` that
/// plays the LINE users, moves the clock and injects faults (the `external-talk emulate` command).
///
/// Point the bot's official SDK at ``baseURL`` (for example `Configuration(host: ...)` in Python's
/// `line-bot-sdk`), give it the channel's secret and access token (``credentials``), and drive it:
///
/// ```swift
/// let emulator = try await LineEmulator.start(
///     LineEmulator.Configuration(channel: try LineChannelID("1234567890"), webhookURL: botURL)
/// )
/// // The bot's SDK uses emulator.baseURL and emulator.credentials; the test calls
/// // POST \(emulator.baseURL)/emulator/v1/users {"displayName": "Aiko"} -> {"userId": "U..."}, and so on.
/// try await emulator.shutdown()
/// ```
///
/// The platform is an ``/TalkTesting/InMemoryTransport``: reply tokens are single-use and expire a minute after
/// their event, pushes count against the plan's monthly quota (replies are free), a repeated `X-Line-Retry-Key`
/// is answered 409 with `x-line-accepted-request-id`, a wrong token 401. Its clock follows real time, plus
/// whatever `POST /emulator/v1/clock/advance` added. With a ``Configuration/stateFile`` it keeps its users,
/// friendships and accepted sends across restarts (webhook events, reply tokens and faults start afresh).
public final class LineEmulator: Sendable {
    /// How the emulator starts.
    public struct Configuration: Sendable {
        /// The address to listen on; loopback by default (the control API has no authentication).
        public var host: String
        /// The port; 0 picks a free one.
        public var port: Int
        /// The Official Account channel it plays.
        public var channel: LineChannelID
        /// The channel secret that signs its webhooks; a fixed generated one when `nil`.
        public var channelSecret: String?
        /// The access token it accepts; a fixed generated one when `nil`.
        public var accessToken: String?
        /// The message plan, which sets the monthly push quota (R32).
        public var plan: MessagePlan
        /// Where webhooks are posted; can be changed later with `PUT /emulator/v1/webhook`.
        public var webhookURL: String?
        /// A JSON file that keeps users, friendships and sends across restarts; read at start when it exists.
        public var stateFile: String?
        /// How long a webhook post may take before the control call reports no answer.
        public var webhookTimeout: Duration

        /// Creates a configuration.
        /// - Parameters:
        ///   - host: The address to listen on.
        ///   - port: The port; 0 picks a free one.
        ///   - channel: The channel.
        ///   - channelSecret: The channel secret; generated when `nil`.
        ///   - accessToken: The access token; generated when `nil`.
        ///   - plan: The message plan.
        ///   - webhookURL: Where webhooks are posted.
        ///   - stateFile: Where the state is kept across restarts.
        ///   - webhookTimeout: How long a webhook post may take.
        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            channel: LineChannelID,
            channelSecret: String? = nil,
            accessToken: String? = nil,
            plan: MessagePlan = .free,
            webhookURL: String? = nil,
            stateFile: String? = nil,
            webhookTimeout: Duration = .seconds(30)
        ) {
            self.host = host
            self.port = port
            self.channel = channel
            self.channelSecret = channelSecret
            self.accessToken = accessToken
            self.plan = plan
            self.webhookURL = webhookURL
            self.stateFile = stateFile
            self.webhookTimeout = webhookTimeout
        }
    }

    /// The platform behind the emulator, for Swift tests that inspect it directly.
    public var platform: InMemoryTransport { core.platform }
    /// The channel's secret, access token and bot user ID.
    public var credentials: InMemoryTransport.ChannelCredentials { core.credentials }
    /// The bound port.
    public var port: Int { server.port }
    /// The root URL: LINE's Messaging API and the control API under `/emulator/v1`.
    public var baseURL: String { server.baseURL }

    private let core: EmulatorCore
    private let server: FakeLineAPIServer

    private init(core: EmulatorCore, server: FakeLineAPIServer) {
        self.core = core
        self.server = server
    }

    /// Starts an emulator.
    /// - Parameters:
    ///   - configuration: The channel, address and files.
    ///   - logger: Where it logs webhook posts that fail; never with bodies, secrets or tokens.
    /// - Returns: The running emulator.
    /// - Throws: ``LineEmulatorError`` for a state file that cannot be read or a webhook URL that is not
    ///   `http(s)://`; NIO's error when the address cannot be bound.
    public static func start(
        _ configuration: Configuration,
        logger: Logger = Logger(label: "external-talk.emulator")
    ) async throws -> LineEmulator {
        if let url = configuration.webhookURL { try EmulatorCore.checkWebhookURL(url) }
        let clock = VirtualClock(at: SystemClock().now())
        let platform = InMemoryTransport(clock: clock)
        let credentials = platform.addChannel(
            configuration.channel,
            plan: configuration.plan,
            channelSecret: configuration.channelSecret,
            accessToken: configuration.accessToken
        )
        platform.configureWebhook(endpoint: configuration.webhookURL, active: true, channel: configuration.channel)
        if let path = configuration.stateFile, FileManager.default.fileExists(atPath: path) {
            let state: EmulatorState
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                state = try JSONDecoder().decode(EmulatorState.self, from: data)
            } catch {
                throw LineEmulatorError.unreadableState(path: path, reason: "\(error)")
            }
            guard state.version == EmulatorState.currentVersion else {
                throw LineEmulatorError.unreadableState(
                    path: path,
                    reason: "version \(state.version) is not \(EmulatorState.currentVersion)"
                )
            }
            platform.restoreState(state.platform)
        }
        let core = EmulatorCore(
            platform: platform,
            credentials: credentials,
            webhookURL: configuration.webhookURL,
            stateFile: configuration.stateFile,
            webhookTimeout: configuration.webhookTimeout,
            followsRealTime: true,
            logger: logger
        )
        return try await start(core, host: configuration.host, port: configuration.port)
    }

    /// Starts an emulator in front of a platform a Swift test already set up, on its own virtual clock (the
    /// clock does not follow real time; the test moves it).
    /// - Parameters:
    ///   - platform: The platform; the channel must have been added to it.
    ///   - channel: The channel the control API plays.
    ///   - webhookURL: Where webhooks are posted.
    ///   - logger: Where it logs webhook posts that fail.
    /// - Returns: The running emulator, on 127.0.0.1 and a free port.
    /// - Throws: ``LineEmulatorError`` for a channel the platform does not have or a webhook URL that is not
    ///   `http(s)://`.
    public static func start(
        serving platform: InMemoryTransport,
        channel: LineChannelID,
        webhookURL: String? = nil,
        logger: Logger = Logger(label: "external-talk.emulator")
    ) async throws -> LineEmulator {
        if let webhookURL { try EmulatorCore.checkWebhookURL(webhookURL) }
        guard let credentials = platform.credentials(for: channel) else {
            throw LineEmulatorError(code: .unknownChannel, message: "the platform has no channel \(channel)")
        }
        let core = EmulatorCore(
            platform: platform,
            credentials: credentials,
            webhookURL: webhookURL,
            stateFile: nil,
            webhookTimeout: .seconds(30),
            followsRealTime: false,
            logger: logger
        )
        return try await start(core, host: "127.0.0.1", port: 0)
    }

    private static func start(_ core: EmulatorCore, host: String, port: Int) async throws -> LineEmulator {
        let hooks = FakeLineAPIServer.Hooks(
            beforeRequest: { core.followRealTime() },
            control: { request in await core.handle(request) },
            afterChange: { try? core.saveState() },
            webhookTest: { response, body in await core.testWebhook(response, requestBody: body) }
        )
        do {
            try core.saveState()
            let server = try await FakeLineAPIServer.start(
                platform: core.platform,
                bytePacing: nil,
                host: host,
                port: port,
                hooks: hooks
            )
            return LineEmulator(core: core, server: server)
        } catch {
            try? await core.shutdown()
            throw error
        }
    }

    /// A deadline timer for an HTTP client that passes as soon as the emulator withholds an answer (an injected
    /// timeout); see ``FakeLineAPIServer/deadlineTimer()``.
    /// - Returns: The timer.
    public func deadlineTimer() -> @Sendable (Duration) async throws -> Void {
        server.deadlineTimer()
    }

    /// Stops listening, closes every connection and the client that posts webhooks.
    public func shutdown() async throws {
        try await server.shutdown()
        try await core.shutdown()
    }
}

/// Why an emulator could not start.
public struct LineEmulatorError: Error, Hashable, CustomStringConvertible {
    /// The kind of failure, to act on without reading the message.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadableState
            case invalidWebhookURL
            case unknownChannel
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The state file exists but cannot be read or is not an emulator's state.
        public static let unreadableState = Code(.unreadableState)
        /// The webhook URL is not an `http://` or `https://` URL.
        public static let invalidWebhookURL = Code(.invalidWebhookURL)
        /// The platform to serve has no such channel.
        public static let unknownChannel = Code(.unknownChannel)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, in one line.
    public let message: String

    static func unreadableState(path: String, reason: String) -> LineEmulatorError {
        LineEmulatorError(code: .unreadableState, message: "cannot read the state file \(path): \(reason)")
    }

    static func invalidWebhookURL(_ url: String) -> LineEmulatorError {
        LineEmulatorError(code: .invalidWebhookURL, message: "the webhook URL \(url) is not an http:// or https:// URL")
    }

    /// The message.
    public var description: String { message }
}

/// The file a ``LineEmulator`` keeps its state in.
struct EmulatorState: Codable {
    static let currentVersion = 1
    var version: Int
    var platform: FakePlatformState
}

/// Everything the emulator's hooks need: the platform, its clock offset, the webhook target and the state file.
final class EmulatorCore: Sendable {
    let platform: InMemoryTransport
    let credentials: InMemoryTransport.ChannelCredentials
    private let stateFile: String?
    private let webhookTimeout: Duration
    private let followsRealTime: Bool
    private let logger: Logger
    /// Posts webhooks; a refused connection fails at once instead of being retried until the deadline.
    private let client: HTTPClient
    private let mutable: NIOLockedValueBox<Mutable>
    private let saving = NIOLock()

    private struct Mutable {
        var webhookURL: String?
        /// Milliseconds added to real time by `clock/advance`.
        var offset: Int64 = 0
    }

    init(
        platform: InMemoryTransport,
        credentials: InMemoryTransport.ChannelCredentials,
        webhookURL: String?,
        stateFile: String?,
        webhookTimeout: Duration,
        followsRealTime: Bool,
        logger: Logger
    ) {
        self.followsRealTime = followsRealTime
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.platform = platform
        self.credentials = credentials
        self.stateFile = stateFile
        self.webhookTimeout = webhookTimeout
        self.logger = logger
        self.mutable = NIOLockedValueBox(Mutable(webhookURL: webhookURL))
    }

    static func checkWebhookURL(_ url: String) throws(LineEmulatorError) {
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), URL(string: url)?.host != nil else {
            throw .invalidWebhookURL(url)
        }
    }

    func shutdown() async throws {
        try await client.shutdown()
    }

    /// Moves the platform's clock to real time plus the offset; it never goes back.
    func followRealTime() {
        guard followsRealTime else { return }
        let offset = mutable.withLockedValue { $0.offset }
        let target = SystemClock().now().advanced(by: .milliseconds(offset))
        if target > platform.clock.now() { platform.clock.set(to: target) }
    }

    /// Writes the state file, when there is one, through a temporary file and a rename.
    func saveState() throws {
        guard let stateFile else { return }
        // Its own lock: exporting and writing in order, without holding up the clock of other requests.
        try saving.withLock {
            let state = EmulatorState(version: EmulatorState.currentVersion, platform: platform.exportState())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(state).write(to: URL(fileURLWithPath: stateFile), options: .atomic)
        }
    }

    // MARK: The control API

    func handle(_ request: FakeLineAPIServer.ControlRequest) async -> SimulatedResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        guard segments.count >= 3, segments[0] == "emulator", segments[1] == "v1" else {
            return Self.error(404, "no such control path; the control API is under /emulator/v1")
        }
        let route = Array(segments.dropFirst(2))
        let body: JSONValue
        if request.body.isEmpty {
            body = .object([])
        } else {
            do {
                body = try JSONValue(parsing: request.body, limits: JSONDecodingLimits(maximumBodySize: 1 << 20))
            } catch {
                return Self.error(400, "the body is not JSON: \(error)")
            }
            guard case .object = body else { return Self.error(400, "the body must be a JSON object") }
        }
        switch (request.method, route.count, route.first) {
        case ("GET", 1, "channel"):
            return channelInfo()
        case ("PUT", 1, "webhook"):
            return setWebhook(body)
        case ("GET", 1, "clock"):
            return Self.json(200) { $0.field("now", Int(platform.clock.now().millisecondsSinceEpoch)) }
        case ("POST", 2, "clock") where route[1] == "advance":
            return advanceClock(body)
        case ("POST", 1, "faults"):
            return injectFault(body)
        case ("GET", 1, "users"):
            return listUsers()
        case ("POST", 1, "users"):
            return addUser(body)
        case ("POST", 3, "users"):
            return await userAction(route[1], route[2], body)
        case ("POST", 5, "users") where route[2] == "messages" && route[4] == "unsend":
            return await deliver(user: route[1]) { (user) throws(FakePlatformError) in
                try platform.unsend(route[3], by: user, channel: credentials.channel)
            }
        case ("GET", 3, "users") where route[2] == "inbox":
            return inbox(route[1])
        case ("POST", 3, "events") where route[2] == "redeliver":
            let eventID = route[1]
            return await post { () throws(FakePlatformError) in try platform.redeliver(eventID) }
        default:
            return Self.error(404, "no such control path: \(request.method) \(request.path)")
        }
    }

    private func channelInfo() -> SimulatedResponse {
        let webhookURL = mutable.withLockedValue { $0.webhookURL }
        return Self.json(200) { writer in
            writer.field("channelId", credentials.channel.rawValue)
            writer.field("channelSecret", credentials.channelSecret)
            writer.field("accessToken", credentials.accessToken)
            writer.field("botUserId", credentials.botUserID)
            writer.key("webhookUrl")
            if let webhookURL { writer.string(webhookURL) } else { writer.null() }
        }
    }

    private func setWebhook(_ body: JSONValue) -> SimulatedResponse {
        let url: String?
        switch body["url"] {
        case .string(let value):
            do throws(LineEmulatorError) {
                try Self.checkWebhookURL(value)
            } catch {
                return Self.error(400, error.message)
            }
            url = value
        case .null:
            url = nil
        default:
            return Self.error(400, "give {\"url\": \"http://...\"} or {\"url\": null}")
        }
        mutable.withLockedValue { $0.webhookURL = url }
        platform.configureWebhook(endpoint: url, active: true, channel: credentials.channel)
        return Self.json(200) { writer in
            writer.key("webhookUrl")
            if let url { writer.string(url) } else { writer.null() }
        }
    }

    private func advanceClock(_ body: JSONValue) -> SimulatedResponse {
        guard let seconds = body["seconds"]?.numberValue?.doubleValue, seconds.isFinite, seconds >= 0,
            seconds <= 366 * 86_400
        else {
            return Self.error(400, "seconds must be a number from 0 to 31622400")
        }
        let milliseconds = Int64((seconds * 1000).rounded())
        mutable.withLockedValue { $0.offset += milliseconds }
        platform.clock.advance(by: .milliseconds(milliseconds))
        followRealTime()
        return Self.json(200) { $0.field("now", Int(platform.clock.now().millisecondsSinceEpoch)) }
    }

    private func injectFault(_ body: JSONValue) -> SimulatedResponse {
        let count = body["count"].map { $0.numberValue?.int64Value.map(Int.init) ?? -1 } ?? 1
        guard (1...1000).contains(count) else { return Self.error(400, "count must be an integer from 1 to 1000") }
        var path: String?
        if let value = body["path"] {
            guard let prefix = value.stringValue, prefix.hasPrefix("/") else {
                return Self.error(400, "path must be a path prefix such as /v2/bot/message/push")
            }
            path = prefix
        }
        let fault: TransportFault
        if let status = body["status"] {
            guard let code = status.numberValue?.int64Value, code == 429 || (500...599).contains(code) else {
                return Self.error(400, "status must be 429 or from 500 to 599")
            }
            if code == 429 {
                var retryAfter: Int?
                if let value = body["retryAfter"] {
                    guard let seconds = value.numberValue?.int64Value, (0...86_400).contains(seconds) else {
                        return Self.error(400, "retryAfter must be an integer number of seconds")
                    }
                    retryAfter = Int(seconds)
                }
                fault = .rateLimited(retryAfterSeconds: retryAfter)
            } else {
                fault = .serverError(status: Int(code))
            }
        } else {
            switch body["kind"]?.stringValue {
            case "timeout": fault = .timeout
            case "timeoutAfterProcessing": fault = .timeoutAfterProcessing
            case "connectionDropped": fault = .connectionDropped
            default:
                return Self.error(
                    400,
                    "give a status (429 or 5xx) or a kind (timeout, timeoutAfterProcessing, connectionDropped)"
                )
            }
        }
        platform.injectFault(fault, count: count, pathPrefix: path)
        return Self.json(201) { writer in
            writer.field("fault", fault.description)
            writer.field("count", count)
            writer.key("path")
            if let path { writer.string(path) } else { writer.null() }
        }
    }

    private func listUsers() -> SimulatedResponse {
        let state = platform.exportState()
        let channel = credentials.channel.rawValue
        return Self.json(200) { writer in
            writer.key("users")
            writer.beginArray()
            for user in state.users {
                writer.beginObject()
                writer.field("userId", user.id)
                writer.field("displayName", user.displayName)
                let friendship = state.friendships.first { $0.channel == channel && $0.user == user.id }
                writer.field("following", friendship?.following ?? false)
                writer.endObject()
            }
            writer.endArray()
        }
    }

    private func addUser(_ body: JSONValue) -> SimulatedResponse {
        guard let name = body["displayName"]?.stringValue, !name.isEmpty, name.count <= 100 else {
            return Self.error(400, "displayName must be a string of 1 to 100 characters")
        }
        for key in ["language", "pictureUrl", "statusMessage"] {
            if let value = body[key], value.stringValue == nil {
                return Self.error(400, "\(key) must be a string")
            }
        }
        let user = platform.addUser(
            displayName: name,
            language: body["language"]?.stringValue ?? "ja",
            pictureURL: body["pictureUrl"]?.stringValue,
            statusMessage: body["statusMessage"]?.stringValue
        )
        try? saveState()
        return Self.json(201) { $0.field("userId", user.rawValue) }
    }

    private func userAction(_ userID: String, _ action: String, _ body: JSONValue) async -> SimulatedResponse {
        let channel = credentials.channel
        switch action {
        case "follow":
            return await deliver(user: userID) { (user) throws(FakePlatformError) in
                try platform.follow(user, channel: channel)
            }
        case "unfollow":
            return await deliver(user: userID) { (user) throws(FakePlatformError) in
                try platform.unfollow(user, channel: channel)
            }
        case "messages":
            switch body["type"]?.stringValue ?? "text" {
            case "text":
                guard let text = body["text"]?.stringValue, !text.isEmpty, text.utf16.count <= 5000 else {
                    return Self.error(400, "text must be a string of 1 to 5000 UTF-16 code units")
                }
                let content: TextContent
                switch Self.textContent(text, emojis: body["emojis"]) {
                case .success(let value): content = value
                case .failure(let message): return Self.error(400, message.text)
                }
                return await deliver(user: userID) { (user) throws(FakePlatformError) in
                    try platform.sendText(content, from: user, channel: channel)
                }
            case "image":
                return await deliver(user: userID) { (user) throws(FakePlatformError) in
                    try platform.sendImage(Self.sampleJPEG, from: user, channel: channel)
                }
            case "sticker":
                guard let package = body["packageId"]?.stringValue, let sticker = body["stickerId"]?.stringValue,
                    !package.isEmpty, !sticker.isEmpty
                else {
                    return Self.error(400, "a sticker needs packageId and stickerId strings")
                }
                return await deliver(user: userID) { (user) throws(FakePlatformError) in
                    try platform.sendSticker(packageID: package, stickerID: sticker, from: user, channel: channel)
                }
            case let other:
                return Self.error(400, "type \(other) is not text, image or sticker")
            }
        default:
            return Self.error(404, "no such user action: \(action); follow, unfollow or messages")
        }
    }

    private func inbox(_ userID: String) -> SimulatedResponse {
        guard let user = try? LineUserID(userID), platform.knowsUser(user) else {
            return Self.error(404, "no user \(userID)")
        }
        let sends = platform.outbox.filter { entry in
            [.reply, .push, .multicast].contains(entry.kind) && entry.channel == credentials.channel
                && entry.recipients.contains(user.rawValue)
        }
        return Self.json(200) { writer in
            writer.key("sends")
            writer.beginArray()
            for send in sends {
                writer.beginObject()
                writer.field("via", send.kind.rawValue)
                writer.field("requestId", send.requestID)
                writer.key("retryKey")
                if let key = send.retryKey { writer.string(key.rawValue) } else { writer.null() }
                writer.field("delivered", !send.undeliveredRecipients.contains(user.rawValue))
                writer.field("acceptedAt", Int(send.acceptedAt.millisecondsSinceEpoch))
                writer.key("messages")
                writer.value(.array(send.messages))
                writer.endObject()
            }
            writer.endArray()
        }
    }

    // MARK: Posting webhooks

    /// `POST /v2/bot/channel/webhook/test` as LINE answers it: a signed webhook with no events is posted to the
    /// endpoint given in the request, or to the webhook URL, and the answer says what came back.
    func testWebhook(_ platformAnswer: SimulatedResponse, requestBody: [UInt8]) async -> SimulatedResponse {
        let requested = (try? JSONValue(parsing: requestBody, limits: .default))?["endpoint"]?.stringValue
        guard let endpoint = requested ?? mutable.withLockedValue({ $0.webhookURL }),
            (try? Self.checkWebhookURL(endpoint)) != nil
        else {
            return platformAnswer
        }
        let timestamp = (try? JSONValue(parsing: platformAnswer.body, limits: .default))?["timestamp"]?.stringValue
        var body = JSONWriter(reservingCapacity: 96)
        body.beginObject()
        body.field("destination", credentials.botUserID)
        body.key("events")
        body.beginArray()
        body.endArray()
        body.endObject()
        let signature = WebhookSignatureVerifier(secrets: [WebhookSecret(credentials.channelSecret)])
            .signature(for: body.bytes)
        let headers = [
            "content-type": "application/json; charset=utf-8", "x-line-signature": signature,
            "user-agent": "LineBotWebhook/2.0",
        ]
        var status = 0
        var detail = ""
        do {
            status = try await postWebhook(body.bytes, headers: headers, to: endpoint)
            detail = String(status)
        } catch {
            detail = Self.describe(error)
        }
        let success = (200..<300).contains(status)
        var answer = Self.json(200) { writer in
            writer.field("success", success)
            writer.optionalField("timestamp", timestamp)
            writer.field("statusCode", status)
            writer.field("reason", success ? "OK" : status == 0 ? "COULD_NOT_CONNECT" : "ERROR_STATUS_CODE")
            writer.field("detail", detail)
        }
        answer.headers["x-line-request-id"] = platformAnswer.headers["x-line-request-id"]
        return answer
    }

    /// Produces a webhook for a user the platform knows and posts it.
    private func deliver(
        user userID: String,
        _ produce: (LineUserID) throws(FakePlatformError) -> SignedWebhook
    ) async -> SimulatedResponse {
        guard let user = try? LineUserID(userID) else { return Self.error(404, "no user \(userID)") }
        return await post { () throws(FakePlatformError) in try produce(user) }
    }

    private func post(_ produce: () throws(FakePlatformError) -> SignedWebhook) async -> SimulatedResponse {
        let webhook: SignedWebhook
        do {
            webhook = try produce()
        } catch {
            let status = [.unknownUser, .unknownEvent, .unknownMessage].contains(error.code) ? 404 : 409
            return Self.error(status, error.message)
        }
        try? saveState()
        let eventIDs = webhook.events.map(\.webhookEventID)
        guard let url = mutable.withLockedValue({ $0.webhookURL }) else {
            return Self.json(409) { writer in
                writer.field("message", "no webhook URL is set: start with --webhook-url or PUT /emulator/v1/webhook")
                Self.writeIDs(eventIDs, &writer)
            }
        }
        do {
            let status = try await postWebhook(webhook.body, headers: webhook.headers, to: url)
            return Self.json(200) { writer in
                writer.field("status", status)
                Self.writeIDs(eventIDs, &writer)
            }
        } catch {
            logger.warning(
                "webhook post got no answer",
                metadata: ["error": "\(String(describing: type(of: error)))"]
            )
            return Self.json(502) { writer in
                writer.key("status")
                writer.null()
                writer.field("message", "the webhook URL gave no answer: \(Self.describe(error))")
                Self.writeIDs(eventIDs, &writer)
            }
        }
    }

    /// Posts a webhook and returns the bot's status code.
    private func postWebhook(_ body: [UInt8], headers: [String: String], to url: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .init(webhookTimeout))
        // The bot's answer body is read and dropped, up to 1 MiB, so the connection can be reused.
        _ = try? await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    private static func writeIDs(_ ids: [String], _ writer: inout JSONWriter) {
        writer.key("webhookEventIds")
        writer.beginArray()
        for id in ids { writer.string(id) }
        writer.endArray()
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: type(of: error))
    }

    // MARK: Helpers

    struct TextProblem: Error { var text: String }

    /// LINE's `text` and `emojis[]` (indexes and lengths in UTF-16 code units) as runs of text and emoji.
    static func textContent(_ text: String, emojis: JSONValue?) -> Result<TextContent, TextProblem> {
        guard let emojis, emojis != .null else { return .success(TextContent(text)) }
        guard let list = emojis.arrayValue, list.count <= 20 else {
            return .failure(TextProblem(text: "emojis must be an array of at most 20 objects"))
        }
        let units = Array(text.utf16)
        var runs: [TextRun] = []
        var cursor = 0
        for (position, emoji) in list.enumerated() {
            guard let index = emoji["index"]?.numberValue?.int64Value.map(Int.init),
                let length = emoji["length"]?.numberValue?.int64Value.map(Int.init),
                let product = emoji["productId"]?.stringValue, let emojiID = emoji["emojiId"]?.stringValue
            else {
                return .failure(
                    TextProblem(text: "emojis[\(position)] needs index, length, productId and emojiId")
                )
            }
            guard index >= cursor, length > 0, index + length <= units.count,
                Self.isScalarBoundary(index, in: text), Self.isScalarBoundary(index + length, in: text)
            else {
                return .failure(
                    TextProblem(
                        text:
                            "emojis[\(position)] (index \(index), length \(length)) must lie inside the text, in order, without overlapping"
                    )
                )
            }
            runs.append(.plain(String(decoding: units[cursor..<index], as: UTF16.self)))
            let token = String(decoding: units[index..<(index + length)], as: UTF16.self)
            runs.append(.emoji(EmojiRun(token: token, productID: product, emojiID: emojiID)))
            cursor = index + length
        }
        runs.append(.plain(String(decoding: units[cursor...], as: UTF16.self)))
        return .success(TextContent(runs: runs))
    }

    private static func isScalarBoundary(_ offset: Int, in text: String) -> Bool {
        let index = String.Index(utf16Offset: offset, in: text)
        return index.samePosition(in: text.unicodeScalars) != nil
    }

    /// A 1×1 JPEG, the content of images the emulator's users send.
    static let sampleJPEG: [UInt8] = [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
        0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x08, 0x06, 0x06, 0x07, 0x06, 0x05, 0x08, 0x07, 0x07, 0x07, 0x09,
        0x09, 0x08, 0x0A, 0x0C, 0x14, 0x0D, 0x0C, 0x0B, 0x0B, 0x0C, 0x19, 0x12, 0x13, 0x0F, 0x14, 0x1D, 0x1A, 0x1F,
        0x1E, 0x1D, 0x1A, 0x1C, 0x1C, 0x20, 0x24, 0x2E, 0x27, 0x20, 0x22, 0x2C, 0x23, 0x1C, 0x1C, 0x28, 0x37, 0x29,
        0x2C, 0x30, 0x31, 0x34, 0x34, 0x34, 0x1F, 0x27, 0x39, 0x3D, 0x38, 0x32, 0x3C, 0x2E, 0x33, 0x34, 0x32, 0xFF,
        0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09,
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x2A, 0x9F, 0xFF, 0xD9,
    ]

    static func json(_ status: Int, _ fields: (inout JSONWriter) -> Void) -> SimulatedResponse {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        fields(&writer)
        writer.endObject()
        return SimulatedResponse(status: status, headers: ["content-type": "application/json"], body: writer.bytes)
    }

    static func error(_ status: Int, _ message: String) -> SimulatedResponse {
        json(status) { $0.field("message", message) }
    }
}
