import AsyncHTTPClient
import ExternalTalkHummingbird
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import TalkModel
import TalkWire

/// `demo --federation`: two tenants, each a server exactly as `serve` runs it (its own SQLite file, its own
/// keys, the HTTP transport), on loopback ports, driven through their admin APIs. Each step checks what the
/// rules say must have happened on both sides.
struct FederationDemo {
    struct StepFailure: Error {
        var step: Int
        var message: String
    }

    static let ours = "example.co.jp"
    static let partner = "partner.example.jp"
    static let sato = "sato@example.co.jp"
    static let suzuki = "suzuki@example.co.jp"
    static let tanaka = "tanaka@partner.example.jp"
    static let yamada = "yamada@partner.example.jp"
    static let smile = EmojiCatalog.Entry(
        token: "(smile)",
        key: LineEmojiKey(productID: "5ac1bfd5040ab15980c9b435", emojiID: "001"),
        isSendable: true
    )

    let folder: String
    let tokenA = "demo-admin-token-" + UUID().uuidString
    let tokenB = "demo-admin-token-" + UUID().uuidString
    var step = 0

    init(folder: String) { self.folder = folder }

    /// A free loopback port: bound and released, for a peer's URL that must be known before either server starts.
    static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 0
        try channel.close().wait()
        return port
    }

    /// A tenant's policy: the workspace link open to the listed members only (R02).
    static func policy(_ tenant: String, allowing allowed: [String]) throws -> TenantPolicy {
        var policy = TenantPolicy(tenant: try TenantDomain(tenant), plan: .paid)
        policy.workspaceLink = ExternalLink(
            isEnabled: true,
            allowedMembers: .only(Set(try allowed.map { try MemberID($0) }))
        )
        return policy
    }

    /// One tenant's server, which knows the peer's published policy (without it, R04 treats the peer as closed).
    func settings(
        _ policy: TenantPolicy,
        port: Int,
        peerPolicy: TenantPolicy,
        peerPort: Int,
        token: String
    ) throws
        -> ServeSettings
    {
        let domain = policy.tenant
        let tenant = domain.rawValue
        let peer = peerPolicy.tenant.rawValue
        return ServeSettings(
            tenant: domain,
            host: "127.0.0.1",
            port: port,
            store: .sqlite(path: "\(folder)/\(tenant).sqlite"),
            adminToken: token,
            lineAPIBaseURL: "https://api.line.me",
            lineDataAPIBaseURL: "https://api-data.line.me",
            worksAPIBaseURL: "https://www.worksapis.com/v1.0",
            maximumBodyBytes: 1 << 20,
            channels: [],
            peers: [
                ServeSettings.Peer(
                    tenant: try TenantDomain(peer),
                    url: "http://127.0.0.1:\(peerPort)",
                    secret: "federation-secret-shared-by-the-two-admins"
                )
            ],
            emoji: [Self.smile],
            policy: policy,
            peerPolicies: [peerPolicy]
        )
    }

    mutating func run() async throws {
        let portA = try Self.freePort()
        let portB = try Self.freePort()
        let policyA = try Self.policy(Self.ours, allowing: [Self.sato])
        let policyB = try Self.policy(Self.partner, allowing: [Self.tanaka])
        let a = try settings(policyA, port: portA, peerPolicy: policyB, peerPort: portB, token: tokenA)
        let b = try settings(policyB, port: portB, peerPolicy: policyA, peerPort: portA, token: tokenB)
        let (ready, readySink) = AsyncStream.makeStream(of: Int.self)
        let servers = [a, b].map { settings in
            TenantServer(settings: settings) { _ in readySink.yield(1) }
        }
        let logger = Logger(label: "external-talk.demo")
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: servers, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var started = 0
            for await _ in ready {
                started += 1
                if started == 2 { break }
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await story(client, a: "http://127.0.0.1:\(portA)", b: "http://127.0.0.1:\(portB)")
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            // Both servers drain and stop, as on SIGTERM.
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// One tenant's server as a service of the demo's group, so that both stop gracefully together.
    struct TenantServer: Service {
        let settings: ServeSettings
        let onListening: @Sendable (ExternalTalkServer.ListeningAddress) async -> Void

        func run() async throws {
            try await ServeRuntime.run(settings, metrics: nil, signals: [], onListening: onListening)
        }
    }

    // MARK: The story

    mutating func story(_ client: HTTPClient, a: String, b: String) async throws {
        let api = AdminClient(client: client)
        try check("\(Self.ours) on \(a) and \(Self.partner) on \(b): two servers, two SQLite files, two keys") {
            true
        }

        let invited = try await api.call(
            .POST,
            a,
            "/admin/v1/members/\(Self.sato)/invitations",
            token: tokenA,
            ["target": Self.tanaka]
        )
        let roomA = invited.json["room"] as? String ?? ""
        try check("sato invites tanaka by exact ID (R08): answered \(invited.status), room \(roomA)") {
            invited.status == 201 && !roomA.isEmpty
        }

        let requests = try await api.call(.GET, b, "/admin/v1/requests", token: tokenB)
        let pending = (requests.json["items"] as? [[String: Any]]) ?? []
        let roomB = pending.first?["id"] as? String ?? ""
        try check("\(Self.partner) sees the request from sato, pending (R09)") {
            pending.count == 1 && pending.first?["peer"] as? String == Self.sato
                && pending.first?["pendingRequest"] as? String == "incoming"
        }

        let accepted = try await api.call(
            .POST,
            b,
            "/admin/v1/rooms/\(roomB)/accept",
            token: tokenB,
            ["member": Self.tanaka]
        )
        let activeA = try await api.eventually(a, "/admin/v1/rooms/\(roomA)", token: tokenA) {
            $0["phase"] as? String == "active"
        }
        try check("tanaka adds sato: talk starts on both sides") { accepted.status == 200 && activeA }

        let hello = try await api.call(
            .POST,
            a,
            "/admin/v1/rooms/\(roomA)/messages",
            token: tokenA,
            ["member": Self.sato, "text": "Hello (smile) from Tokyo"]
        )
        let seenB = try await api.eventuallyLast(b, roomB, token: tokenB) {
            $0["text"] as? String == "Hello (smile) from Tokyo"
        }
        try check("sato -> tanaka with a LINE emoji token, shown as (smile) at the partner (R14)") {
            hello.status == 202 && hello.json["state"] as? String == "sent" && seenB
        }

        let reply = try await api.call(
            .POST,
            b,
            "/admin/v1/rooms/\(roomB)/messages",
            token: tokenB,
            ["member": Self.tanaka, "text": "Thanks (smile)"]
        )
        let seenA = try await api.eventuallyLast(a, roomA, token: tokenA) { $0["text"] as? String == "Thanks (smile)" }
        try check("tanaka -> sato, the emoji token both ways (R14)") { reply.status == 202 && seenA }

        let read = try await api.call(.POST, b, "/admin/v1/rooms/\(roomB)/read", token: tokenB, ["member": Self.tanaka])
        let readA = try await api.eventually(a, "/admin/v1/rooms/\(roomA)/messages", token: tokenA) { page in
            ((page["items"] as? [[String: Any]]) ?? []).first { $0["direction"] as? String == "outbound" }?["readAt"]
                != nil
        }
        try check("tanaka reads: sato's message shows read on our side (R16)") {
            read.json["marked"] as? Int == 1 && readA
        }

        let blocked = try await api.call(
            .POST,
            b,
            "/admin/v1/rooms/\(roomB)/block",
            token: tokenB,
            ["member": Self.tanaka]
        )
        let blockedA = try await api.eventually(a, "/admin/v1/rooms/\(roomA)", token: tokenA) {
            ($0["restrictions"] as? [String])?.contains { $0.contains("blocked") } == true
        }
        let held = try await api.call(
            .POST,
            a,
            "/admin/v1/rooms/\(roomA)/messages",
            token: tokenA,
            ["member": Self.sato, "text": "Are you there?"]
        )
        try check(
            "tanaka blocks: sato's next message is held back, refused with \(held.json["rule"] ?? "no rule") (R11)"
        ) {
            blocked.status == 200 && blockedA && held.status == 403 && held.json["rule"] as? String == "R11"
        }

        let notAllowed = try await api.call(
            .POST,
            a,
            "/admin/v1/members/\(Self.suzuki)/invitations",
            token: tokenA,
            ["target": Self.tanaka]
        )
        let explainedA = try await api.call(
            .POST,
            a,
            "/admin/v1/explain",
            token: tokenA,
            ["actor": Self.suzuki, "target": Self.tanaka, "action": "addByExactID"]
        )
        try check(
            "our admin allows only sato: suzuki's invitation is refused, explained with \(explainedA.json["rule"] ?? "?")"
        ) {
            notAllowed.status == 403 && explainedA.json["allowed"] as? Bool == false
                && (explainedA.json["rule"] as? String)?.hasPrefix("R") == true
        }

        let toYamada = try await api.call(
            .POST,
            a,
            "/admin/v1/members/\(Self.sato)/invitations",
            token: tokenA,
            ["target": Self.yamada]
        )
        let yamadaRequests = try await api.call(.GET, b, "/admin/v1/requests", token: tokenB)
        let explainedB = try await api.call(
            .POST,
            b,
            "/admin/v1/explain",
            token: tokenB,
            ["actor": Self.sato, "target": Self.yamada, "action": "addByExactID"]
        )
        try check(
            "the partner allows only tanaka: sato's invitation to yamada is refused by the partner's policy "
                + "(\(toYamada.json["rule"] ?? "?")), which the partner explains with \(explainedB.json["rule"] ?? "?")"
        ) {
            toYamada.status == 403 && ((yamadaRequests.json["items"] as? [Any]) ?? []).isEmpty
                && explainedB.json["allowed"] as? Bool == false
                && (explainedB.json["rule"] as? String)?.hasPrefix("R") == true
        }
    }

    mutating func check(_ description: String, _ condition: () throws -> Bool) throws {
        step += 1
        guard try condition() else { throw StepFailure(step: step, message: description) }
        print("step \(step): \(description)")
    }
}

/// The admin API over HTTP, for the demo.
struct AdminClient {
    struct Answer {
        var status: Int
        var json: [String: Any]
    }

    let client: HTTPClient

    func call(
        _ method: HTTPMethod,
        _ base: String,
        _ path: String,
        token: String,
        _ body: [String: String]? = nil
    )
        async throws -> Answer
    {
        // Each path segment percent-encoded (room IDs hold ':' and '@'); the query left as written.
        let parts = path.split(separator: "?", maxSplits: 1)
        let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: ":@/"))
        var encoded = parts[0].split(separator: "/", omittingEmptySubsequences: false).map {
            $0.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? String($0)
        }.joined(separator: "/")
        if parts.count > 1 { encoded += "?" + parts[1] }
        var request = HTTPClientRequest(url: base + encoded)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        var bytes = try await response.body.collect(upTo: 1 << 20)
        let data = Data(bytes.readBytes(length: bytes.readableBytes) ?? [])
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Answer(status: Int(response.status.code), json: json)
    }

    /// Polls a GET for up to five seconds until its answer satisfies `condition`: notices between tenants go
    /// through the outbox, so the other side may see them a moment later.
    func eventually(
        _ base: String,
        _ path: String,
        token: String,
        _ condition: ([String: Any]) -> Bool
    ) async throws
        -> Bool
    {
        for _ in 0..<50 {
            if condition(try await call(.GET, base, path, token: token).json) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Polls a room's history until its last message satisfies `condition`.
    func eventuallyLast(
        _ base: String,
        _ room: String,
        token: String,
        _ condition: @escaping ([String: Any]) -> Bool
    )
        async throws -> Bool
    {
        try await eventually(base, "/admin/v1/rooms/\(room)/messages?limit=1000", token: token) { page in
            ((page["items"] as? [[String: Any]]) ?? []).last.map(condition) ?? false
        }
    }
}
