import TalkModel
import Testing

@Suite struct PolicyTests {
    @Test func r03_paidPlanStartsWithBothLinksDisabledAndNobodyAllowed() throws {
        let policy = TenantPolicy(tenant: try Fixtures.tenant(Fixtures.ourTenant), plan: .paid)
        #expect(!policy.lineLink.isEnabled)
        #expect(!policy.workspaceLink.isEnabled)
        #expect(!policy.lineLink.allowedMembers.contains(try Fixtures.alice()))
        #expect(!policy.allowsExternalUsersInGroupRooms)
        let free = TenantPolicy(tenant: try Fixtures.tenant(Fixtures.ourTenant), plan: .free)
        #expect(free.lineLink.permits(try Fixtures.alice()))
    }

    @Test func r01_lineAndWorkspaceLinksSwitchIndependently() throws {
        let alice = try Fixtures.alice()
        var policy = try Fixtures.enabledPolicy(Fixtures.ourTenant, allowing: [alice])
        policy.lineLink.isEnabled = false
        #expect(!policy.link(for: .lineUser).permits(alice))
        #expect(policy.link(for: .workspaceUser).permits(alice))
        policy.lineLink.isEnabled = true
        policy.workspaceLink.isEnabled = false
        #expect(policy.link(for: .lineUser).permits(alice))
        #expect(!policy.link(for: .workspaceUser).permits(alice))
    }

    @Test func r02_eachLinkHasItsOwnAllowedMembers() throws {
        let (alice, bob) = (try Fixtures.alice(), try Fixtures.bob())
        var policy = try Fixtures.enabledPolicy(Fixtures.ourTenant, allowing: [alice])
        policy.workspaceLink.allowedMembers.insert(bob)
        #expect(policy.lineLink.permits(alice))
        #expect(!policy.lineLink.permits(bob))
        #expect(policy.workspaceLink.permits(bob))
        policy.workspaceLink.allowedMembers.remove(bob)
        #expect(!policy.workspaceLink.permits(bob))
    }

    @Test func r08_phoneDiscoverabilityIsEachMembersOwnConsent() throws {
        let (alice, bob) = (try Fixtures.alice(), try Fixtures.bob())
        var policy = try Fixtures.enabledPolicy(Fixtures.ourTenant, allowing: [alice, bob])
        #expect(policy.phoneDiscoverableMembers.isEmpty)
        policy.setPhoneDiscoverable(alice, consents: true)
        #expect(policy.phoneDiscoverableMembers == [alice])
        policy.setPhoneDiscoverable(alice, consents: false)
        #expect(policy.phoneDiscoverableMembers.isEmpty)
    }

    @Test func domainPatternsMatchLikeMatrixServerACLs() throws {
        let subdomains = try DomainPattern("*.example.co.jp")
        #expect(subdomains.matches(try Fixtures.tenant("sales.example.co.jp")))
        #expect(subdomains.matches(try Fixtures.tenant("a.b.example.co.jp")))
        #expect(!subdomains.matches(try Fixtures.tenant("example.co.jp")))
        #expect(!subdomains.matches(try Fixtures.tenant("example.co.jp.evil.com")))
        #expect(try DomainPattern("partner?.jp").matches(try Fixtures.tenant("partner1.jp")))
        #expect(!(try DomainPattern("partner?.jp").matches(try Fixtures.tenant("partner12.jp"))))
        #expect(DomainPattern.any.matches(try Fixtures.tenant("anything.example")))
        #expect(try DomainPattern("*Example*").matches(try Fixtures.tenant("my.example.org")))
        #expect(throws: IdentifierError.self) { try DomainPattern("exa mple.jp") }
        #expect(throws: IdentifierError.self) { try DomainPattern("") }
    }

    @Test func peerTenantDenyPatternsWinOverAllowPatterns() throws {
        var acl = PeerTenantACL(allow: [try DomainPattern("*.jp")], deny: [try DomainPattern("rival.jp")])
        #expect(acl.permits(try Fixtures.tenant("partner.jp")))
        #expect(!acl.permits(try Fixtures.tenant("rival.jp")))
        #expect(!acl.permits(try Fixtures.tenant("partner.com")))
        acl.deny = [.any]
        #expect(!acl.permits(try Fixtures.tenant("partner.jp")))
        #expect(!PeerTenantACL(allow: []).permits(try Fixtures.tenant("partner.jp")))
        #expect(PeerTenantACL.everyone.permits(try Fixtures.tenant("partner.jp")))
    }
}
