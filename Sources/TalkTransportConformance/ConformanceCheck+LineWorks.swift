import TalkModel
import TalkTesting
public import TalkTransport
import TalkWire

extension ConformanceCheck where Transport: LineWorksTransport {
    /// The LINE WORKS checks.
    public static var lineWorks: [ConformanceCheck] {
        [
            ConformanceCheck("worksMessageIsPosted") { h in
                let receipts = try await h.transport.sendToWorks(
                    [.text(TextContent("Hello from LINE"))],
                    botID: "2000001",
                    destination: .user("member@example.co.jp")
                )
                try h.expect(receipts.map(\.status) == [201], "receipts.map(\\.status) == [201]")
                let entry = try h.require(h.platform.outbox.last, "h.platform.outbox.last")
                try h.expect(entry.kind == .works, "entry.kind == .works")
                try h.expect(
                    entry.recipients == ["member@example.co.jp"],
                    "entry.recipients == [\"member@example.co.jp\"]"
                )
                try h.expect(entry.texts == ["Hello from LINE"], "entry.texts == [\"Hello from LINE\"]")
            }
        ]
    }
}
