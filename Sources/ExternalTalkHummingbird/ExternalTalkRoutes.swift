public import ExternalTalk
import HTTPTypes
public import Hummingbird
import NIOCore
public import Prometheus
import TalkModel
import TalkTransport

/// The options of ``ExternalTalkRoutes``.
public struct ExternalTalkRouteOptions: Sendable {
    /// The largest request body read, in bytes; a larger one is answered 413 without being verified or parsed.
    /// 1 MiB by default, well above LINE's largest webhook.
    public var maximumBodyBytes: Int
    /// The most LINE webhooks stored in one group commit.
    public var maximumGroupCommit: Int

    /// Creates options.
    /// - Parameters:
    ///   - maximumBodyBytes: The body limit in bytes.
    ///   - maximumGroupCommit: The most webhooks per storage transaction.
    public init(maximumBodyBytes: Int = 1 << 20, maximumGroupCommit: Int = 256) {
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumGroupCommit = maximumGroupCommit
    }
}

/// The engine's HTTP endpoints, to mount on a Hummingbird router: the server runs them, and an adopter can add
/// them to an application of their own.
///
/// | Route | Answers |
/// |---|---|
/// | `POST /webhooks/line/{channel}` | a LINE webhook: 200 once durably stored; 401 bad or missing signature; 400 malformed; 404 unknown channel; 413 too large; 500 storage unavailable |
/// | `POST /webhooks/works/{bot}` | a LINE WORKS bot callback, with the same answers |
/// | `POST /federation/v2/requests` | a request from a peer tenant (``/TalkTransport/FederationHTTP``) |
/// | `GET /health` | 200 when the storage answers, 503 when it does not |
/// | `GET /metrics` | the Prometheus registry's text exposition, when one is given |
///
/// ```swift
/// let router = Router()
/// ExternalTalkRoutes(service: service, metrics: registry).register(on: router)
/// let app = Application(router: router, services: [service])
/// ```
///
/// The body is read as received, up to ``ExternalTalkRouteOptions/maximumBodyBytes``, and handed to the engine
/// unchanged, which verifies its signature on those bytes before parsing. Header names are matched without regard
/// to case. Concurrent LINE webhooks are stored in one transaction each few (group commit); every request is
/// answered after the commit that holds its events. Answers to refused requests carry no detail that would help
/// forge one: a 401 has an empty body, a 400 names the decoding error's code and position, never the body's text.
public struct ExternalTalkRoutes<Context: RequestContext>: Sendable {
    let service: ExternalTalkService
    let options: ExternalTalkRouteOptions
    let metrics: PrometheusCollectorRegistry?
    let groupCommit: WebhookGroupCommit

    /// Creates the routes.
    /// - Parameters:
    ///   - service: The engine.
    ///   - options: Limits.
    ///   - metrics: The registry `GET /metrics` exposes; `nil` to leave the route out.
    ///   - context: The router's request context type.
    public init(
        service: ExternalTalkService,
        options: ExternalTalkRouteOptions = ExternalTalkRouteOptions(),
        metrics: PrometheusCollectorRegistry? = nil,
        context: Context.Type = Context.self
    ) {
        self.service = service
        self.options = options
        self.metrics = metrics
        self.groupCommit = WebhookGroupCommit(service: service, maximumBatch: options.maximumGroupCommit)
    }

    /// Adds the routes to a router or a group.
    /// - Parameter router: Where to add them.
    public func register(on router: some RouterMethods<Context>) {
        router.post("webhooks/line/:channel") { request, context in
            try await self.lineWebhook(request, context: context)
        }
        router.post("webhooks/works/:bot") { request, context in
            try await self.worksCallback(request, context: context)
        }
        router.post(RouterPath(FederationHTTP.path)) { request, context in
            try await self.federationRequest(request, context: context)
        }
        router.get("health") { _, _ in
            await self.health()
        }
        if let metrics {
            router.get("metrics") { _, _ in
                var buffer: [UInt8] = []
                buffer.reserveCapacity(4096)
                metrics.emit(into: &buffer)
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
                )
            }
        }
    }

    // MARK: Handlers

    func lineWebhook(_ request: Request, context: Context) async throws -> Response {
        guard let raw = context.parameters.get("channel"), let channel = try? LineChannelID(raw) else {
            return ServerResponse.error(.notFound, "unknown channel")
        }
        let body: [UInt8]
        switch await readBody(request) {
        case .success(let bytes): body = bytes
        case .failure(let refusal): return refusal.response
        }
        let outcome = await groupCommit.submit(
            LineWebhookDelivery(channel: channel, signature: request.headers[HeaderName.lineSignature], body: body)
        )
        return ServerResponse.webhook(outcome)
    }

    func worksCallback(_ request: Request, context: Context) async throws -> Response {
        guard let bot = context.parameters.get("bot") else {
            return ServerResponse.error(.notFound, "unknown bot")
        }
        let body: [UInt8]
        switch await readBody(request) {
        case .success(let bytes): body = bytes
        case .failure(let refusal): return refusal.response
        }
        let outcome = await service.receiveWorksCallback(
            bot: bot,
            signature: request.headers[HeaderName.worksSignature],
            botIDHeader: request.headers[HeaderName.worksBotID],
            body: body
        )
        return ServerResponse.webhook(outcome)
    }

    func federationRequest(_ request: Request, context: Context) async throws -> Response {
        let body: [UInt8]
        switch await readBody(request) {
        case .success(let bytes): body = bytes
        case .failure(let refusal): return refusal.response
        }
        let outcome = await service.receiveFederationRequest(
            body,
            tenantHeader: request.headers[HeaderName.federationTenant],
            signatureHeader: request.headers[HeaderName.federationSignature]
        )
        return ServerResponse.federation(outcome)
    }

    func health() async -> Response {
        do {
            _ = try await service.currentPolicy()
            return ServerResponse.json(.ok, #"{"status":"ok"}"#)
        } catch {
            return ServerResponse.json(.serviceUnavailable, #"{"status":"unavailable"}"#)
        }
    }

    // MARK: Bodies

    /// Reads the body as received, refusing one over the limit before reading it when its length is declared.
    func readBody(_ request: Request) async -> Result<[UInt8], BodyRefusal> {
        let limit = options.maximumBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            return .failure(BodyRefusal(ServerResponse.tooLarge(limit: limit)))
        }
        do {
            var buffer = try await request.body.collect(upTo: limit)
            return .success(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch is NIOTooManyBytesError {
            return .failure(BodyRefusal(ServerResponse.tooLarge(limit: limit)))
        } catch {
            return .failure(BodyRefusal(ServerResponse.error(.badRequest, "the body could not be read")))
        }
    }
}

/// A response that ends a request before the engine sees it.
struct BodyRefusal: Error {
    var response: Response
    init(_ response: Response) { self.response = response }
}

/// Header names, compared without regard to case by `HTTPFields`.
enum HeaderName {
    static let lineSignature = HTTPField.Name("x-line-signature")!
    static let worksSignature = HTTPField.Name("x-works-signature")!
    static let worksBotID = HTTPField.Name("x-works-botid")!
    static let federationTenant = HTTPField.Name(FederationHTTP.tenantHeader)!
    static let federationSignature = HTTPField.Name(FederationHTTP.signatureHeader)!
}
