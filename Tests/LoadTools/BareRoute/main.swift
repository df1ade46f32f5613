import Hummingbird

// The ceiling the server's load figures are read against: a Hummingbird route that reads the body and answers
// 200 with no work, on the same HTTP/1.1 server configuration `external-talk serve` uses.
// Usage: ExternalTalkBareRoute [--port N]
let arguments = CommandLine.arguments
let port =
    arguments.firstIndex(of: "--port").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
    ?? 8090
let router = Router()
router.post("webhooks/line/:channel") { request, _ -> Response in
    _ = try await request.body.collect(upTo: 1 << 20)
    return Response(
        status: .ok,
        headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: "{}"))
    )
}
let app = Application(
    router: router,
    configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in print("listening on http://127.0.0.1:\(channel.localAddress?.port ?? 0)") }
)
try await app.runService()
