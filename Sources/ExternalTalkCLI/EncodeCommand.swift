import ArgumentParser
import Foundation
import TalkWire

/// `external-talk encode`: prints the request bodies ExternalTalk would send for some canonical content.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the request bodies that would be sent for canonical content JSON.",
        discussion: """
            Reads one canonical content object, or an array of them, from FILE (or standard input when FILE is \
            "-" or absent) and prints each request body on its own line.

              --to line        LINE Messaging API bodies: reply with --reply-token, push with one --recipient, \
            multicast with several; with neither, each batch of up to 5 messages as {"messages":[...]}.
              --to works       LINE WORKS bot bodies, {"content":{...}}, one per message.
              --to federation  Federation envelopes (version 1), one per content.

            A text may be given as {"type":"text","text":"Hi (smile)"}: tokens the --catalog knows become LINE \
            emoji, and are sent as emoji only if the catalog marks them sendable.
            A text's "quickReply" (LINE's form: {"items":[{"action":{"type":"message","label":"Yes","text":"yes"}}]}) \
            is carried into the LINE body.

            Exit status: 0 on success, 65 for invalid input (the reason is printed on one line to standard \
            error), 66 when FILE or the catalog cannot be read.
            """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case line
        case works
        case federation
    }

    @Option(name: .customLong("to"), help: "Where the content is sent: line, works or federation.")
    var target: Target = .line

    @Argument(help: "Canonical content JSON file, or - for standard input.")
    var file: String = "-"

    @Option(name: .customLong("catalog"), help: "An emoji catalog seed JSON file.")
    var catalogPath: String?

    @Option(name: .customLong("reply-token"), help: "LINE: build a reply with this token.")
    var replyToken: String?

    @Option(name: .customLong("recipient"), help: "LINE: a recipient ID; once for push, several times for multicast.")
    var recipients: [String] = []

    @Flag(name: .customLong("notification-disabled"), help: "LINE: deliver without a push notification.")
    var notificationDisabled = false

    @Option(name: .customLong("sender-name"), help: "LINE: show this name instead of the Official Account's (R17).")
    var senderName: String?

    @Option(name: .customLong("sender-icon"), help: "LINE: show this https icon instead of the Official Account's.")
    var senderIcon: String?

    @Option(name: .customLong("room"), help: "Federation: the room ID.")
    var room = "room-1"

    @Option(name: .customLong("sender"), help: "Federation: the sender's full member ID.")
    var sender = "member@example.com"

    @Option(name: .customLong("sender-display-name"), help: "Federation: the sender's display name.")
    var senderDisplayName: String?

    @Option(name: .customLong("message-id"), help: "Federation: the message ID (default: a new UUID).")
    var messageID: String?

    @Option(name: .customLong("timestamp"), help: "Federation: milliseconds since 1970 (default: now).")
    var timestamp: Int64?

    mutating func run() throws {
        let catalog = EmojiCatalog()
        if let catalogPath {
            let bytes = try readInput(catalogPath)
            do {
                try catalog.seed(fromJSON: bytes)
            } catch {
                try fail("catalog: \(error)")
            }
        }
        let input = try readInput(file)
        let contents: [MessageContent]
        do {
            contents = try MessageContent.decodeList(canonicalJSON: input, emojiCatalog: catalog)
        } catch {
            try fail("input: \(error)")
        }
        guard !contents.isEmpty else { try fail("input: the array holds no content") }

        // Every body is built before any is printed, so a failure never leaves partial output.
        let bodies: [[UInt8]]
        do {
            switch target {
            case .line: bodies = try lineBodies(contents, catalog: catalog)
            case .works: bodies = try WorksMessageEncoder().bodies(for: contents)
            case .federation: bodies = federationBodies(contents)
            }
        } catch {
            try fail("\(error)")
        }
        for body in bodies { printLine(body) }
    }

    private func lineBodies(_ contents: [MessageContent], catalog: EmojiCatalog) throws(LineEncodingError) -> [[UInt8]]
    {
        var bodies: [[UInt8]] = []
        var policy = LineSenderPolicy.none
        if senderName != nil || senderIcon != nil {
            policy = .fixed(LineSender(name: senderName, iconURL: senderIcon))
        }
        let messages = try LineMessageEncoder(catalog: catalog, senderPolicy: policy).messages(for: contents)
        var batches = LineRequest.batches(of: messages)
        if let replyToken {
            // A reply token is single-use: the first five messages go in the reply, the rest are pushed.
            let reply = try LineRequest.reply(
                replyToken: replyToken,
                messages: batches.removeFirst(),
                notificationDisabled: notificationDisabled
            )
            bodies.append(reply.body)
            guard !batches.isEmpty else { return bodies }
            guard recipients.count == 1, let recipient = recipients.first else {
                throw LineEncodingError(
                    code: .tooManyMessages,
                    field: "messages",
                    message: "more than 5 messages need one --recipient to push the rest after the reply"
                )
            }
            for request in try LineRequest.push(
                to: recipient,
                messages: batches.flatMap { $0 },
                notificationDisabled: notificationDisabled
            ) {
                bodies.append(request.body)
            }
        } else if recipients.count == 1, let recipient = recipients.first {
            for request in try LineRequest.push(
                to: recipient,
                messages: messages,
                notificationDisabled: notificationDisabled
            ) {
                bodies.append(request.body)
            }
        } else if recipients.count > 1 {
            for request in try LineRequest.multicast(
                to: recipients,
                messages: messages,
                notificationDisabled: notificationDisabled
            ) {
                bodies.append(request.body)
            }
        } else {
            for batch in batches {
                var body = Array(#"{"messages":["#.utf8)
                for (position, message) in batch.enumerated() {
                    if position > 0 { body.append(UInt8(ascii: ",")) }
                    body.append(contentsOf: message.jsonBytes)
                }
                body.append(contentsOf: "]}".utf8)
                bodies.append(body)
            }
        }
        return bodies
    }

    private func federationBodies(_ contents: [MessageContent]) -> [[UInt8]] {
        let baseID = messageID ?? UUID().uuidString.lowercased()
        let time = timestamp ?? Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return contents.enumerated().map { position, content in
            let envelope = FederationEnvelope(
                messageID: contents.count == 1 ? baseID : "\(baseID)-\(position + 1)",
                timestampMilliseconds: time,
                room: room,
                sender: FederationSender(id: sender, displayName: senderDisplayName),
                content: content
            )
            return envelope.jsonBytes
        }
    }

    private func readInput(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("error: cannot read \(path)\n".utf8))
            throw ExitCode(66)
        }
        return Array(data)
    }

    /// Prints a one-line reason to standard error and exits with 65 (EX_DATAERR).
    private func fail(_ reason: String) throws -> Never {
        let line = reason.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
        throw ExitCode(65)
    }
}
