import Foundation
import PropertyBased
import TalkModel
import Testing

/// The stored (Codable) format of the model's values: round trips, golden JSON and refused corrupt data.
@Suite struct StoredFormatTests {
    // MARK: Identifiers

    static func expectStoredAsString<ID: Codable & Equatable>(
        _ id: ID,
        _ raw: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(try StoredJSON.encode(id) == "\"\(raw)\"", sourceLocation: sourceLocation)
        #expect(try StoredJSON.roundTrip(id) == id, sourceLocation: sourceLocation)
    }

    @Test func identifiersAreStoredAsTheirRawString() throws {
        try Self.expectStoredAsString(try MemberID("alice@example.co.jp"), "alice@example.co.jp")
        try Self.expectStoredAsString(try TenantDomain("example.co.jp"), "example.co.jp")
        try Self.expectStoredAsString(try LineUserID("U" + Fixtures.userHex), "U" + Fixtures.userHex)
        try Self.expectStoredAsString(try LineGroupID("C" + Fixtures.userHex), "C" + Fixtures.userHex)
        try Self.expectStoredAsString(try LineRoomID("R" + Fixtures.userHex), "R" + Fixtures.userHex)
        try Self.expectStoredAsString(try LineMessageID("325708"), "325708")
        try Self.expectStoredAsString(
            try LineWebhookEventID("01FZ74A0TDDPYRVKNK77XKC3ZR"),
            "01FZ74A0TDDPYRVKNK77XKC3ZR"
        )
        try Self.expectStoredAsString(try LineChannelID("2000000001"), "2000000001")
        try Self.expectStoredAsString(try LineProviderID("1650000001"), "1650000001")
        try Self.expectStoredAsString(try LineBasicID("@abc1234"), "@abc1234")
        try Self.expectStoredAsString(try OrganizationID("sales"), "sales")
        try Self.expectStoredAsString(CustomerID(rawValue: "crm-42"), "crm-42")
        try Self.expectStoredAsString(try DomainPattern("*.example.co.jp"), "*.example.co.jp")
    }

    @Test func r06_storedIdentifiersAreNormalizedThroughTheirParsers() throws {
        #expect(try StoredJSON.decode(MemberID.self, from: "\"Alice@Example.CO.JP\"") == (try Fixtures.alice()))
        #expect(
            try StoredJSON.decode(TenantDomain.self, from: "\"EXAMPLE.co.jp\"")
                == (try Fixtures.tenant("example.co.jp"))
        )
        #expect(try StoredJSON.decode(LineBasicID.self, from: "\"@ABC1234\"").rawValue == "@abc1234")
    }

    /// Decodes an invalid stored ID and checks the refusal: the parser's code as underlying error, and no trace of the
    /// stored text in anything printed.
    static func expectRefused<ID: Decodable>(
        _ type: ID.Type,
        _ raw: String,
        code: IdentifierError.Code,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let context = StoredJSON.refusal(type, from: "\"\(raw)\"", sourceLocation: sourceLocation)
        #expect((context?.underlyingError as? IdentifierError)?.code == code, sourceLocation: sourceLocation)
        #expect(context?.debugDescription.hasPrefix("stored invalid ") == true, sourceLocation: sourceLocation)
        let printed = context.map { "\(DecodingError.dataCorrupted($0))" } ?? raw
        #expect(!printed.contains(raw), "\(printed)", sourceLocation: sourceLocation)
    }

    @Test func invalidStoredIdentifiersAreRefusedWithoutRepeatingThem() {
        Self.expectRefused(MemberID.self, "secret-person", code: .missingSeparator)
        Self.expectRefused(TenantDomain.self, "secret..example", code: .emptyPart)
        Self.expectRefused(LineUserID.self, "Xsecret0000000000000000000000000000", code: .missingPrefix)
        Self.expectRefused(LineUserID.self, "U" + Fixtures.userHex.uppercased(), code: .invalidCharacter)
        Self.expectRefused(LineGroupID.self, "U" + Fixtures.userHex, code: .missingPrefix)
        Self.expectRefused(LineRoomID.self, "R1234", code: .wrongLength)
        Self.expectRefused(LineMessageID.self, "secret message", code: .invalidCharacter)
        Self.expectRefused(LineWebhookEventID.self, "secret event", code: .invalidCharacter)
        Self.expectRefused(LineChannelID.self, "secret42", code: .invalidCharacter)
        Self.expectRefused(LineProviderID.self, String(repeating: "7", count: 21), code: .tooLong)
        Self.expectRefused(LineBasicID.self, "secretname", code: .missingPrefix)
        Self.expectRefused(OrganizationID.self, "secret\\u0007org", code: .invalidCharacter)
        Self.expectRefused(DomainPattern.self, "secret/pattern", code: .invalidCharacter)
    }

    @Test func anInvalidIDInsideAValueIsRefusedAtItsPath() {
        let json = #"{"provider":"1650000001","userID":"U1234"}"#
        let context = StoredJSON.refusal(LineUser.self, from: json)
        #expect(StoredJSON.path(context) == "userID")
        #expect((context?.underlyingError as? IdentifierError)?.code == .wrongLength)
    }

    @Test func aStoredIdentifierMustBeAString() {
        #expect(throws: DecodingError.self) { try StoredJSON.decode(LineChannelID.self, from: "2000000001") }
        #expect(throws: DecodingError.self) { try StoredJSON.decode(CustomerID.self, from: "42") }
    }

    // MARK: Case names

    /// The stored name of every case, in declaration order; decoding each name gives the case back.
    static func storedNames<Value: CaseIterable & Codable & Equatable>(_ type: Value.Type) throws -> [String] {
        try Value.allCases.map { value in
            let json = try StoredJSON.encode(value)
            #expect(try StoredJSON.decode(Value.self, from: json) == value)
            return String(json.dropFirst().dropLast())
        }
    }

    @Test func casesAreStoredUnderFixedNames() throws {
        #expect(try Self.storedNames(ChannelStatus.self) == ["enabled", "disabled", "deleted"])
        #expect(try Self.storedNames(PartyKind.self) == ["lineUser", "workspaceUser"])
        #expect(
            try Self.storedNames(Weekday.self) == [
                "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            ]
        )
        #expect(try Self.storedNames(ChatMode.self) == ["off", "manualChat", "autoReply"])
        #expect(try Self.storedNames(WorkspacePlan.self) == ["free", "paid"])
        #expect(try Self.storedNames(RoomKind.self) == ["lineFriend", "officialAccountChat", "externalWorkspace"])
        #expect(
            try Self.storedNames(RequestMethod.self) == [
                "lineFollow", "exactIDSearch", "qrCode", "inviteLink", "phoneNumberSearch", "emailInvitation",
            ]
        )
        #expect(
            try Self.storedNames(RoomRestriction.self) == [
                "blockedByUs", "blockedByPeer", "linkDisabled", "memberNotAllowed", "peerUnavailable",
                "channelDisabled", "channelDeleted", "contactDeleted",
            ]
        )
        #expect(
            try Self.storedNames(ContactField.self) == [
                "name", "phone", "email", "affiliation", "notes", "birthday", "nickname", "companyName",
                "profilePhoto",
            ]
        )
        #expect(try Self.storedNames(AddressBookGroup.self) == ["customersAndPartners", "externalUsers"])
        #expect(try StoredJSON.encode(RoomRequest.Direction.incoming) == #""incoming""#)
        #expect(try StoredJSON.encode(RoomRequest.Direction.outgoing) == #""outgoing""#)
        #expect(try StoredJSON.encode(TalkPolicies.MissingTenantHandling.deny) == #""deny""#)
        #expect(try StoredJSON.encode(TalkPolicies.MissingTenantHandling.deferToTenant) == #""deferToTenant""#)
        #expect(try StoredJSON.roundTrip(RoomRequest.Direction.outgoing) == .outgoing)
        #expect(try StoredJSON.roundTrip(TalkPolicies.MissingTenantHandling.deferToTenant) == .deferToTenant)
    }

    @Test func unknownCaseNamesAreRefused() {
        #expect(StoredJSON.refusal(ChannelStatus.self, from: #""paused""#) != nil)
        #expect(StoredJSON.refusal(Weekday.self, from: #""1""#) != nil)
        #expect(StoredJSON.refusal(RoomRestriction.self, from: #""BlockedByUs""#) != nil)
        #expect(StoredJSON.refusal(RoomRequest.Direction.self, from: #""sideways""#) != nil)
        #expect(StoredJSON.refusal(TalkPolicies.MissingTenantHandling.self, from: #""allow""#) != nil)
        #expect(StoredJSON.refusal(Party.self, from: #"{"type":"robot"}"#) != nil)
        #expect(StoredJSON.refusal(ChannelScope.self, from: #"{"type":"team"}"#) != nil)
        #expect(StoredJSON.refusal(AllowedMembers.self, from: #"{"type":"some"}"#) != nil)
        let context = StoredJSON.refusal(RoomKind.self, from: #""groupRoom""#)
        #expect(context?.debugDescription.contains("lineFriend, officialAccountChat, externalWorkspace") == true)
        #expect(context?.debugDescription.contains("groupRoom") == false)
    }

    // MARK: Identity values

    @Test func partiesAndScopesUseATypeField() throws {
        let member = Party.workspaceUser(try Fixtures.carol())
        let line = Party.lineUser(try Fixtures.lineUser())
        #expect(try StoredJSON.encode(member) == #"{"member":"carol@partner.jp","type":"workspaceUser"}"#)
        #expect(
            try StoredJSON.encode(line)
                == #"{"provider":"1650000001","type":"lineUser","userID":"U4af4980629e3a5c6c1a0e2f3b4d5c6e7"}"#
        )
        #expect(try StoredJSON.roundTrip(member) == member)
        #expect(try StoredJSON.roundTrip(line) == line)
        let sales = ChannelScope.organization(try OrganizationID("sales"))
        #expect(try StoredJSON.encode(ChannelScope.companyWide) == #"{"type":"companyWide"}"#)
        #expect(try StoredJSON.encode(sales) == #"{"organization":"sales","type":"organization"}"#)
        #expect(try StoredJSON.roundTrip(sales) == sales)
        #expect(try StoredJSON.roundTrip(ChannelScope.companyWide) == .companyWide)
        #expect(
            StoredJSON.path(StoredJSON.refusal(Party.self, from: #"{"type":"workspaceUser","member":"x"}"#)) == "member"
        )
    }

    static func channel() throws -> OfficialAccountChannel {
        OfficialAccountChannel(
            id: try LineChannelID("2000000002"),
            provider: try Fixtures.provider(),
            basicID: try LineBasicID("@sales"),
            displayName: "Example Sales",
            scope: .organization(try OrganizationID("sales")),
            operators: [try Fixtures.bob(), try Fixtures.alice()],
            status: .disabled
        )
    }

    @Test func r25_channelsAreStoredWithSortedOperators() throws {
        let channel = try Self.channel()
        #expect(
            try StoredJSON.encode(channel)
                == #"{"basicID":"@sales","displayName":"Example Sales","id":"2000000002","#
                + #""operators":["alice@example.co.jp","bob@example.co.jp"],"provider":"1650000001","#
                + #""scope":{"organization":"sales","type":"organization"},"status":"disabled"}"#
        )
        #expect(try StoredJSON.roundTrip(channel) == channel)
        let op = Operator(member: try Fixtures.bob(), displayName: "Bob")
        #expect(try StoredJSON.encode(op) == #"{"displayName":"Bob","member":"bob@example.co.jp"}"#)
        #expect(try StoredJSON.roundTrip(op) == op)
    }

    @Test func storedSetsWithADuplicateAreRefused() throws {
        var json = try StoredJSON.encode(try Self.channel())
        json = json.replacingOccurrences(of: "\"bob@example.co.jp\"", with: "\"alice@example.co.jp\"")
        let context = StoredJSON.refusal(OfficialAccountChannel.self, from: json)
        #expect(StoredJSON.path(context) == "operators")
        #expect(StoredJSON.refusal(RoomStatus.self, from: #"{"restrictions":["blockedByUs","blockedByUs"]}"#) != nil)
    }

    // MARK: Time

    @Test func instantsAndDurationsAreStoredAsMilliseconds() throws {
        #expect(try StoredJSON.encode(Fixtures.start) == "1748822400000")
        #expect(try StoredJSON.encode(TalkDuration.days(30)) == "2592000000")
        #expect(try StoredJSON.encode(TalkDuration.milliseconds(-5)) == "-5")
        #expect(
            try StoredJSON.roundTrip(Timestamp(millisecondsSinceEpoch: .min)) == Timestamp(millisecondsSinceEpoch: .min)
        )
        #expect(try StoredJSON.roundTrip(TalkDuration(milliseconds: .max)) == TalkDuration(milliseconds: .max))
        #expect(throws: DecodingError.self) { try StoredJSON.decode(Timestamp.self, from: #""1748822400000""#) }
        #expect(throws: DecodingError.self) { try StoredJSON.decode(Timestamp.self, from: "1.5") }
    }

    @Test func r32_calendarMonthsAreStoredAndOutOfRangeMonthsRefused() throws {
        let june = CalendarMonth(year: 2025, month: 6)
        #expect(try StoredJSON.encode(june) == #"{"month":6,"year":2025}"#)
        #expect(try StoredJSON.roundTrip(june) == june)
        #expect(StoredJSON.path(StoredJSON.refusal(CalendarMonth.self, from: #"{"month":13,"year":2025}"#)) == "month")
        #expect(StoredJSON.refusal(CalendarMonth.self, from: #"{"month":0,"year":2025}"#) != nil)
    }

    @Test func localTimesAreStoredAndNonexistentReadingsRefused() throws {
        let nineInTokyo = TalkTimeZone.asiaTokyo.localTime(at: Fixtures.start)
        #expect(
            try StoredJSON.encode(nineInTokyo)
                == #"{"day":2,"minuteOfDay":540,"month":6,"weekday":"monday","year":2025}"#
        )
        #expect(try StoredJSON.roundTrip(nineInTokyo) == nineInTokyo)
        for json in [
            #"{"day":30,"minuteOfDay":0,"month":2,"weekday":"monday","year":2025}"#,  // February 30th
            #"{"day":2,"minuteOfDay":540,"month":6,"weekday":"tuesday","year":2025}"#,  // a Monday
            #"{"day":2,"minuteOfDay":1440,"month":6,"weekday":"monday","year":2025}"#,
            #"{"day":0,"minuteOfDay":0,"month":6,"weekday":"sunday","year":2025}"#,
            #"{"day":1,"minuteOfDay":0,"month":1,"weekday":"monday","year":400000000}"#,
        ] {
            #expect(StoredJSON.refusal(LocalTime.self, from: json) != nil, "\(json)")
        }
    }

    @Test func everyLocalTimeRoundTrips() async {
        let offsets = Gen.int(in: -TalkTimeZone.maximumOffsetSeconds...TalkTimeZone.maximumOffsetSeconds)
        await propertyCheck(count: 500, input: Gen.int64(in: .min ... .max), offsets) { milliseconds, offset in
            let zone = try TalkTimeZone(identifier: "Test", secondsFromUTC: offset)
            let local = zone.localTime(at: Timestamp(millisecondsSinceEpoch: milliseconds))
            #expect(try StoredJSON.roundTrip(local) == local)
        }
    }

    @Test func fixedOffsetTimeZonesAreStoredAndRuleBasedOnesCannotBe() throws {
        #expect(try StoredJSON.encode(TalkTimeZone.asiaTokyo) == #"{"identifier":"Asia/Tokyo","secondsFromUTC":32400}"#)
        let decoded = try StoredJSON.roundTrip(TalkTimeZone.asiaTokyo)
        #expect(decoded.identifier == "Asia/Tokyo")
        #expect(decoded.secondsFromUTC(at: Fixtures.start) == 32400)
        #expect(decoded.localTime(at: Fixtures.start) == TalkTimeZone.asiaTokyo.localTime(at: Fixtures.start))
        #expect(StoredJSON.refusal(TalkTimeZone.self, from: #"{"identifier":"Mars","secondsFromUTC":90000}"#) != nil)
        #expect(StoredJSON.refusal(TalkTimeZone.self, from: #"{"identifier":"","secondsFromUTC":0}"#) != nil)
        let berlin = TalkTimeZone(identifier: "Europe/Berlin") { _ in 3600 }
        #expect(throws: EncodingError.self) { try StoredJSON.encode(berlin) }
    }

    // MARK: Chat mode (R19)

    static func schedule() throws -> WeeklySchedule {
        try WeeklySchedule(
            zone: .asiaTokyo,
            ranges: [
                try ScheduleRange(weekday: .tuesday, from: (9, 0), to: (18, 0), mode: .manualChat),
                try ScheduleRange(weekday: .monday, from: (9, 0), to: (18, 0), mode: .manualChat),
            ],
            otherwise: .autoReply
        )
    }

    @Test func r19_schedulesAreStoredAndRestoredToTheSameModes() throws {
        let schedule = try Self.schedule()
        #expect(
            try StoredJSON.encode(schedule)
                == #"{"otherwise":"autoReply","ranges":["#
                + #"{"endMinute":1080,"mode":"manualChat","startMinute":540,"weekday":"monday"},"#
                + #"{"endMinute":1080,"mode":"manualChat","startMinute":540,"weekday":"tuesday"}],"#
                + #""zone":{"identifier":"Asia/Tokyo","secondsFromUTC":32400}}"#
        )
        let settings = ChatModeSettings(isEnabled: true, schedule: schedule)
        let restored = try StoredJSON.roundTrip(settings)
        #expect(restored.isEnabled)
        #expect(restored.schedule?.ranges == schedule.ranges)
        #expect(restored.schedule?.otherwise == .autoReply)
        #expect(restored.schedule?.zone.identifier == "Asia/Tokyo")
        for hour in Int64(0)..<(24 * 7) {
            let instant = Fixtures.start.advanced(by: .hours(hour))
            #expect(restored.mode(at: instant) == settings.mode(at: instant))
        }
        #expect(try StoredJSON.encode(ChatModeSettings()) == #"{"isEnabled":false}"#)
        let answering = ChatModeSettings(isEnabled: true, autoReply: "閉店中です")
        #expect(try StoredJSON.encode(answering) == #"{"autoReply":"閉店中です","isEnabled":true}"#)
        #expect(try StoredJSON.roundTrip(answering).autoReply == "閉店中です")
        #expect(try StoredJSON.roundTrip(ChatModeSettings()).mode(at: Fixtures.start) == .off)
    }

    @Test func r19_invalidStoredSchedulesAreRefused() throws {
        let reversed = #"{"endMinute":540,"mode":"manualChat","startMinute":1080,"weekday":"monday"}"#
        let reversedContext = StoredJSON.refusal(ScheduleRange.self, from: reversed)
        #expect((reversedContext?.underlyingError as? ScheduleError)?.code == .invalidTimeRange)
        let past = #"{"endMinute":1441,"mode":"manualChat","startMinute":0,"weekday":"monday"}"#
        #expect(StoredJSON.refusal(ScheduleRange.self, from: past) != nil)
        let overlapping =
            #"{"otherwise":"autoReply","ranges":["#
            + #"{"endMinute":1080,"mode":"manualChat","startMinute":540,"weekday":"monday"},"#
            + #"{"endMinute":720,"mode":"autoReply","startMinute":600,"weekday":"monday"}],"#
            + #""zone":{"identifier":"Asia/Tokyo","secondsFromUTC":32400}}"#
        let overlapContext = StoredJSON.refusal(WeeklySchedule.self, from: overlapping)
        #expect((overlapContext?.underlyingError as? ScheduleError)?.code == .overlappingRanges)
        let ruleBased = try WeeklySchedule(zone: TalkTimeZone(identifier: "Europe/Berlin") { _ in 3600 }, ranges: [])
        #expect(throws: EncodingError.self) {
            try StoredJSON.encode(ChatModeSettings(isEnabled: true, schedule: ruleBased))
        }
    }

    // MARK: Policy (R01-R05, R08, R12)

    static func policy() throws -> TenantPolicy {
        var policy = try Fixtures.enabledPolicy(
            Fixtures.ourTenant,
            allowing: [try Fixtures.bob(), try Fixtures.alice()]
        )
        policy.workspaceLink = ExternalLink(isEnabled: false, allowedMembers: .everyone)
        policy.peerTenants = PeerTenantACL(
            allow: [try DomainPattern("*.jp"), .any],
            deny: [try DomainPattern("evil.jp")]
        )
        policy.setPhoneDiscoverable(try Fixtures.bob(), consents: true)
        policy.allowsExternalFiles = false
        policy.allowsExternalUsersInGroupRooms = true
        return policy
    }

    @Test func r01_r02_tenantPoliciesAreStoredWithEverySetting() throws {
        let policy = try Self.policy()
        #expect(
            try StoredJSON.encode(policy)
                == #"{"allowsExternalFiles":false,"allowsExternalUsersInGroupRooms":true,"#
                + #""lineLink":{"allowedMembers":{"members":["alice@example.co.jp","bob@example.co.jp"],"type":"only"},"#
                + #""isEnabled":true},"peerTenants":{"allow":["*.jp","*"],"deny":["evil.jp"]},"#
                + #""phoneDiscoverableMembers":["bob@example.co.jp"],"plan":"paid","tenant":"example.co.jp","#
                + #""workspaceLink":{"allowedMembers":{"type":"everyone"},"isEnabled":false}}"#
        )
        #expect(try StoredJSON.roundTrip(policy) == policy)
        #expect(
            try StoredJSON.roundTrip(TenantPolicy(tenant: try Fixtures.tenant("free.jp"), plan: .free)).plan == .free
        )
    }

    @Test func r03_aStoredPaidPolicyKeepsTheLinksItWasSavedWith() throws {
        // Decoding starts from the plan's defaults (both links off on paid plans) and then applies what was stored.
        var enabled = TenantPolicy(tenant: try Fixtures.tenant(Fixtures.ourTenant), plan: .paid)
        enabled.lineLink = ExternalLink(isEnabled: true, allowedMembers: .everyone)
        let restored = try StoredJSON.roundTrip(enabled)
        #expect(restored.lineLink.permits(try Fixtures.alice()))
        #expect(!restored.workspaceLink.permits(try Fixtures.alice()))
    }

    @Test func r04_talkPoliciesAreStoredSortedByTenant() throws {
        let (ours, peer) = try Fixtures.bothTenants()
        let policies = TalkPolicies([ours, peer], missingTenant: .deferToTenant)
        let json = try StoredJSON.encode(policies)
        #expect(json.hasPrefix(#"{"missingTenant":"deferToTenant","policies":[{"#))
        let ourIndex = try #require(json.range(of: #""tenant":"example.co.jp""#)).lowerBound
        let peerIndex = try #require(json.range(of: #""tenant":"partner.jp""#)).lowerBound
        #expect(ourIndex < peerIndex)
        #expect(try StoredJSON.roundTrip(policies) == policies)
        let ourJSON = try StoredJSON.encode(ours)
        let twice = #"{"missingTenant":"deny","policies":["# + ourJSON + "," + ourJSON + "]}"
        #expect(StoredJSON.path(StoredJSON.refusal(TalkPolicies.self, from: twice)) == "policies")
    }

    // MARK: Quota (R32)

    @Test func r32_quotasAreStoredWithTheirPlanMonthAndCount() throws {
        var quota = MonthlyQuota(plan: .light, at: Fixtures.start, used: 120)
        try quota.record(.push, at: Fixtures.start)
        #expect(
            try StoredJSON.encode(quota)
                == #"{"month":{"month":6,"year":2025},"#
                + #""plan":{"allowsAdditionalMessages":false,"monthlyLimit":5000,"name":"light"},"used":121}"#
        )
        let restored = try StoredJSON.roundTrip(quota)
        #expect(restored == quota)
        #expect(restored.remaining(at: Fixtures.start) == 4879)
        for plan in [MessagePlan.free, .light, .standard] {
            #expect(try StoredJSON.roundTrip(plan) == plan)
        }
        let custom = try MessagePlan.custom(name: "contract", monthlyLimit: 0, allowsAdditionalMessages: true)
        #expect(try StoredJSON.roundTrip(custom) == custom)
    }

    @Test func r32_impossibleStoredQuotasAreRefused() {
        let negativeLimit = #"{"allowsAdditionalMessages":false,"monthlyLimit":-1,"name":"free"}"#
        let context = StoredJSON.refusal(MessagePlan.self, from: negativeLimit)
        #expect((context?.underlyingError as? QuotaError)?.code == .invalidLimit)
        let negativeCount =
            #"{"month":{"month":6,"year":2025},"#
            + #""plan":{"allowsAdditionalMessages":false,"monthlyLimit":200,"name":"free"},"used":-3}"#
        #expect(StoredJSON.path(StoredJSON.refusal(MonthlyQuota.self, from: negativeCount)) == "used")
    }

    // MARK: Rooms' parts

    @Test func r09_requestsAndStatusesAreStored() throws {
        let request = RoomRequest(direction: .outgoing, method: .phoneNumberSearch, requestedAt: Fixtures.start)
        #expect(
            try StoredJSON.encode(request)
                == #"{"direction":"outgoing","method":"phoneNumberSearch","requestedAt":1748822400000}"#
        )
        #expect(try StoredJSON.roundTrip(request) == request)
        var room = try Room.outgoingRequest(
            to: .workspaceUser(try Fixtures.carol()),
            method: .qrCode,
            at: Fixtures.start
        )
        _ = try room.peerBlocked()
        _ = try room.restrict(.linkDisabled)
        #expect(try StoredJSON.roundTrip(room.status) == room.status)
        #expect(
            try StoredJSON.encode(room.status).hasSuffix(#""restrictions":["blockedByPeer","linkDisabled"]}"#)
        )
    }
}
