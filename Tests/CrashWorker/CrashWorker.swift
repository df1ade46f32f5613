// A process for the exactly-once tests to kill: it applies a deterministic stream of signed LINE webhooks to an
// ExternalTalk service on a SQLite file and prints `ack N` after the service accepted webhook N, which is the
// moment a server would answer LINE 200.
//
//     ExternalTalkCrashWorker DB FIRST COUNT [--twice]
//
// With --twice, every webhook is delivered twice at the same moment, as when LINE redelivers a webhook whose
// answer was slow.

import ExternalTalk
import Foundation
import SQLiteStorage
import TalkModel
import TalkStorage
import TalkTransport
import TalkWire
import WebhookSignature

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum CrashStream {
    static let secret = "3c1b8f3ad0a24c9bb2f2a4cf0e6f1d20"
    static let channel = "1234567890"
    static let eventsPerWebhook = 3

    /// The body of webhook `n`: three text messages with event IDs `crash-n-0...2` and message IDs `n*3+k`.
    static func body(_ n: Int) -> [UInt8] {
        var events: [String] = []
        for k in 0..<eventsPerWebhook {
            let serial = n * eventsPerWebhook + k
            let user = "U" + String(repeating: "0", count: 28) + String(format: "%04lx", n % 7)
            events.append(
                #"{"type":"message","mode":"active","timestamp":1700000000000,"#
                    + #""source":{"type":"user","userId":"\#(user)"},"webhookEventId":"crash-\#(n)-\#(k)","#
                    + #""deliveryContext":{"isRedelivery":false},"replyToken":"r\#(serial)","#
                    + #""message":{"id":"\#(1_000_000 + serial)","type":"text","quoteToken":"q","text":"message \#(serial)"}}"#
            )
        }
        return Array(
            (#"{"destination":"U0123456789abcdef0123456789abcdef","events":["# + events.joined(separator: ",") + "]}")
                .utf8
        )
    }
}

struct UnusedTransport: TalkTransport {
    struct Unused: Error {}
    func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
        throw Unused()
    }
    func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent { throw Unused() }
    func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt { throw Unused() }
    func deliver(_ request: FederationRequest, to peer: TenantDomain) async throws -> FederationDeliveryReceipt {
        throw Unused()
    }
}

func acknowledge(_ n: Int) {
    let line = Array("ack \(n)\n".utf8)
    line.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

@main
struct CrashWorker {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 4, let first = Int(arguments[2]), let count = Int(arguments[3]) else {
            FileHandle.standardError.write(Data("usage: ExternalTalkCrashWorker DB FIRST COUNT [--twice]\n".utf8))
            exit(64)
        }
        let twice = arguments.contains("--twice")
        let tenant = try TenantDomain("example.co.jp")
        let member = try MemberID("sato@example.co.jp")
        var policy = TenantPolicy(tenant: tenant, plan: .paid)
        policy.lineLink = ExternalLink(isEnabled: true, allowedMembers: .only([member]))
        let channelID = try LineChannelID(CrashStream.channel)
        let service = ExternalTalkService(
            configuration: ExternalTalkConfiguration(
                policy: policy,
                channels: [
                    ChannelConfiguration(
                        channel: OfficialAccountChannel(
                            id: channelID,
                            provider: try LineProviderID("1650000001"),
                            basicID: try LineBasicID("@crash01"),
                            displayName: "Crash",
                            scope: .companyWide
                        ),
                        secrets: [WebhookSecret(CrashStream.secret)],
                        owner: member
                    )
                ]
            ),
            storage: try SQLiteStorage(path: arguments[1]),
            transport: UnusedTransport()
        )
        let signer = WebhookSignatureVerifier(secrets: [WebhookSecret(CrashStream.secret)])
        for n in first..<(first + count) {
            let body = CrashStream.body(n)
            let signature = signer.signature(for: body)
            let outcomes: [WebhookOutcome]
            if twice {
                async let one = service.receiveLineWebhook(channel: channelID, signature: signature, body: body)
                async let two = service.receiveLineWebhook(channel: channelID, signature: signature, body: body)
                outcomes = await [one, two]
            } else {
                outcomes = [await service.receiveLineWebhook(channel: channelID, signature: signature, body: body)]
            }
            guard outcomes.allSatisfy({ $0.status == .accepted }) else {
                FileHandle.standardError.write(Data("webhook \(n) not accepted: \(outcomes)\n".utf8))
                exit(1)
            }
            acknowledge(n)
        }
    }
}
