public import ExternalTalk
import Hummingbird
public import Logging
import NIOCore
public import Prometheus
public import ServiceLifecycle

/// The ExternalTalk server: ``ExternalTalkRoutes`` (and the admin API, when a token is set) on a Hummingbird
/// HTTP/1.1 server, with the engine's background work, as one swift-service-lifecycle `Service`.
///
/// ```swift
/// let server = ExternalTalkServer(
///     service: service,
///     configuration: .init(host: "127.0.0.1", port: 8080, adminToken: token),
///     metrics: registry
/// ) { address in print("listening on http://\(address)") }
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
///
/// On graceful shutdown (SIGTERM or SIGINT through the group), the server stops accepting connections, answers
/// the requests in flight (a webhook waiting for its group commit gets its answer after that commit), and then
/// stops the engine's background work, which finishes the tick it is in.
public struct ExternalTalkServer: Service {
    /// Where and how the server listens.
    public struct Configuration: Sendable {
        /// The host or address to bind, `127.0.0.1` by default.
        public var host: String
        /// The port to bind; 0 picks a free one (``ExternalTalkServer/init(service:configuration:metrics:logger:onListening:)``
        /// reports it).
        public var port: Int
        /// Body limit and group commit.
        public var routes: ExternalTalkRouteOptions
        /// The bearer token of the admin API; `nil` leaves the admin API out.
        public var adminToken: AdminToken?

        /// Creates a configuration.
        /// - Parameters:
        ///   - host: The host to bind.
        ///   - port: The port to bind.
        ///   - routes: Route options.
        ///   - adminToken: The admin API's token.
        public init(
            host: String = "127.0.0.1",
            port: Int = 8080,
            routes: ExternalTalkRouteOptions = ExternalTalkRouteOptions(),
            adminToken: AdminToken? = nil
        ) {
            self.host = host
            self.port = port
            self.routes = routes
            self.adminToken = adminToken
        }
    }

    /// The address a server listens on, once bound.
    public struct ListeningAddress: Sendable, Hashable, CustomStringConvertible {
        /// The host it was asked to bind.
        public var host: String
        /// The port it bound (the one picked, when 0 was asked).
        public var port: Int
        /// `host:port`.
        public var description: String { "\(host):\(port)" }
    }

    let service: ExternalTalkService
    let configuration: Configuration
    let metrics: PrometheusCollectorRegistry?
    let logger: Logger
    let onListening: @Sendable (ListeningAddress) async -> Void

    /// Creates a server.
    /// - Parameters:
    ///   - service: The engine; the server runs its background work.
    ///   - configuration: Where to listen, limits and the admin token.
    ///   - metrics: The registry `GET /metrics` exposes.
    ///   - logger: The server's logger; requests are logged by ID and outcome, never by body, token or signature.
    ///   - onListening: Called once the socket is bound.
    public init(
        service: ExternalTalkService,
        configuration: Configuration = Configuration(),
        metrics: PrometheusCollectorRegistry? = nil,
        logger: Logger = Logger(label: "ExternalTalkServer"),
        onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }
    ) {
        self.service = service
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.onListening = onListening
    }

    /// Runs until cancelled or shut down gracefully.
    /// - Throws: When the socket cannot be bound (the port is in use, say), or the engine's storage cannot be
    ///   prepared.
    public func run() async throws {
        let router = Router()
        ExternalTalkRoutes(service: service, options: configuration.routes, metrics: metrics).register(on: router)
        if let token = configuration.adminToken {
            AdminRoutes(service: service, token: token).register(on: router)
        }
        let host = configuration.host
        let onListening = self.onListening
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port)),
            services: [service],
            onServerRunning: { channel in
                await onListening(ListeningAddress(host: host, port: channel.localAddress?.port ?? 0))
            },
            logger: logger
        )
        try await app.run()
    }
}
