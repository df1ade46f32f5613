import TalkModel
import TalkWire
import Testing

@Suite struct FederationRequestTests {
    private static let sato = member("sato@example.co.jp")
    private static let tanaka = member("tanaka@partner.example.jp")

    private static func request(
        _ kind: FederationRequest.Kind,
        room: String? = "room-1",
        requestID: String = "q-1"
    ) -> FederationRequest {
        FederationRequest(
            requestID: requestID,
            timestampMilliseconds: 1_700_000_000_000,
            from: FederationMember(id: sato, displayName: "Sato"),
            to: tanaka,
            room: room,
            kind: kind
        )
    }

    /// A request document with the common members and the given `type` and `body` members.
    private static func json(_ typeAndBody: String, room: String? = #""room":"room-1","#) -> [UInt8] {
        Array(
            (#"{"version":2,"requestId":"q-1","timestamp":1700000000000,"#
                + #""from":{"id":"sato@example.co.jp"},"to":"tanaka@partner.example.jp","# + (room ?? "")
                + typeAndBody + "}").utf8
        )
    }

    // MARK: Round trips

    @Test func r08_invitationEncodesTheDocumentedFormat() {
        let invitation = Self.request(
            .invitation(FederationInvitation(method: .qrCode, note: "From the trade fair")),
            room: "room-7f3a"
        )
        #expect(
            text(invitation.jsonBytes)
                == #"{"version":2,"requestId":"q-1","timestamp":1700000000000,"from":{"id":"sato@example.co.jp","displayName":"Sato"},"to":"tanaka@partner.example.jp","room":"room-7f3a","type":"invitation","body":{"method":"qr-code","note":"From the trade fair"}}"#
        )
    }

    @Test(arguments: FederationInvitationMethod.known)
    func r08_everyInvitationMethodRoundTripsAndMapsToTheModel(method: FederationInvitationMethod) throws {
        let invitation = Self.request(.invitation(FederationInvitation(method: method)), room: nil)
        let decoded = try FederationRequest(jsonBytes: invitation.jsonBytes)
        #expect(decoded == invitation)
        guard case .invitation(let body) = decoded.kind else {
            Issue.record("expected an invitation")
            return
        }
        let addMethod = try #require(body.method.workspaceAddMethod(invitedID: Self.tanaka))
        #expect(FederationInvitationMethod(addMethod) == method)
        #expect(body.method.requestMethod == addMethod.requestMethod)
        #expect(FederationInvitationMethod(try #require(body.method.requestMethod)) == method)
    }

    @Test func r08_invitationMethodsHaveTheDocumentedWireNames() {
        #expect(
            FederationInvitationMethod.known.map(\.wireName) == [
                "exact-id-search", "qr-code", "invite-link", "phone-number-search", "email-invitation",
            ]
        )
        #expect(FederationInvitationMethod(.exactIDSearch(query: "tanaka@partner.example.jp")) == .exactIDSearch)
        #expect(
            FederationInvitationMethod.exactIDSearch.workspaceAddMethod(invitedID: Self.tanaka)
                == .exactIDSearch(query: "tanaka@partner.example.jp")
        )
        #expect(FederationInvitationMethod(RequestMethod.lineFollow) == nil)
    }

    @Test func r08_anInvitationMethodFromANewerPeerIsKeptAndStillAnInvitation() throws {
        let decoded = try FederationRequest(jsonBytes: Self.json(#""type":"invitation","body":{"method":"nfc-tap"}"#))
        #expect(decoded.kind == .invitation(FederationInvitation(method: .unknown("nfc-tap"))))
        #expect(FederationInvitationMethod.unknown("nfc-tap").requestMethod == nil)
        #expect(try FederationRequest(jsonBytes: decoded.jsonBytes) == decoded)
    }

    @Test(arguments: [FederationRequest.Kind.accept, .block, .unblock])
    func r09_r11_bodilessTypesRoundTripWithoutABody(kind: FederationRequest.Kind) throws {
        let request = Self.request(kind, room: nil)
        #expect(!text(request.jsonBytes).contains("body"))
        #expect(text(request.jsonBytes).hasSuffix(#""type":"\#(kind.typeName)"}"#))
        #expect(try FederationRequest(jsonBytes: request.jsonBytes) == request)
    }

    @Test func r09_acceptIgnoresABodyItDoesNotNeed() throws {
        let decoded = try FederationRequest(jsonBytes: Self.json(#""type":"accept","body":{"why":"met at fair"}"#))
        #expect(decoded.kind == .accept)
    }

    @Test func r16_readRoundTripsWithTheLastMessageID() throws {
        let read = Self.request(.read(lastMessageID: "m-9"))
        #expect(text(read.jsonBytes).hasSuffix(#""type":"read","body":{"lastMessageId":"m-9"}}"#))
        #expect(try FederationRequest(jsonBytes: read.jsonBytes) == read)
    }

    @Test func r21_profileRoundTripsAndAbsentFieldsStayUnchanged() throws {
        let update = FederationProfileUpdate(nickname: "Sacchan", photoURL: "https://cdn.example.co.jp/sato.jpg")
        let profile = Self.request(.profile(update), room: nil)
        #expect(
            text(profile.jsonBytes).hasSuffix(
                #""type":"profile","body":{"nickname":"Sacchan","photoUrl":"https://cdn.example.co.jp/sato.jpg"}}"#
            )
        )
        let decoded = try FederationRequest(jsonBytes: profile.jsonBytes)
        #expect(decoded == profile)
        let before = SyncedProfile(nickname: "Sato", companyName: "Example Inc.", profilePhotoURL: nil)
        #expect(
            update.applied(to: before)
                == SyncedProfile(
                    nickname: "Sacchan",
                    companyName: "Example Inc.",
                    profilePhotoURL: "https://cdn.example.co.jp/sato.jpg"
                )
        )
    }

    @Test func r21_anEmptyProfileFieldClearsIt() throws {
        let decoded = try FederationRequest(jsonBytes: Self.json(#""type":"profile","body":{"photoUrl":""}"#))
        guard case .profile(let update) = decoded.kind else {
            Issue.record("expected a profile")
            return
        }
        let before = SyncedProfile(nickname: "Sato", profilePhotoURL: "https://cdn.example.co.jp/sato.jpg")
        #expect(update.applied(to: before) == SyncedProfile(nickname: "Sato"))
    }

    @Test func r21_profileUpdateBetweenTwoProfilesCarriesOnlyTheChanges() {
        let old = SyncedProfile(nickname: "Sato", companyName: "Example Inc.", profilePhotoURL: "https://a.example/1")
        let new = SyncedProfile(nickname: "Sato", companyName: "Example Holdings", profilePhotoURL: nil)
        let update = FederationProfileUpdate(from: old, to: new)
        #expect(update == FederationProfileUpdate(companyName: "Example Holdings", photoURL: ""))
        #expect(update.applied(to: old) == new)
        #expect(FederationProfileUpdate(from: new, to: new).isEmpty)
    }

    @Test(arguments: CallKind.allCases)
    func r13_callInvitationRoundTripsForVoiceAndVideo(kind: CallKind) throws {
        let call = Self.request(.callInvitation(FederationCallInvitation(kind: kind, callID: "c-1")))
        #expect(
            text(call.jsonBytes).hasSuffix(
                #""type":"call-invitation","body":{"kind":"\#(kind.federationWireName)","callId":"c-1"}}"#
            )
        )
        #expect(try FederationRequest(jsonBytes: call.jsonBytes) == call)
    }

    @Test func messageRoundTripsWithCanonicalContent() throws {
        let content = MessageContent.text(TextContent(runs: [.plain("Hello "), .emoji(Fixture.smile)]))
        let message = Self.request(.message(FederationMessage(messageID: "m-1", content: content)))
        #expect(
            text(message.jsonBytes).hasSuffix(
                #""type":"message","body":{"messageId":"m-1","content":"# + text(content.canonicalJSONBytes) + "}}"
            )
        )
        #expect(try FederationRequest(jsonBytes: message.jsonBytes) == message)
    }

    @Test func messageTextShorthandIsPlainTextNotTokens() throws {
        let decoded = try FederationRequest(
            jsonBytes: Self.json(
                #""type":"message","body":{"messageId":"m","content":{"type":"text","text":"(smile)"}}"#
            )
        )
        #expect(decoded.kind == .message(FederationMessage(messageID: "m", content: .text(TextContent("(smile)")))))
    }

    // MARK: Growth (W4)

    @Test func unknownTypeIsKeptWithItsBodyAndWrittenBackVerbatim() throws {
        let bytes = Self.json(#""type":"typing","body":{"seconds":3,"hint":[1.50,null]}"#)
        let decoded = try FederationRequest(jsonBytes: bytes)
        guard case .unknown(let type, let body) = decoded.kind else {
            Issue.record("expected an unknown type")
            return
        }
        #expect(type == "typing")
        #expect(body?["seconds"] == .number(JSONNumber(3)))
        #expect(decoded.kind.typeName == "typing")
        #expect(decoded.jsonBytes == bytes)
    }

    @Test func unknownTypeNeedsNoBodyNorRoom() throws {
        let decoded = try FederationRequest(jsonBytes: Self.json(#""type":"nudge""#, room: nil))
        #expect(decoded.kind == .unknown(type: "nudge", body: nil))
        #expect(decoded.room == nil)
    }

    @Test func unknownMembersAtEveryLevelAndAnyOrderAreIgnored() throws {
        let json = """
            {"body":{"kind":"video","callId":"c-1","ring":"loud"},"type":"call-invitation","room":"room-1",
             "future":{"a":[1,2]},"to":"Tanaka@Partner.Example.JP","from":{"avatar":null,"id":"sato@example.co.jp",
             "displayName":"Sato","x":1},"timestamp":1700000000000,"requestId":"q-1","version":2}
            """
        let decoded = try FederationRequest(jsonBytes: Array(json.utf8))
        #expect(decoded == Self.request(.callInvitation(FederationCallInvitation(kind: .video, callID: "c-1"))))
    }

    // MARK: Version 1

    @Test func aVersion1EnvelopeReadsAsAMessage() throws {
        let envelope = FederationEnvelope(
            messageID: "m-1",
            timestampMilliseconds: 1_700_000_000_000,
            room: "r-1",
            sender: FederationSender(id: "sato@example.co.jp", displayName: "Sato"),
            content: .text(TextContent("Hello"))
        )
        let decoded = try FederationRequest(jsonBytes: envelope.jsonBytes)
        #expect(decoded.requestID == "m-1")
        #expect(decoded.timestampMilliseconds == 1_700_000_000_000)
        #expect(decoded.from == FederationMember(id: Self.sato, displayName: "Sato"))
        #expect(decoded.to == nil)
        #expect(decoded.room == "r-1")
        #expect(decoded.kind == .message(FederationMessage(messageID: "m-1", content: .text(TextContent("Hello")))))
        #expect(try FederationRequest(envelope: envelope) == decoded)
    }

    @Test func aVersion1EnvelopeWithAnInvalidSenderIsRefusedAtSenderID() {
        let json =
            #"{"version":1,"messageId":"m","timestamp":0,"room":"r","sender":{"id":"sato"},"content":{"type":"text","text":"x"}}"#
        let error = requestError(Array(json.utf8))
        #expect(error?.code == .invalidValue)
        #expect(error?.path == "sender.id")
    }

    @Test func theEnvelopeReaderStillRefusesVersion2() {
        #expect(throws: ContentDecodingError.self) {
            try FederationEnvelope(jsonBytes: Self.request(.accept).jsonBytes)
        }
    }

    // MARK: Tenants (R04)

    @Test func r04_aSenderOfAnotherTenantThanTheSigningOneIsRefused() throws {
        let bytes = Self.request(.accept).jsonBytes
        #expect(
            try FederationRequest(jsonBytes: bytes, sentBy: TenantDomain("example.co.jp")).senderTenant.rawValue
                == "example.co.jp"
        )
        let error = requestError(bytes, sentBy: try TenantDomain("mallory.example"))
        #expect(error?.code == .tenantMismatch)
        #expect(error?.path == "from.id")
    }

    @Test func r04_aVersion1SenderOfAnotherTenantIsRefusedAtSenderID() throws {
        let envelope = FederationEnvelope(
            messageID: "m",
            timestampMilliseconds: 0,
            room: "r",
            sender: FederationSender(id: "sato@example.co.jp"),
            content: .text(TextContent("x"))
        )
        let error = requestError(envelope.jsonBytes, sentBy: try TenantDomain("mallory.example"))
        #expect(error?.code == .tenantMismatch)
        #expect(error?.path == "sender.id")
    }

    @Test func r04_aRequestInsideOneTenantIsNotFederation() {
        let json =
            #"{"version":2,"requestId":"q","timestamp":0,"from":{"id":"a@example.co.jp"},"to":"b@example.co.jp","type":"accept"}"#
        let error = requestError(Array(json.utf8))
        #expect(error?.code == .invalidValue)
        #expect(error?.path == "to")
    }

    @Test func memberIDsAreNormalizedToLowerCase() throws {
        let decoded = try FederationRequest(
            jsonBytes: Array(
                #"{"version":2,"requestId":"q","timestamp":0,"from":{"id":"Sato@Example.co.jp"},"to":"tanaka@PARTNER.example.jp","type":"block"}"#
                    .utf8
            )
        )
        #expect(decoded.from.id == Self.sato)
        #expect(decoded.to == Self.tanaka)
    }

    // MARK: Malformed requests

    @Test(arguments: [
        (#""type":"accept","version":3"#, ContentDecodingError.Code.unsupportedVersion, "version"),
        (#""type":"accept","version":"2""#, .wrongType, "version"),
        (#""type":"accept","requestId":"""#, .invalidValue, "requestId"),
        (#""type":"accept","requestId":"\#(longIdentifier)""#, .invalidValue, "requestId"),
        (#""type":"accept","timestamp":-1"#, .invalidValue, "timestamp"),
        (#""type":"accept","timestamp":1.5"#, .invalidValue, "timestamp"),
        (#""type":"accept","from":"sato@example.co.jp""#, .wrongType, "from"),
        (#""type":"accept","from":{}"#, .missingField, "from.id"),
        (#""type":"accept","from":{"id":"sato"}"#, .invalidValue, "from.id"),
        (#""type":"accept","from":{"id":"sato@exa mple.jp"}"#, .invalidValue, "from.id"),
        (#""type":"accept","from":{"id":"sato@example.co.jp","displayName":7}"#, .wrongType, "from.displayName"),
        (#""type":"accept","to":null"#, .missingField, "to"),
        (#""type":"accept","to":"tanaka@""#, .invalidValue, "to"),
        (#""type":"accept","room":"""#, .invalidValue, "room"),
        (#""type":"""#, .invalidValue, "type"),
        (#""type":1"#, .wrongType, "type"),
        (#""type":"invitation""#, .missingField, "body"),
        (#""type":"invitation","body":[]"#, .wrongType, "body"),
        (#""type":"invitation","body":{}"#, .missingField, "body.method"),
        (#""type":"invitation","body":{"method":"qr-code","note":"\#(longNote)"}"#, .invalidValue, "body.note"),
        (#""type":"read","body":{}"#, .missingField, "body.lastMessageId"),
        (#""type":"profile","body":{"photoUrl":"http://cdn.example/p.jpg"}"#, .invalidValue, "body.photoUrl"),
        (#""type":"profile","body":{"nickname":false}"#, .wrongType, "body.nickname"),
        (#""type":"call-invitation","body":{"kind":"hologram","callId":"c"}"#, .invalidValue, "body.kind"),
        (#""type":"call-invitation","body":{"kind":"voice"}"#, .missingField, "body.callId"),
        (#""type":"message","body":{"messageId":"m"}"#, .missingField, "body.content"),
        (
            #""type":"message","body":{"messageId":"m","content":{"type":"text","runs":[{"type":"emoji","text":"(x)","productId":"p"}]}}"#,
            .missingField, "body.content.runs[0].emojiId"
        ),
    ])
    func malformedRequestsAreTypedErrorsNamingTheField(
        members: String,
        code: ContentDecodingError.Code,
        path: String
    ) {
        // Later members win, so each case overrides one common member of a valid request.
        let error = requestError(Self.json(members))
        #expect(error?.code == code, "\(members)")
        #expect(error?.path == path, "\(members)")
    }

    @Test(arguments: [
        #""type":"message","body":{"messageId":"m","content":{"type":"text","text":"x"}}"#,
        #""type":"read","body":{"lastMessageId":"m"}"#,
        #""type":"call-invitation","body":{"kind":"voice","callId":"c"}"#,
    ])
    func r13_r16_typesInARoomRequireTheRoom(typeAndBody: String) throws {
        #expect(try FederationRequest(jsonBytes: Self.json(typeAndBody)).room == "room-1")
        let error = requestError(Self.json(typeAndBody, room: nil))
        #expect(error?.code == .missingField)
        #expect(error?.path == "room")
    }

    @Test func syntaxErrorsCarryTheByteOffsetAndNoContent() {
        let error = requestError(Array(#"{"version":2,"secret":"hunter2"#.utf8))
        #expect(error?.code == .invalidJSON)
        #expect(error?.offset == 30)
        #expect(error.map { !$0.description.contains("hunter2") } == true)
    }

    @Test func oversizedRequestIsRefusedBeforeParsing() {
        let error = requestError(Array(repeating: UInt8(ascii: " "), count: 100), maximumBytes: 99)
        #expect(error?.code == .tooLarge)
    }

    @Test func errorsNeverQuoteTheMemberID() {
        let error = requestError(Self.json(#""type":"accept","from":{"id":"secret-person@bad..domain"}"#))
        #expect(error?.path == "from.id")
        #expect(error.map { !$0.description.contains("secret-person") } == true)
    }
}

private let longIdentifier = String(repeating: "q", count: FederationRequest.maximumIdentifierLength + 1)
private let longNote = String(repeating: "n", count: FederationRequest.maximumNoteLength + 1)

private func member(_ text: String) -> MemberID {
    do {
        return try MemberID(text)
    } catch {
        preconditionFailure("a test fixture's member ID is malformed: \(error)")
    }
}

private func requestError(
    _ bytes: [UInt8],
    sentBy tenant: TenantDomain? = nil,
    maximumBytes: Int = FederationRequest.defaultMaximumBytes
) -> ContentDecodingError? {
    do {
        _ = try FederationRequest(jsonBytes: bytes, sentBy: tenant, maximumBytes: maximumBytes)
        Issue.record("expected an error")
        return nil
    } catch {
        return error
    }
}
