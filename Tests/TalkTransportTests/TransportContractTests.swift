import LineHTTPTransport
import TalkModel
import TalkTesting
import TalkTransport
import TalkTransportConformance
import Testing

/// The transport contract of TalkTransportConformance, run against the in-memory fake and against
/// `HTTPTalkTransport` talking HTTP to the same fake on loopback, so the fake cannot drift from the wire.
@Suite("Transport contract")
struct TransportContractTests {
    @Test(arguments: ConformanceCheck<InMemoryTransport>.all.map(\.name))
    func inMemoryTransport(_ check: String) async throws {
        try await ContractHarness.inMemory.run(check, in: ConformanceCheck.all)
    }

    @Test(arguments: ConformanceCheck<HTTPTalkTransport>.all.map(\.name))
    func httpTalkTransport(_ check: String) async throws {
        try await ContractHarness.http.run(check, in: ConformanceCheck.all)
    }

    @Test(arguments: ConformanceCheck<HTTPTalkTransport>.lineMessaging.map(\.name))
    func lineEmulator(_ check: String) async throws {
        try await ContractHarness.emulator.run(check, in: ConformanceCheck.lineMessaging)
    }

    @Test func everyServiceHasChecksAndNamesAreUnique() {
        let names = ConformanceCheck<InMemoryTransport>.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(!ConformanceCheck<InMemoryTransport>.lineWorks.isEmpty)
        #expect(!ConformanceCheck<InMemoryTransport>.federation.isEmpty)
        #expect(
            ConformanceCheck<InMemoryTransport>.lineMessaging.count
                == names.count - ConformanceCheck<InMemoryTransport>.lineWorks.count
                - ConformanceCheck<InMemoryTransport>.federation.count
        )
    }

    @Test func aTransportThatBreaksTheContractFailsNamingTheCheck() async throws {
        // A wrapper that loses retry keys: the duplicate check must catch it.
        let conformance = TransportConformance<KeyDroppingTransport> { fixture, body in
            try await body(KeyDroppingTransport(base: fixture.makeInMemoryTransport()))
        }
        let failures = await conformance.failures(
            of: ConformanceCheck.lineMessaging.filter {
                $0.name == "repeatedRetryKeyIsDuplicateCarryingAcceptedRequestID"
            }
        )
        let failure = try #require(failures.first)
        #expect(failures.count == 1)
        #expect(failure.check == "repeatedRetryKeyIsDuplicateCarryingAcceptedRequestID")
        #expect(failure.code == .expectationFailed || failure.code == .unexpectedError)
    }
}

/// A broken wrapper: every push gets a new retry key, so a retried push would be sent twice.
private struct KeyDroppingTransport: LineMessagingTransport {
    let base: InMemoryTransport

    func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
        guard let send = call as? LineSendCall, send.retryKey != nil else {
            return try await base.perform(call, channel: channel)
        }
        let receipt = try await base.perform(try LineSendCall(send.lineRequest, retryKey: .random()), channel: channel)
        return try #require(receipt as? Call.Response)
    }

    func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent {
        try await base.downloadContent(messageID: messageID, channel: channel)
    }
}
