import TalkModel
import Testing

@Suite struct IdentityTests {
    @Test func r06_memberIDParsesAndNormalizesCase() throws {
        let id = try MemberID("Alice.Smith@Example.CO.JP")
        #expect(id.localPart == "alice.smith")
        #expect(id.tenant.rawValue == "example.co.jp")
        #expect(id.rawValue == "alice.smith@example.co.jp")
    }

    @Test func r06_exactIDSearchMatchesOnlyTheWholeID() throws {
        let alice = try Fixtures.alice()
        #expect(alice.matchesExactSearch("alice@example.co.jp"))
        #expect(alice.matchesExactSearch("  ALICE@example.co.jp "))
        #expect(!alice.matchesExactSearch("alice"))
        #expect(!alice.matchesExactSearch("alice@"))
        #expect(!alice.matchesExactSearch("alice@example"))
        #expect(!alice.matchesExactSearch("alice@example.co.jp.evil"))
        #expect(!alice.matchesExactSearch("ali"))
    }

    @Test(arguments: [
        ("", IdentifierError.Code.empty),
        ("alice", .missingSeparator),
        ("@example.co.jp", .empty),
        ("alice@", .empty),
        ("al ice@example.co.jp", .invalidCharacter),
        ("alice@example..jp", .emptyPart),
        ("alice@-example.jp", .invalidCharacter),
        ("alice@exam_ple.jp", .invalidCharacter),
        (String(repeating: "a", count: 65) + "@example.jp", .tooLong),
    ])
    func r06_malformedMemberIDsAreRejectedWithWhatIsWrong(input: String, code: IdentifierError.Code) {
        let error = #expect(throws: IdentifierError.self) { try MemberID(input) }
        #expect(error?.code == code)
    }

    @Test func identifierErrorsSayWhereButNeverEchoTheInput() {
        do {
            _ = try MemberID("secret-name@exa mple.jp")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.code == .invalidCharacter)
            #expect(error.kind == "member ID")
            #expect(error.offset == 15)
            #expect(!error.description.contains("secret-name"))
            #expect(error.description.contains("offset 15"))
            #expect(error.debugDescription.contains("secret-name"))
        }
    }

    @Test func r27_lineUserIDIsUAnd32LowercaseHexDigits() throws {
        let id = try LineUserID("U" + Fixtures.userHex)
        #expect(id.rawValue.count == 33)
        let cases: [(String, IdentifierError.Code)] = [
            ("", .empty),
            ("C" + Fixtures.userHex, .missingPrefix),
            ("U" + Fixtures.userHex.dropLast(), .wrongLength),
            ("U" + Fixtures.userHex.uppercased(), .invalidCharacter),
            ("U" + Fixtures.userHex.dropLast() + "g", .invalidCharacter),
        ]
        for (input, code) in cases {
            let error = #expect(throws: IdentifierError.self) { try LineUserID(input) }
            #expect(error?.code == code, "\(input)")
        }
    }

    @Test func r27_sameUserIDUnderTwoProvidersIsTwoIdentities() throws {
        let first = try Fixtures.lineUser(provider: "1650000001")
        let second = try Fixtures.lineUser(provider: "1650000002")
        #expect(first.userID == second.userID)
        #expect(first != second)
        #expect(Party.lineUser(first) != Party.lineUser(second))
        #expect(Set([first, second]).count == 2)
    }

    @Test func r25_channelIdentifiersParse() throws {
        #expect(try LineChannelID("1234567890").rawValue == "1234567890")
        #expect(throws: IdentifierError.self) { try LineChannelID("12ab") }
        #expect(throws: IdentifierError.self) { try LineProviderID("") }
        #expect(try LineBasicID("@ABC1234").rawValue == "@abc1234")
        #expect(throws: IdentifierError.self) { try LineBasicID("abc1234") }
        #expect(throws: IdentifierError.self) { try LineBasicID("@") }
        #expect(throws: IdentifierError.self) { try LineBasicID("@abc 1234") }
        #expect(throws: IdentifierError.self) { try OrganizationID("") }
        #expect(throws: IdentifierError.self) { try OrganizationID("sales\n") }
    }

    @Test func r27_channelScopesUserIDsToItsProvider() throws {
        let channel = OfficialAccountChannel(
            id: try LineChannelID("2000000001"),
            provider: try Fixtures.provider("1650000002"),
            basicID: try LineBasicID("@abc1234"),
            displayName: "Example Support",
            scope: .companyWide
        )
        let user = channel.user(try LineUserID("U" + Fixtures.userHex))
        #expect(user == (try Fixtures.lineUser(provider: "1650000002")))
        #expect(user != (try Fixtures.lineUser(provider: "1650000001")))
    }

    @Test func partiesKnowTheirKindAndWhetherTheyAreExternal() throws {
        let home = try Fixtures.tenant(Fixtures.ourTenant)
        #expect(!Party.workspaceUser(try Fixtures.alice()).isExternal(to: home))
        #expect(Party.workspaceUser(try Fixtures.carol()).isExternal(to: home))
        #expect(Party.lineUser(try Fixtures.lineUser()).isExternal(to: home))
        #expect(Party.lineUser(try Fixtures.lineUser()).kind == .lineUser)
        #expect(Party.workspaceUser(try Fixtures.carol()).tenant?.rawValue == "partner.jp")
    }

    @Test func r17_operatorNameIsShownInsideTheCompanyOnly() throws {
        let channel = OfficialAccountChannel(
            id: try LineChannelID("2000000001"),
            provider: try Fixtures.provider(),
            basicID: try LineBasicID("@abc1234"),
            displayName: "Example Support",
            scope: .companyWide,
            operators: [try Fixtures.alice(), try Fixtures.bob()]
        )
        let alice = Operator(member: try Fixtures.alice(), displayName: "Alice (Support)")
        #expect(alice.senderName(on: channel, shownTo: .workspaceUser(try Fixtures.bob())) == "Alice (Support)")
        #expect(alice.senderName(on: channel, shownTo: .lineUser(try Fixtures.lineUser())) == "Example Support")
        #expect(alice.senderName(on: channel, shownTo: .workspaceUser(try Fixtures.carol())) == "Example Support")
    }

    @Test func lineGroupAndRoomIDsArePrefixedHexLikeUserIDs() throws {
        #expect(try LineGroupID("Ca56f94637c0123456789abcdef012345").rawValue == "Ca56f94637c0123456789abcdef012345")
        #expect(try LineRoomID("Rb1a2c3d4e5f60718293a4b5c6d7e8f90").description == "Rb1a2c3d4e5f60718293a4b5c6d7e8f90")
        let user = "U4af4980629a1b2c3d4e5f60718293a4b"
        #expect(throws: IdentifierError.self) { try LineGroupID(user) }
        #expect((try? LineRoomID("R0123")) == nil)
        let upper = #expect(throws: IdentifierError.self) { try LineUserID("U4AF4980629A1B2C3D4E5F60718293A4B") }
        #expect(upper?.code == .invalidCharacter)
        #expect(upper?.offset == 2)
        let short = #expect(throws: IdentifierError.self) { try LineUserID("U4af4980629") }
        #expect(short?.code == .wrongLength)
        let prefix = #expect(throws: IdentifierError.self) { try LineGroupID("Xa56f94637c0123456789abcdef012345") }
        #expect(prefix?.code == .missingPrefix)
    }

    @Test func w3_opaqueLineIDsAreBoundedPrintableASCII() throws {
        #expect(try LineWebhookEventID("01FZ74A0TDDPYRVKNK77XKC3ZR").rawValue == "01FZ74A0TDDPYRVKNK77XKC3ZR")
        #expect(try LineMessageID("325708").rawValue == "325708")
        #expect(try LineWebhookEventID(String(repeating: "A", count: 128)).rawValue.count == 128)
        let long = #expect(throws: IdentifierError.self) { try LineWebhookEventID(String(repeating: "A", count: 129)) }
        #expect(long?.code == .tooLong)
        #expect(throws: IdentifierError.self) { try LineMessageID("12 34") }
        #expect(throws: IdentifierError.self) { try LineMessageID("12\n34") }
        #expect(throws: IdentifierError.self) { try LineMessageID("一二三") }
        let empty = #expect(throws: IdentifierError.self) { try LineMessageID("") }
        #expect(empty?.code == .empty)
    }
}
