import TalkWire

let body = Array(
    #"{"destination":"U0123456789abcdef0123456789abcdef","events":[{"type":"follow","source":{"type":"user","userId":"U4af4980629a1b2c3d4e5f60718293a4b"},"follow":{"isUnblocked":false}},{"type":"somethingNew"}]}"#
        .utf8
)
let batch = try LineWebhookDecoder().decode(body)
for event in batch.events {
    print(summary(of: event), sender(of: event)?.rawValue ?? "-")
}
