import ExternalTalk
import Foundation
import PostgresStorage
import TalkModel
import TalkWire
import WebhookSignature

/// The `serve` configuration file, JSON. Every key is optional; flags override it.
///
/// ```json
/// {
///   "tenant": "example.co.jp",
///   "host": "127.0.0.1",
///   "port": 8080,
///   "database": "external-talk.sqlite",
///   "postgres": "postgres://talk@127.0.0.1:5432/talk",
///   "adminToken": "a long random string",
///   "lineAPIBaseURL": "https://api.line.me",
///   "maximumBodyBytes": 1048576,
///   "outbox": { "initialDelaySeconds": 2, "maximumDelaySeconds": 300, "maximumAttempts": 12, "attemptLeaseSeconds": 120 },
///   "channels": [
///     { "id": "2000000001", "secret": "…", "accessToken": "…", "owner": "sato@example.co.jp", "plan": "free" }
///   ],
///   "federation": { "peers": [ { "tenant": "partner.example.jp", "url": "https://talk.partner.example.jp", "secret": "…" } ] },
///   "sendableEmoji": [ { "token": "(smile)", "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "001" } ],
///   "policy": { … a TenantPolicy in its stored form … }
/// }
/// ```
struct ServeConfigurationFile: Decodable {
    struct Channel: Decodable {
        var id: String
        var secret: String?
        var secrets: [String]?
        var accessToken: String?
        var owner: String?
        var operators: [String]?
        var displayName: String?
        var basicId: String?
        var provider: String?
        var plan: String?
        var unansweredMinutes: Int?
    }

    struct Peer: Decodable {
        var tenant: String
        var url: String
        var secret: String
    }

    struct Federation: Decodable {
        var peers: [Peer]?
    }

    /// A LINE emoji the channels may send, and the token members type for it (R14).
    struct Emoji: Decodable {
        var token: String
        var productId: String
        var emojiId: String
    }

    /// When the outbox tries a failed send again, and how long one attempt holds its entry (``OutboxRetry``).
    struct Outbox: Decodable {
        var initialDelaySeconds: Int?
        var maximumDelaySeconds: Int?
        var maximumAttempts: Int?
        var attemptLeaseSeconds: Int?
    }

    var tenant: String?
    var host: String?
    var port: Int?
    var database: String?
    var postgres: String?
    var adminToken: String?
    var lineAPIBaseURL: String?
    var lineDataAPIBaseURL: String?
    var worksAPIBaseURL: String?
    var maximumBodyBytes: Int?
    var outbox: Outbox?
    var channels: [Channel]?
    var federation: Federation?
    var sendableEmoji: [Emoji]?
    var policy: TenantPolicy?
    var peerPolicies: [TenantPolicy]?
}

/// A configuration problem: one line for the operator, and the exit status.
struct ServeConfigurationError: Error, CustomStringConvertible {
    var description: String
    var status: Int32

    static func usage(_ text: String) -> ServeConfigurationError {
        ServeConfigurationError(description: text, status: 64)
    }
    static func unreadable(_ text: String) -> ServeConfigurationError {
        ServeConfigurationError(description: text, status: 66)
    }
}

/// What `serve` runs with, after the file, the flags and the environment are merged and checked.
struct ServeSettings {
    enum Store {
        case sqlite(path: String)
        case postgres(url: String)
    }

    struct Channel {
        var configuration: ChannelConfiguration
        var accessToken: String?
    }

    struct Peer {
        var tenant: TenantDomain
        var url: String
        var secret: String
    }

    var tenant: TenantDomain
    var host: String
    var port: Int
    var store: Store
    var adminToken: String?
    var lineAPIBaseURL: String
    var lineDataAPIBaseURL: String
    var worksAPIBaseURL: String
    var maximumBodyBytes: Int
    var outboxRetry = OutboxRetry()
    var channels: [Channel]
    var peers: [Peer]
    var emoji: [EmojiCatalog.Entry]
    var policy: TenantPolicy
    /// Peer tenants' policies as their admins published them, checked beside ours (R04).
    var peerPolicies: [TenantPolicy] = []

    /// The environment variable that holds a channel's access token when the file does not.
    static func tokenVariable(for channel: String) -> String { "EXTERNAL_TALK_LINE_TOKEN_\(channel)" }
    /// The environment variable that holds the admin token when the file does not.
    static let adminTokenVariable = "EXTERNAL_TALK_ADMIN_TOKEN"

    /// Reads and parses a configuration file.
    static func load(path: String) throws(ServeConfigurationError) -> ServeConfigurationFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable("cannot read the configuration file \(path)")
        }
        do {
            return try JSONDecoder().decode(ServeConfigurationFile.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw .usage("\(path) is not valid JSON: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw .usage("\(path): \(Self.path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .usage("\(path): \(Self.path(context.codingPath)) has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .usage("\(path): \(Self.path(context.codingPath)) is null")
        } catch {
            throw .usage("\(path) cannot be read as a configuration: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }

    /// Merges a file (if any), the flags and the environment.
    static func merge(
        file: ServeConfigurationFile?,
        host: String?,
        port: Int?,
        database: String?,
        postgres: String?,
        lineChannels: [String],
        environment: [String: String]
    ) throws(ServeConfigurationError) -> ServeSettings {
        let file = file ?? ServeConfigurationFile()
        let tenant: TenantDomain
        do {
            tenant = try TenantDomain(file.tenant ?? file.policy?.tenant.rawValue ?? "localhost.localdomain")
        } catch {
            throw .usage("tenant: \(error)")
        }
        let host = host ?? file.host ?? "127.0.0.1"
        let port = port ?? file.port ?? 8080
        guard (0...65535).contains(port) else { throw .usage("port \(port) is out of range (0-65535)") }

        let store: Store
        if let postgres {
            store = .postgres(url: postgres)
        } else if let database {
            store = .sqlite(path: database)
        } else if let postgres = file.postgres {
            store = .postgres(url: postgres)
        } else {
            store = .sqlite(path: file.database ?? "external-talk.sqlite")
        }
        if case .postgres(let url) = store {
            do {
                _ = try PostgresStorage.Configuration(url: url)
            } catch {
                throw .usage("--postgres: \(error)")
            }
        }

        var channels: [String: ServeConfigurationFile.Channel] = [:]
        var order: [String] = []
        for channel in file.channels ?? [] {
            if channels[channel.id] == nil { order.append(channel.id) }
            channels[channel.id] = channel
        }
        for flag in lineChannels {
            guard let equals = flag.firstIndex(of: "="), equals != flag.startIndex else {
                throw .usage("--line-channel: expected ID=SECRET")
            }
            let id = String(flag[..<equals])
            let secret = String(flag[flag.index(after: equals)...])
            guard !secret.isEmpty else { throw .usage("--line-channel \(id): the secret is missing") }
            if channels[id] == nil { order.append(id) }
            var channel = channels[id] ?? ServeConfigurationFile.Channel(id: id)
            channel.secret = secret
            channel.secrets = nil
            channels[id] = channel
        }
        var built: [Channel] = []
        for id in order {
            guard let entry = channels[id] else { continue }
            built.append(try Self.channel(entry, environment: environment))
        }

        var peers: [Peer] = []
        for (index, peer) in (file.federation?.peers ?? []).enumerated() {
            guard let domain = try? TenantDomain(peer.tenant) else {
                throw .usage("federation.peers[\(index)].tenant is not a domain")
            }
            guard peer.url.hasPrefix("https://") || peer.url.hasPrefix("http://") else {
                throw .usage("federation.peers[\(index)].url is not an http(s) URL")
            }
            guard !peer.secret.isEmpty else { throw .usage("federation.peers[\(index)].secret is missing") }
            peers.append(Peer(tenant: domain, url: peer.url, secret: peer.secret))
        }

        var emoji: [EmojiCatalog.Entry] = []
        for (index, entry) in (file.sendableEmoji ?? []).enumerated() {
            let key = LineEmojiKey(productID: entry.productId, emojiID: entry.emojiId)
            guard LineEmojiToken.isWellFormed(entry.token),
                LineEmojiToken.parseFallback(LineEmojiToken.fallback(productID: key.productID, emojiID: key.emojiID))
                    == key
            else {
                throw .usage("sendableEmoji[\(index)] is not a token like (smile) with 1-32 letter or digit IDs")
            }
            emoji.append(EmojiCatalog.Entry(token: entry.token, key: key, isSendable: true))
        }

        var policy = file.policy ?? TenantPolicy(tenant: tenant, plan: .free)
        if policy.tenant != tenant {
            guard file.tenant == nil else { throw .usage("policy.tenant differs from tenant") }
            policy = TenantPolicy(tenant: tenant, plan: policy.plan)
        }
        let adminToken = file.adminToken ?? environment[adminTokenVariable]
        if let adminToken, adminToken.utf8.count < 16 {
            throw .usage("the admin token is shorter than 16 bytes")
        }
        let outboxRetry = try Self.outboxRetry(file.outbox)
        var settings = ServeSettings(
            tenant: tenant,
            host: host,
            port: port,
            store: store,
            adminToken: adminToken,
            lineAPIBaseURL: file.lineAPIBaseURL ?? "https://api.line.me",
            lineDataAPIBaseURL: file.lineDataAPIBaseURL ?? "https://api-data.line.me",
            worksAPIBaseURL: file.worksAPIBaseURL ?? "https://www.worksapis.com/v1.0",
            maximumBodyBytes: file.maximumBodyBytes ?? 1 << 20,
            channels: built,
            peers: peers,
            emoji: emoji,
            policy: policy,
            peerPolicies: file.peerPolicies ?? []
        )
        settings.outboxRetry = outboxRetry
        return settings
    }

    private static func outboxRetry(
        _ outbox: ServeConfigurationFile.Outbox?
    ) throws(ServeConfigurationError) -> OutboxRetry {
        let defaults = OutboxRetry()
        guard let outbox else { return defaults }
        func seconds(
            _ value: Int?,
            _ key: String,
            default fallback: TalkDuration
        ) throws(ServeConfigurationError)
            -> TalkDuration
        {
            guard let value else { return fallback }
            guard (1...86_400).contains(value) else {
                throw .usage("outbox.\(key) must be between 1 and 86400 seconds")
            }
            return .seconds(Int64(value))
        }
        if let attempts = outbox.maximumAttempts, !(1...1_000).contains(attempts) {
            throw .usage("outbox.maximumAttempts must be between 1 and 1000")
        }
        return OutboxRetry(
            initialDelay: try seconds(
                outbox.initialDelaySeconds,
                "initialDelaySeconds",
                default: defaults.initialDelay
            ),
            maximumDelay: try seconds(
                outbox.maximumDelaySeconds,
                "maximumDelaySeconds",
                default: defaults.maximumDelay
            ),
            maximumAttempts: outbox.maximumAttempts ?? defaults.maximumAttempts,
            attemptLease: try seconds(outbox.attemptLeaseSeconds, "attemptLeaseSeconds", default: defaults.attemptLease)
        )
    }

    private static func channel(
        _ entry: ServeConfigurationFile.Channel,
        environment: [String: String]
    ) throws(ServeConfigurationError) -> Channel {
        let id: LineChannelID
        do {
            id = try LineChannelID(entry.id)
        } catch {
            throw .usage("channel \(entry.id.prefix(20)): \(error)")
        }
        let secrets = (entry.secrets ?? []) + (entry.secret.map { [$0] } ?? [])
        guard !secrets.isEmpty, secrets.allSatisfy({ !$0.isEmpty }) else {
            throw .usage("channel \(id): the channel secret is missing")
        }
        let plan: MessagePlan
        switch entry.plan ?? "free" {
        case "free": plan = .free
        case "light": plan = .light
        case "standard": plan = .standard
        case let other: throw .usage("channel \(id): plan \(other) is not free, light or standard")
        }
        do {
            let owner = try entry.owner.map { try MemberID($0) }
            let operators = Set(try (entry.operators ?? []).map { try MemberID($0) })
            let channel = OfficialAccountChannel(
                id: id,
                provider: try LineProviderID(entry.provider ?? "1000000000"),
                basicID: try LineBasicID(entry.basicId ?? "@channel\(id.rawValue.suffix(6))"),
                displayName: entry.displayName ?? "Channel \(id)",
                scope: .companyWide,
                operators: operators
            )
            return Channel(
                configuration: ChannelConfiguration(
                    channel: channel,
                    secrets: secrets.map { WebhookSecret($0) },
                    owner: owner,
                    messagePlan: plan,
                    unansweredDelay: entry.unansweredMinutes.map { .seconds(Int64($0) * 60) }
                ),
                accessToken: entry.accessToken ?? environment[tokenVariable(for: id.rawValue)]
            )
        } catch {
            throw .usage("channel \(id): \(error)")
        }
    }
}
