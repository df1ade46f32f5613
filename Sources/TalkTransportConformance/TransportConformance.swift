public import TalkModel
public import TalkTesting
public import TalkTransport

/// Runs ExternalTalk's transport contract against a transport: the behaviour ``/TalkTesting/InMemoryTransport`` and
/// `HTTPTalkTransport` share, written once so that an app's own transport, or a wrapper around one of ours, can
/// prove it behaves the same.
///
/// Each ``ConformanceCheck`` builds a fresh fake platform (a ``ConformanceFixture``), asks the factory for a
/// transport in front of it, drives the transport, and inspects the platform. The factory decides how the
/// transport reaches the platform: directly (a wrapper around ``/TalkTesting/InMemoryTransport``), or over HTTP to a server that
/// answers with ``/TalkTesting/InMemoryTransport/simulate(_:)``. Time is the platform's ``/TalkTesting/VirtualClock``: retries wait in virtual
/// time, so no check depends on the speed of the machine.
///
/// No test framework is needed; a failing check throws ``ConformanceFailure`` naming the check and the
/// expectation. With Swift Testing:
///
/// ```swift
/// import TalkTesting
/// import TalkTransportConformance
/// import Testing
///
/// let conformance = TransportConformance<CountingTransport<InMemoryTransport>> { fixture, body in
///     try await body(CountingTransport(base: fixture.makeInMemoryTransport()))
/// }
///
/// @Test(arguments: ConformanceCheck<CountingTransport<InMemoryTransport>>.lineMessaging.map(\.name))
/// func conforms(_ check: String) async throws {
///     try await conformance.run(check, in: ConformanceCheck.lineMessaging)
/// }
/// ```
public struct TransportConformance<Transport: Sendable>: Sendable {
    /// Builds a transport in front of a fixture's platform and runs a body with it, cleaning up afterwards.
    ///
    /// The transport must reach `fixture.platform`, retry with `fixture.retryPolicy` waiting with
    /// `fixture.retryEnvironment`, and authorize LINE calls with ``/TalkTesting/InMemoryTransport/accessToken(for:)``.
    public typealias Factory =
        @Sendable (_ fixture: ConformanceFixture, _ body: (Transport) async throws -> Void) async throws -> Void

    private let factory: Factory

    /// Creates a runner.
    /// - Parameter factory: Builds the transport under test for each check.
    public init(_ factory: @escaping Factory) {
        self.factory = factory
    }

    /// Runs one check.
    /// - Parameter check: The check.
    /// - Throws: ``ConformanceFailure`` when the transport does not behave as the check expects.
    public func run(_ check: ConformanceCheck<Transport>) async throws(ConformanceFailure) {
        let fixture: ConformanceFixture
        do {
            fixture = try ConformanceFixture(check.setup)
        } catch {
            throw ConformanceFailure(.setUpFailed, check: check.name, expectation: "the fixture builds", error: error)
        }
        do {
            try await factory(fixture) { transport in
                try await check.body(ConformanceContext(check: check.name, transport: transport, fixture: fixture))
            }
        } catch let failure as ConformanceFailure {
            throw failure
        } catch {
            throw ConformanceFailure(
                .unexpectedError,
                check: check.name,
                expectation: "the check runs without an unexpected error",
                error: error
            )
        }
    }

    /// Runs the check with a given name from a list.
    /// - Parameters:
    ///   - name: The check's ``ConformanceCheck/name``.
    ///   - checks: The list, such as ``ConformanceCheck/lineMessaging``.
    /// - Throws: ``ConformanceFailure``; ``ConformanceFailure/Code/unknownCheck`` when no check has the name.
    public func run(_ name: String, in checks: [ConformanceCheck<Transport>]) async throws(ConformanceFailure) {
        guard let check = checks.first(where: { $0.name == name }) else {
            throw ConformanceFailure(.unknownCheck, check: name, expectation: "a check with this name exists")
        }
        try await run(check)
    }

    /// Runs every check of a list and collects the failures.
    /// - Parameter checks: The checks.
    /// - Returns: One failure per failing check, in order; empty when the transport conforms.
    public func failures(of checks: [ConformanceCheck<Transport>]) async -> [ConformanceFailure] {
        var failures: [ConformanceFailure] = []
        for check in checks {
            do {
                try await run(check)
            } catch {
                failures.append(error)
            }
        }
        return failures
    }
}

/// A fresh fake platform for one check: one channel, one user who follows it, one peer tenant, a virtual clock.
public struct ConformanceFixture: Sendable {
    /// The platform the transport under test must reach.
    public let platform: InMemoryTransport
    /// The channel, with the plan the check asks for.
    public let channel: LineChannelID
    /// A user who follows the channel, named Aiko, language `ja`.
    public let user: LineUserID
    /// A peer tenant the platform accepts federation requests for.
    public let peer: TenantDomain
    /// The secret ``peer`` shares: a transport must sign its federation requests with it.
    public let peerSecret: String
    /// The retries the transport must make.
    public let retryPolicy: RetryPolicy
    /// How its retries must wait: in virtual time on the platform's clock.
    public let retryEnvironment: RetryEnvironment

    /// The platform's clock.
    public var clock: VirtualClock { platform.clock }

    init(_ setup: ConformanceCheck<some Sendable>.Setup) throws {
        let clock = VirtualClock()
        let platform = InMemoryTransport(clock: clock)
        let channel = try LineChannelID("1650000001")
        let peer = try TenantDomain("partner.example.jp")
        platform.addChannel(channel, plan: setup.plan, usedThisMonth: setup.usedThisMonth)
        let peerSecret = platform.addPeerTenant(peer)
        let user = platform.addUser(displayName: "Aiko", language: "ja")
        _ = try platform.follow(user, channel: channel)
        self.platform = platform
        self.channel = channel
        self.user = user
        self.peer = peer
        self.peerSecret = peerSecret
        self.retryPolicy = setup.retryPolicy
        self.retryEnvironment = clock.retryEnvironment()
    }

    /// The platform as an ``/TalkTesting/InMemoryTransport`` that retries as the check asks: the base to wrap when checking
    /// a wrapper.
    /// - Returns: A transport onto ``platform``.
    public func makeInMemoryTransport() -> InMemoryTransport {
        platform.withRetryPolicy(retryPolicy, environment: retryEnvironment)
    }
}

/// Why a transport failed a check.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case expectationFailed, unexpectedError, setUpFailed, unknownCheck
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The transport behaved differently from what the check expects.
        public static let expectationFailed = Code(.expectationFailed)
        /// The check stopped on an error it did not expect, from the transport or the factory.
        public static let unexpectedError = Code(.unexpectedError)
        /// The fixture could not be built.
        public static let setUpFailed = Code(.setUpFailed)
        /// No check has the name asked for.
        public static let unknownCheck = Code(.unknownCheck)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The check's name.
    public var check: String
    /// What was expected, such as `error.code == .duplicate`.
    public var expectation: String
    /// The line of the expectation in TalkTransportConformance's source, when it is one.
    public var line: Int?
    /// The error that stopped the check, for ``Code/unexpectedError``.
    public var underlying: (any Error)?

    init(_ code: Code, check: String, expectation: String, line: Int? = nil, error: (any Error)? = nil) {
        self.code = code
        self.check = check
        self.expectation = expectation
        self.line = line
        self.underlying = error
    }

    /// The check, the expectation and the error, if any.
    public var description: String {
        var text = "\(check): \(code): expected \(expectation)"
        if let line { text += " (line \(line))" }
        if let underlying { text += "; got \(underlying)" }
        return text
    }
}
