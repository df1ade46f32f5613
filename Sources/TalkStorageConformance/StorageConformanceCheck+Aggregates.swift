import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// The model's aggregates: tenant policies, address books and their owners, customer directories and
    /// chat-mode settings, each kept whole and replaced whole.
    public static var aggregates: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("aggregates: tenant policies round-trip and are replaced") { h in
                let policy = try Fixtures.policy()
                let other = TenantPolicy(tenant: Fixtures.otherTenant, plan: .free)
                try await h.storage.write { w in
                    try w.saveTenantPolicy(policy)
                    try w.saveTenantPolicy(other)
                }
                let first = try await h.storage.read { r in
                    (try r.tenantPolicy(policy.tenant), try r.tenantPolicy(other.tenant))
                }
                try h.expect(first.0, equals: policy, "the paid tenant's policy, every setting as saved")
                try h.expect(
                    first.0?.peerTenants.allow.map(\.rawValue) == policy.peerTenants.allow.map(\.rawValue),
                    "the allow patterns in order"
                )
                try h.expect(first.1, equals: other, "the free tenant's default policy")
                var changed = policy
                changed.lineLink = ExternalLink(isEnabled: false, allowedMembers: .everyone)
                changed.workspaceLink.allowedMembers = .nobody
                changed.peerTenants = .everyone
                changed.setPhoneDiscoverable(try Fixtures.member("suzuki@example.co.jp"), consents: false)
                changed.allowsExternalFiles = true
                let change = changed
                try await h.storage.write { try $0.saveTenantPolicy(change) }
                let second = try await h.storage.read { r in
                    (
                        try r.tenantPolicy(policy.tenant), try r.tenantPolicy(other.tenant),
                        try r.tenantPolicy(try TenantDomain("unknown.example"))
                    )
                }
                try h.expect(second.0, equals: changed, "the replaced policy")
                try h.expect(second.1, equals: other, "the other tenant's policy, untouched")
                try h.expect(second.2 == nil, "no policy for a tenant never saved")
            },
            StorageConformanceCheck("aggregates: address books round-trip with their trash") { h in
                let owner = try Fixtures.member("sato@example.co.jp")
                let colleague = try Fixtures.member("suzuki@example.co.jp")
                let book = try Fixtures.addressBook(owner: owner)
                var small = AddressBook()
                try small.register(
                    .workspaceUser(try Fixtures.member("tanaka@partner.example.jp")),
                    by: colleague,
                    at: Fixtures.time(1)
                )
                let smallBook = small
                try await h.storage.write { w in
                    try w.saveAddressBook(book, of: owner)
                    try w.saveAddressBook(smallBook, of: colleague)
                }
                let first = try await h.storage.read { r in
                    (try r.addressBook(of: owner), try r.addressBook(of: colleague))
                }
                let stored = try h.require(first.0, "the owner's address book")
                try h.expect(stored, equals: book, "the owner's address book, contacts, trash and purges as saved")
                // What == compares, spelled out as what a member sees, for a clearer failure.
                try h.expect(stored.contacts, equals: book.contacts, "the contacts")
                try h.expect(
                    stored.trash(at: Fixtures.time(30)),
                    equals: book.trash(at: Fixtures.time(30)),
                    "the trash"
                )
                let purged = Party.workspaceUser(try Fixtures.member("former@partner.example.jp"))
                try h.expect(!stored.isHistoryVisible(for: purged), "a purged contact's history stays hidden")
                try h.expect(first.1, equals: smallBook, "the colleague's address book")
                var restored = book
                try restored.restore(.lineUser(try Fixtures.lineUser(0x4E27)), by: owner, at: Fixtures.time(40))
                let change = restored
                try await h.storage.write { try $0.saveAddressBook(change, of: owner) }
                let second = try await h.storage.read { r in
                    (
                        try r.addressBook(of: owner), try r.addressBook(of: colleague),
                        try r.addressBook(of: try Fixtures.member("nobody@example.co.jp"))
                    )
                }
                try h.expect(
                    second.0,
                    equals: restored,
                    "the replaced address book, the contact restored from the trash"
                )
                try h.expect(second.1, equals: smallBook, "the colleague's address book, untouched")
                try h.expect(second.2 == nil, "no address book for a member without one")
            },
            StorageConformanceCheck("aggregates: address book owners page in ID order") { h in
                let names =
                    (0..<22).map { "member\(String(100 + $0 * 13 % 100).dropFirst())@example.co.jp" }
                    + ["a@zeta.example", "z@alpha.example", "member-x@example.co.jp"]
                let members = try names.map { try Fixtures.member($0) }
                try await h.storage.write { w in
                    for member in members.reversed() { try w.saveAddressBook(AddressBook(), of: member) }
                    // Saving again adds no second owner.
                    try w.saveAddressBook(AddressBook(), of: members[0])
                }
                let expected = members.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }
                var walked: [MemberID] = []
                var cursor: MemberID?
                for _ in 0..<10 {
                    let after = cursor
                    let page = try await h.storage.read { try $0.addressBookOwners(after: after, limit: 10) }
                    try h.expect(page.count <= 10, "a page holds at most 10 owners")
                    guard let last = page.last else { break }
                    walked += page
                    cursor = last
                }
                try h.expect(walked, equals: expected, "the owners walked by 10, in ID order, each once")
            },
            StorageConformanceCheck("aggregates: customer directories round-trip with their merges") { h in
                let directory = try Fixtures.customerDirectory()
                let empty = CustomerDirectory(defaultOrganization: try OrganizationID("窓口 / desk"))
                try await h.storage.write { w in
                    try w.saveCustomerDirectory(directory, of: Fixtures.tenant)
                    try w.saveCustomerDirectory(empty, of: Fixtures.otherTenant)
                }
                let first = try await h.storage.read { r in
                    (try r.customerDirectory(of: Fixtures.tenant), try r.customerDirectory(of: Fixtures.otherTenant))
                }
                let stored = try h.require(first.0, "the tenant's directory")
                try h.expect(stored, equals: directory, "the directory, channels, customers and merges as saved")
                try h.expect(stored.merges, equals: directory.merges, "the merges in order")
                try h.expect(
                    stored.customers(visibleTo: [], isAdmin: true),
                    equals: directory.customers(visibleTo: [], isAdmin: true),
                    "the customers"
                )
                try h.expect(first.1, equals: empty, "the other tenant's empty directory")
                var changed = directory
                try changed.setStatus(.deleted, of: try Fixtures.channel(2))
                try changed.undoMerge(2, by: try Fixtures.member("admin@example.co.jp"), at: Fixtures.time(50))
                let change = changed
                try await h.storage.write { try $0.saveCustomerDirectory(change, of: Fixtures.tenant) }
                let second = try await h.storage.read { r in
                    (
                        try r.customerDirectory(of: Fixtures.tenant), try r.customerDirectory(of: Fixtures.otherTenant),
                        try r.customerDirectory(of: try TenantDomain("unknown.example"))
                    )
                }
                try h.expect(second.0, equals: changed, "the replaced directory")
                try h.expect(second.1, equals: empty, "the other directory, untouched")
                try h.expect(second.2 == nil, "no directory for a tenant never saved")
            },
            StorageConformanceCheck("R15 R19 aggregates: chat-mode settings round-trip") { h in
                let scheduled = try Fixtures.chatModeSettings()
                let kolkata = try TalkTimeZone(identifier: "Asia/Kolkata", secondsFromUTC: 19_800)
                let disabled = ChatModeSettings(
                    isEnabled: false,
                    schedule: try WeeklySchedule(
                        zone: kolkata,
                        ranges: [
                            try ScheduleRange(weekday: .sunday, startMinute: 0, endMinute: 1_440, mode: .autoReply)
                        ],
                        otherwise: .off
                    ),
                    autoReply: "営業時間外です。9:00 から担当者がお返事します 🙇"
                )
                let unscheduled = ChatModeSettings(isEnabled: true)
                let channels = try (1...4).map { try Fixtures.channel($0) }
                try await h.storage.write { w in
                    try w.saveChatModeSettings(scheduled, channel: channels[0])
                    try w.saveChatModeSettings(disabled, channel: channels[1])
                    try w.saveChatModeSettings(unscheduled, channel: channels[2])
                }
                let first = try await h.storage.read { r in
                    try channels.map { try r.chatModeSettings(channel: $0).map(ChatModeFingerprint.init) }
                }
                try h.expect(first[0], equals: ChatModeFingerprint(scheduled), "the scheduled settings in Tokyo time")
                try h.expect(first[1], equals: ChatModeFingerprint(disabled), "disabled settings keep their schedule")
                try h.expect(first[2], equals: ChatModeFingerprint(unscheduled), "enabled settings without a schedule")
                try h.expect(first[3] == nil, "no settings for a channel never saved")
                try await h.storage.write { try $0.saveChatModeSettings(ChatModeSettings(), channel: channels[0]) }
                let second = try await h.storage.read { r in
                    try channels.prefix(2).map { try r.chatModeSettings(channel: $0).map(ChatModeFingerprint.init) }
                }
                try h.expect(
                    second[0],
                    equals: ChatModeFingerprint(ChatModeSettings()),
                    "the replaced settings, off and unscheduled"
                )
                try h.expect(
                    second[1],
                    equals: ChatModeFingerprint(disabled),
                    "the other channel's settings, untouched"
                )
            },
        ]
    }
}
