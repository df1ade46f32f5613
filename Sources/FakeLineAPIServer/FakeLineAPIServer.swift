import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import TalkModel
import TalkTesting

/// A LINE API look-alike on loopback HTTP: TalkTesting's fake platform behind a real HTTP/1.1 listener.
///
/// Base URLs (``apiBaseURL``, ``apiDataBaseURL``, ``worksBaseURL``, ``peerBaseURL(_:)``) are path prefixes on one
/// ephemeral port of 127.0.0.1. The Messaging API is also served at the root (``baseURL``), as a LINE SDK in any
/// language calls it once its host is set there: `/v2/bot/message/{messageId}/content` as
/// `https://api-data.line.me` answers it, every other `/v2/` path as `https://api.line.me`. Timeouts are served by
/// never answering (the client gives up); dropped connections by closing the socket; content in chunks.
/// ``withServer(platform:bytePacing:_:)`` stops the server when the body returns. ``LineEmulator`` adds a control
/// API for tests and posts signed webhooks to a bot.
public final class FakeLineAPIServer: Sendable {
    /// The platform answering the requests.
    public let platform: InMemoryTransport
    /// The bound port.
    public let port: Int

    private let serverChannel: any Channel
    private let connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>
    private let withheld: NIOLockedValueBox<Int>

    private init(
        platform: InMemoryTransport,
        serverChannel: any Channel,
        connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>,
        withheld: NIOLockedValueBox<Int>
    ) {
        self.platform = platform
        self.serverChannel = serverChannel
        self.port = serverChannel.localAddress?.port ?? 0
        self.connections = connections
        self.withheld = withheld
    }

    /// How many answers the server has withheld to simulate a timeout.
    public var withheldAnswers: Int { withheld.withLockedValue { $0 } }

    /// A deadline timer for the HTTP transport that passes as soon as the server withholds an answer (the
    /// simulated timeout), or after the timeout in real time, whichever comes first.
    ///
    /// A request the server answers never sees its deadline pass early, and one it will never answer fails at
    /// once, so tests neither sleep nor depend on the machine's speed.
    /// - Returns: The timer.
    public func deadlineTimer() -> @Sendable (Duration) async throws -> Void {
        let withheld = self.withheld
        return { timeout in
            let before = withheld.withLockedValue { $0 }
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: timeout)
            while clock.now < end {
                if withheld.withLockedValue({ $0 }) > before { return }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Runs a body with a server in front of a platform, and stops the server afterwards, even on error.
    /// - Parameters:
    ///   - platform: The fake platform.
    ///   - bytePacing: When set, every answer body is written one byte at a time with this pause between bytes,
    ///     as a server that trickles its answer.
    ///   - body: The test.
    /// - Returns: The body's result.
    public static func withServer<Result: Sendable>(
        platform: InMemoryTransport,
        bytePacing: Duration? = nil,
        _ body: (FakeLineAPIServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(platform: platform, bytePacing: bytePacing)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// Starts a server on 127.0.0.1 and an ephemeral port.
    /// - Parameters:
    ///   - platform: The fake platform.
    ///   - bytePacing: When set, the pause between the bytes of every answer body.
    /// - Returns: The running server.
    public static func start(
        platform: InMemoryTransport,
        bytePacing: Duration? = nil
    ) async throws
        -> FakeLineAPIServer
    {
        try await start(platform: platform, bytePacing: bytePacing, host: "127.0.0.1", port: 0, hooks: Hooks())
    }

    /// Starts a server with hooks around the platform.
    static func start(
        platform: InMemoryTransport,
        bytePacing: Duration?,
        host: String,
        port: Int,
        hooks: Hooks
    ) async throws -> FakeLineAPIServer {
        let connections = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
        let withheld = NIOLockedValueBox(0)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.withLockedValue { $0[ObjectIdentifier(channel)] = channel }
                channel.closeFuture.whenComplete { _ in
                    _ = connections.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
                }
                return channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(
                        FakeLineHTTPHandler(
                            platform: platform,
                            withheld: withheld,
                            bytePacing: bytePacing,
                            hooks: hooks
                        )
                    )
                }
            }
            .bind(host: host, port: port)
            .get()
        return FakeLineAPIServer(
            platform: platform,
            serverChannel: channel,
            connections: connections,
            withheld: withheld
        )
    }

    /// Stops listening and closes every open connection, including ones held open to simulate timeouts.
    public func shutdown() async throws {
        try? await serverChannel.close()
        let open = connections.withLockedValue { Array($0.values) }
        for connection in open { try? await connection.close() }
    }

    /// The root of the loopback server.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Where `https://api.line.me` is served.
    public var apiBaseURL: String { baseURL + "/api" }
    /// Where `https://api-data.line.me` is served.
    public var apiDataBaseURL: String { baseURL + "/api-data" }
    /// Where the LINE WORKS API is served.
    public var worksBaseURL: String { baseURL + "/works" }

    /// Where a peer tenant's server is served.
    /// - Parameter peer: The tenant.
    /// - Returns: Its base URL.
    public func peerBaseURL(_ peer: TenantDomain) -> String { baseURL + "/peers/" + peer.rawValue }
}

extension FakeLineAPIServer {
    /// What an emulator adds around the platform.
    struct Hooks: Sendable {
        /// Runs before each request reaches the platform or the control API (the emulator moves its clock).
        var beforeRequest: @Sendable () -> Void = {}
        /// Answers the requests under `/emulator/`; `nil` answers them 404.
        var control: (@Sendable (ControlRequest) async -> SimulatedResponse)?
        /// Runs after the platform answered a request that may have changed its state (not a `GET`).
        var afterChange: @Sendable () -> Void = {}
        /// Replaces the platform's 200 answer to `POST /v2/bot/channel/webhook/test` (given with the request's
        /// body) by the outcome of a real post; `nil` keeps the platform's answer.
        var webhookTest: (@Sendable (SimulatedResponse, [UInt8]) async -> SimulatedResponse)?
    }

    /// A request to the emulator's control API.
    struct ControlRequest: Sendable {
        /// The method, upper-case.
        var method: String
        /// The path without its query.
        var path: String
        /// The body.
        var body: [UInt8]
    }
}

/// Collects one request at a time, asks the platform, and writes what it says.
private final class FakeLineHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let platform: InMemoryTransport
    private let withheld: NIOLockedValueBox<Int>
    private let bytePacing: Duration?
    private let hooks: FakeLineAPIServer.Hooks
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(
        platform: InMemoryTransport,
        withheld: NIOLockedValueBox<Int>,
        bytePacing: Duration?,
        hooks: FakeLineAPIServer.Hooks
    ) {
        self.platform = platform
        self.withheld = withheld
        self.bytePacing = bytePacing
        self.hooks = hooks
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        hooks.beforeRequest()
        if head.uri.hasPrefix("/emulator/"), let control = hooks.control {
            let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
            let request = FakeLineAPIServer.ControlRequest(method: head.method.rawValue, path: path, body: body)
            respondLater(context: context) { await control(request) }
            return
        }
        guard let (service, path) = Self.route(head.uri) else {
            write(SimulatedResponse(status: 404, body: Array(#"{"message":"Not found"}"#.utf8)), context: context)
            return
        }
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        let request = SimulatedRequest(
            service: service,
            method: head.method.rawValue,
            path: path,
            headers: headers,
            body: body
        )
        let outcome = platform.simulate(request)
        if head.method != .GET { hooks.afterChange() }
        if case .response(let response) = outcome, response.status == 200, let webhookTest = hooks.webhookTest,
            service == .lineAPI, head.method == .POST, path.hasPrefix("/v2/bot/channel/webhook/test")
        {
            let body = request.body
            respondLater(context: context) { await webhookTest(response, body) }
            return
        }
        switch outcome {
        case .response(let response):
            write(response, context: context)
        case .timeout:
            // Never answer: the client's deadline passes. The server closes the connection at shutdown.
            withheld.withLockedValue { $0 += 1 }
        case .connectionDropped:
            context.close(promise: nil)
        }
    }

    /// Answers with what an asynchronous hook produces, written back on the channel's event loop.
    private func respondLater(
        context: ChannelHandlerContext,
        _ produce: @escaping @Sendable () async -> SimulatedResponse
    ) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        Task {
            let response = await produce()
            eventLoop.execute {
                let (handler, context) = bound.value
                handler.write(response, context: context)
            }
        }
    }

    private func write(_ response: SimulatedResponse, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let chunkSize = response.streamingChunkSize
        if chunkSize == nil { headers.replaceOrAdd(name: "content-length", value: String(response.body.count)) }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil
        )
        if let bytePacing {
            trickle(response.body[...], every: bytePacing, context: context)
            return
        }
        let size = max(1, chunkSize ?? max(1, response.body.count))
        var start = 0
        while start < response.body.count {
            let end = min(start + size, response.body.count)
            let buffer = context.channel.allocator.buffer(bytes: response.body[start..<end])
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            start = end
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Writes one byte, then schedules the next; stops when the client has gone.
    private func trickle(_ bytes: ArraySlice<UInt8>, every pause: Duration, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        guard let byte = bytes.first else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let buffer = context.channel.allocator.buffer(bytes: [byte])
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let parts = pause.components
        let nanoseconds = parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
        let rest = bytes.dropFirst()
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
            self.trickle(rest, every: pause, context: context)
        }
    }

    private static func route(_ uri: String) -> (SimulatedRequest.Service, String)? {
        let prefixes: [(String, SimulatedRequest.Service)] = [
            ("/api-data", .lineAPIData), ("/api", .lineAPI), ("/works", .works),
        ]
        for (prefix, service) in prefixes where uri.hasPrefix(prefix + "/") {
            return (service, String(uri.dropFirst(prefix.count)))
        }
        if uri.hasPrefix("/peers/") {
            let rest = uri.dropFirst("/peers/".count)
            guard let slash = rest.firstIndex(of: "/"), let domain = try? TenantDomain(String(rest[..<slash])) else {
                return nil
            }
            return (.federation(domain), String(rest[slash...]))
        }
        if uri.hasPrefix("/v2/") {
            let path = uri.split(separator: "?", maxSplits: 1).first ?? ""
            let segments = path.split(separator: "/")
            let isContent = segments.count == 5 && segments[2] == "message" && segments[4] == "content"
            return (isContent ? .lineAPIData : .lineAPI, uri)
        }
        return nil
    }
}
