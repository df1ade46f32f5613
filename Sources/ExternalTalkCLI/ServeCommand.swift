import ArgumentParser
import ExternalTalk
import ExternalTalkHummingbird
import Foundation
import LineHTTPTransport
import Logging
import Metrics
import NIOCore
import PostgresStorage
import Prometheus
import SQLiteStorage
import ServiceLifecycle
import Synchronization
import TalkModel
import TalkStorage
import TalkTransport
import TalkWire
import UnixSignals
import WebhookSignature

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the ExternalTalk server: LINE webhooks, LINE WORKS callbacks, federation and the admin API.",
        discussion: """
            Listens on 127.0.0.1:8080 unless told otherwise and prints `listening on http://HOST:PORT` when ready. \
            Stores everything in a SQLite file (external-talk.sqlite in the current folder, created on first run) \
            or in PostgreSQL (--postgres), which several instances may share. Channels come from the configuration \
            file and from --line-channel ID=SECRET; a channel's access token comes from the file or from the \
            environment variable EXTERNAL_TALK_LINE_TOKEN_<ID>, never from a flag. The admin API (bearer token from \
            the file's adminToken or EXTERNAL_TALK_ADMIN_TOKEN) is served only when a token is set. SIGINT and \
            SIGTERM stop it gracefully. Flags override the file. A configuration error stops start-up with one \
            line and exit status 64 (66 for a file that cannot be read).
            """
    )

    @Option(name: .long, help: "A JSON configuration file (see the README).")
    var config: String?

    @Option(name: .long, help: "The host or address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "The port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(name: .long, help: "The SQLite file (default external-talk.sqlite).")
    var db: String?

    @Option(name: .long, help: "A PostgreSQL URL, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME].")
    var postgres: String?

    @Option(name: .long, help: "A LINE channel as ID=SECRET; repeat for more.")
    var lineChannel: [String] = []

    @Option(name: .long, help: "The log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        if db != nil, postgres != nil { throw ValidationError("give --db or --postgres, not both") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level \(logLevel) is unknown")
        }
    }

    func run() async throws {
        let settings: ServeSettings
        do {
            let file = try config.map { path throws(ServeConfigurationError) in try ServeSettings.load(path: path) }
            settings = try ServeSettings.merge(
                file: file,
                host: host,
                port: port,
                database: db,
                postgres: postgres,
                lineChannels: lineChannel,
                environment: ProcessInfo.processInfo.environment
            )
        } catch {
            printError("serve: \(error.description)")
            throw ExitCode(error.status)
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let listening = ListeningLine(host: settings.host)
        do {
            try await ServeRuntime.run(
                settings,
                metrics: registry,
                signals: [.sigterm, .sigint],
                onListening: { listening.announce($0) }
            )
        } catch let failure as ServeRuntime.StartFailure {
            printError("serve: \(failure.message)")
            throw ExitCode(failure.status)
        } catch {
            if !listening.announced, Self.isAddressInUse(error) {
                printError("serve: cannot listen on \(settings.host):\(settings.port): the address is in use")
                throw ExitStatus.usage
            }
            if !listening.announced {
                printError("serve: cannot start: \(error)")
                throw ExitStatus.usage
            }
            printError("serve: stopped: \(error)")
            throw ExitCode(1)
        }
    }

    static func isAddressInUse(_ error: any Error) -> Bool {
        if let error = error as? IOError, error.errnoCode == EADDRINUSE { return true }
        return "\(error)".contains("Address already in use")
    }
}

/// One server as `serve` runs it: the storage the settings name, the HTTP transport to LINE and to peer tenants,
/// the engine, and `ExternalTalkServer`, until the service group shuts down.
enum ServeRuntime {
    /// A failure before the server could start, with the exit status it calls for.
    struct StartFailure: Error {
        var message: String
        var status: Int32
    }

    static func run(
        _ settings: ServeSettings,
        metrics: PrometheusCollectorRegistry?,
        signals: [UnixSignal],
        onListening: @escaping @Sendable (ExternalTalkServer.ListeningAddress) async -> Void
    ) async throws {
        let logger = Logger(label: "external-talk.serve")
        let storage: any TalkStorage
        let closeStorage: @Sendable () async -> Void
        switch settings.store {
        case .sqlite(let path):
            do {
                let sqlite = try SQLiteStorage(path: path)
                storage = sqlite
                closeStorage = { try? sqlite.close() }
            } catch {
                throw StartFailure(message: "cannot open the SQLite file \(path): \(error)", status: 66)
            }
        case .postgres(let url):
            do {
                let postgres = try await PostgresStorage.connect(try PostgresStorage.Configuration(url: url))
                storage = postgres
                closeStorage = { await postgres.close() }
            } catch {
                throw StartFailure(message: "cannot use PostgreSQL: \(error)", status: 66)
            }
        }

        var tokens: [LineChannelID: String] = [:]
        for channel in settings.channels {
            if let token = channel.accessToken { tokens[channel.configuration.channel.id] = token }
        }
        let transportConfiguration = HTTPTalkTransport.Configuration(
            apiBaseURL: settings.lineAPIBaseURL,
            apiDataBaseURL: settings.lineDataAPIBaseURL,
            worksBaseURL: settings.worksAPIBaseURL,
            federationPeers: Dictionary(
                settings.peers.map {
                    ($0.tenant, HTTPTalkTransport.FederationPeer(baseURL: $0.url, secret: WebhookSecret($0.secret)))
                },
                uniquingKeysWith: { first, _ in first }
            ),
            localTenant: settings.tenant,
            allowsInsecureLoopback: true
        )
        do {
            try await HTTPTalkTransport.withOwnedClient(
                configuration: transportConfiguration,
                accessTokens: .perChannel(tokens),
                logger: Logger(label: "external-talk.transport")
            ) { transport in
                let service = ExternalTalkService(
                    configuration: ExternalTalkConfiguration(
                        policy: settings.policy,
                        peerPolicies: settings.peerPolicies,
                        channels: settings.channels.map(\.configuration),
                        federationPeers: settings.peers.map {
                            FederationPeer(tenant: $0.tenant, secrets: [WebhookSecret($0.secret)])
                        },
                        emojiCatalog: EmojiCatalog(seed: settings.emoji),
                        outboxRetry: settings.outboxRetry
                    ),
                    storage: storage,
                    transport: transport,
                    logger: Logger(label: "external-talk.engine")
                )
                let server = ExternalTalkServer(
                    service: service,
                    configuration: ExternalTalkServer.Configuration(
                        host: settings.host,
                        port: settings.port,
                        routes: ExternalTalkRouteOptions(maximumBodyBytes: settings.maximumBodyBytes),
                        adminToken: settings.adminToken.map(AdminToken.init)
                    ),
                    metrics: metrics,
                    logger: logger,
                    onListening: onListening
                )
                let group = ServiceGroup(
                    configuration: ServiceGroupConfiguration(
                        services: [server],
                        gracefulShutdownSignals: signals,
                        logger: logger
                    )
                )
                try await group.run()
            }
        } catch let error as TalkTransportError where error.code == .invalidConfiguration {
            await closeStorage()
            throw StartFailure(message: error.message, status: 64)
        } catch {
            await closeStorage()
            throw error
        }
        await closeStorage()
    }
}

/// Prints the `listening on` line once, and remembers that it did.
final class ListeningLine: Sendable {
    private let host: String
    private let done = Atomic<Bool>(false)

    init(host: String) { self.host = host }

    var announced: Bool { done.load(ordering: .acquiring) }

    func announce(_ address: ExternalTalkServer.ListeningAddress) {
        guard !done.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let shown = host.contains(":") ? "[\(host)]" : host
        print("listening on http://\(shown):\(address.port)")
        // Flushed at once: a supervisor or a test waits for this line.
        fflush(nil)
    }
}
