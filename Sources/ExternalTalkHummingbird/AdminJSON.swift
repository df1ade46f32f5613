import ExternalTalk
import Foundation
import Hummingbird
import NIOCore
import TalkModel
import TalkStorage

/// The admin API's bodies and answers, as Codable values with the field names of `openapi/external-talk-v1.json`.
/// Times are milliseconds since the epoch.
enum AdminJSON {
    struct BadRequest: Error {
        var message: String
    }

    struct Page<Item: Encodable>: Encodable {
        var items: [Item]
        var next: String?
    }

    struct Room: Encodable {
        var id: String
        var kind: String
        var peer: String
        var channel: String?
        var member: String?
        var phase: String
        var pendingRequest: String?
        var restrictions: [String]
        var createdAt: Int64
        var updatedAt: Int64
        var awaitingAnswerSince: Int64?

        init(_ room: StoredRoom) {
            id = room.id.rawValue
            kind = "\(room.room.kind)"
            peer = AdminJSON.party(room.room.peer)
            channel = room.channel?.rawValue
            member = room.member?.rawValue
            phase = "\(room.room.status.phase)"
            pendingRequest = room.room.status.pendingRequest.map { "\($0.direction)" }
            restrictions = room.room.status.restrictions.map(\.description).sorted()
            createdAt = room.createdAt.millisecondsSinceEpoch
            updatedAt = room.updatedAt.millisecondsSinceEpoch
            awaitingAnswerSince = room.awaitingAnswerSince?.millisecondsSinceEpoch
        }
    }

    struct Message: Encodable {
        var id: String
        var sequence: Int64
        var room: String
        var direction: String
        var sender: String
        var operatorName: String?
        var sentAt: Int64
        var type: String
        var text: String
        var state: String
        var stateReason: String?
        var readAt: Int64?
        var editedAt: Int64?
        var unsentAt: Int64?

        init(_ message: StoredMessage) {
            id = message.id.rawValue
            sequence = message.sequence
            room = message.room.rawValue
            direction = message.direction.rawValue
            sender = AdminJSON.party(message.sender)
            operatorName = message.operatorName
            sentAt = message.sentAt.millisecondsSinceEpoch
            type = message.contentType
            text = message.text
            state = message.state.storedName
            stateReason = message.state.storedReason
            readAt = message.readAt?.millisecondsSinceEpoch
            editedAt = message.editedAt?.millisecondsSinceEpoch
            unsentAt = message.unsentAt?.millisecondsSinceEpoch
        }
    }

    struct ContactItem: Encodable {
        var party: String
        var displayName: String
        var registeredBy: String
        var registeredAt: Int64

        init(_ contact: Contact) {
            party = AdminJSON.party(contact.party)
            displayName = contact.displayName
            registeredBy = contact.registeredBy.rawValue
            registeredAt = contact.registeredAt.millisecondsSinceEpoch
        }
    }

    struct TrashItem: Encodable {
        var party: String
        var displayName: String
        var deletedBy: String
        var deletedAt: Int64
        var expiresAt: Int64

        init(_ trashed: TrashedContact) {
            party = AdminJSON.party(trashed.contact.party)
            displayName = trashed.contact.displayName
            deletedBy = trashed.deletedBy.rawValue
            deletedAt = trashed.deletedAt.millisecondsSinceEpoch
            expiresAt = trashed.expiresAt.millisecondsSinceEpoch
        }
    }

    struct Event: Encodable {
        var sequence: Int64
        var kind: String
        var room: String?
        var recordedAt: Int64
        var fields: String

        init(_ event: TalkEvent) {
            sequence = event.cursor
            kind = event.kind.name
            room = event.room?.rawValue
            recordedAt = event.recordedAt.millisecondsSinceEpoch
            fields = event.kind.fieldsJSON
        }
    }

    struct DecisionAnswer: Encodable {
        var allowed: Bool
        var reason: String?
        var rule: String?
        var decidingTenant: String?
        var explanation: String?

        init(_ decision: Decision) {
            allowed = decision.isAllowed
            reason = decision.denial.map { "\($0.reason)" }
            rule = decision.denial?.rule?.rawValue
            decidingTenant = decision.denial?.decidingTenant?.rawValue
            explanation = decision.denial?.explanation
        }
    }

    struct SendAnswer: Encodable {
        var message: String
        var state: String
    }

    struct MemberBody: Decodable {
        var member: String
        var through: String?
    }

    struct SendBody: Decodable {
        var member: String
        var text: String
        var operatorName: String?
    }

    struct InvitationBody: Decodable {
        var target: String
        var method: String?
    }

    struct ExplainBody: Decodable {
        var action: String
        var member: String?
        var actor: String?
        var target: String?
    }

    struct ErrorBody: Encodable {
        var error: String
        var message: String
        var rule: String?
    }

    // MARK: Helpers

    /// A party as the API writes it: a member ID, or `line:<provider>:<userId>`.
    static func party(_ party: Party) -> String {
        switch party {
        case .workspaceUser(let member): member.rawValue
        case .lineUser(let user): "line:\(user.provider.rawValue):\(user.userID.rawValue)"
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        do {
            return ServerResponse.json(status, bytes: Array(try encoder.encode(value)))
        } catch {
            return ServerResponse.error(.internalServerError, "the answer could not be encoded")
        }
    }

    static func done() -> Response { ServerResponse.json(.ok, #"{"done":true}"#) }

    static func error(
        _ status: HTTPResponse.Status,
        _ code: String,
        _ message: String,
        rule: String? = nil
    )
        -> Response
    {
        encode(ErrorBody(error: code, message: message, rule: rule), status: status)
    }

    static func failure(_ error: ExternalTalkError) -> Response {
        let status: HTTPResponse.Status =
            switch error.code {
            case .denied: .forbidden
            case .notFound, .unknownChannel: .notFound
            case .invalidState, .contact, .customer: .conflict
            case .quotaExceeded: .tooManyRequests
            case .unsupportedContent: .unprocessableContent
            default: .badRequest
            }
        return Self.error(status, "\(error.code)", error.message, rule: error.rule?.rawValue)
    }

    static func decode<Body: Decodable>(
        _ type: Body.Type,
        _ request: Request,
        _ context: some RequestContext
    )
        async throws -> Body
    {
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 64 * 1024)
        } catch {
            throw BadRequest(message: "the body is missing or larger than 64 KiB")
        }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, _) {
            throw BadRequest(message: "\(key.stringValue) is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw BadRequest(
                message: "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
            )
        } catch {
            throw BadRequest(message: "the body is not the JSON this route takes")
        }
    }
}
