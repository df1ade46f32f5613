public import TalkModel
public import TalkTesting
public import TalkTransport
public import TalkWire

/// One behaviour a transport must show, with the platform set-up it needs.
///
/// The lists ``lineMessaging``, ``lineWorks`` and ``federation`` hold the checks of each service; ``all`` holds
/// every check, for a full ``/TalkTransport/TalkTransport``.
public struct ConformanceCheck<Transport: Sendable>: Sendable, CustomStringConvertible {
    /// The platform a check runs on.
    public struct Setup: Sendable {
        /// The retries the transport must make.
        public var retryPolicy: RetryPolicy
        /// The channel's message plan.
        public var plan: MessagePlan
        /// Messages already counted this month.
        public var usedThisMonth: Int

        /// Creates a set-up.
        /// - Parameters:
        ///   - retryPolicy: The retries; none by default, so every fault reaches the check.
        ///   - plan: The plan; free by default (200 messages a month).
        ///   - usedThisMonth: The month's usage so far.
        public init(retryPolicy: RetryPolicy = .none, plan: MessagePlan = .free, usedThisMonth: Int = 0) {
            self.retryPolicy = retryPolicy
            self.plan = plan
            self.usedThisMonth = usedThisMonth
        }
    }

    /// The check's name, such as `repeatedRetryKeyIsDuplicateCarryingAcceptedRequestID`; rule IDs lead where
    /// the check proves one (`r15_...`).
    public let name: String
    /// The platform it runs on.
    public let setup: Setup
    let body: @Sendable (ConformanceContext<Transport>) async throws -> Void

    /// Creates a check.
    /// - Parameters:
    ///   - name: The name.
    ///   - setup: The platform it runs on.
    ///   - body: Drives the transport and inspects the platform; throws ``ConformanceFailure`` on a mismatch.
    public init(
        _ name: String,
        setup: Setup = Setup(),
        _ body: @escaping @Sendable (ConformanceContext<Transport>) async throws -> Void
    ) {
        self.name = name
        self.setup = setup
        self.body = body
    }

    /// The name.
    public var description: String { name }
}

/// What a check body works with: the transport under test, the fixture behind it, and expectations that throw
/// ``ConformanceFailure``.
public struct ConformanceContext<Transport: Sendable>: Sendable {
    /// The running check's name.
    public let check: String
    /// The transport under test.
    public let transport: Transport
    /// The platform and its fixtures.
    public let fixture: ConformanceFixture

    /// The fake platform.
    public var platform: InMemoryTransport { fixture.platform }
    /// The platform's clock.
    public var clock: VirtualClock { fixture.clock }
    /// The fixture's channel.
    public var channel: LineChannelID { fixture.channel }
    /// The fixture's user, who follows ``channel``.
    public var user: LineUserID { fixture.user }
    /// The fixture's peer tenant.
    public var peer: TenantDomain { fixture.peer }
    /// The secret the fixture's peer tenant shares.
    public var peerSecret: String { fixture.peerSecret }

    /// Fails the check unless a condition holds.
    /// - Parameters:
    ///   - condition: What must hold.
    ///   - expectation: The condition as text, for the failure.
    ///   - line: Where the expectation is.
    /// - Throws: ``ConformanceFailure`` with ``ConformanceFailure/Code/expectationFailed``.
    public func expect(_ condition: Bool, _ expectation: String, line: Int = #line) throws(ConformanceFailure) {
        guard condition else {
            throw ConformanceFailure(.expectationFailed, check: check, expectation: expectation, line: line)
        }
    }

    /// Unwraps a value the check needs, or fails it.
    /// - Parameters:
    ///   - value: The value.
    ///   - expectation: What it is, for the failure.
    ///   - line: Where the expectation is.
    /// - Returns: The value.
    /// - Throws: ``ConformanceFailure`` when it is `nil`.
    public func require<Value>(
        _ value: Value?,
        _ expectation: String,
        line: Int = #line
    ) throws(ConformanceFailure)
        -> Value
    {
        guard let value else {
            throw ConformanceFailure(.expectationFailed, check: check, expectation: expectation, line: line)
        }
        return value
    }

    /// The ``/TalkTransport/TalkTransportError`` a call throws, or a failure if it succeeds or throws something else.
    /// - Parameters:
    ///   - line: Where the expectation is.
    ///   - body: The call.
    /// - Returns: The error.
    /// - Throws: ``ConformanceFailure``.
    public func error(
        line: Int = #line,
        _ body: () async throws -> some Any
    ) async throws(ConformanceFailure)
        -> TalkTransportError
    {
        do {
            _ = try await body()
        } catch let error as TalkTransportError {
            return error
        } catch {
            throw ConformanceFailure(
                .expectationFailed,
                check: check,
                expectation: "a TalkTransportError",
                line: line,
                error: error
            )
        }
        throw ConformanceFailure(.expectationFailed, check: check, expectation: "a TalkTransportError", line: line)
    }

    /// LINE text messages for plain strings, from TalkWire's encoder.
    /// - Parameter strings: The texts.
    /// - Returns: The messages.
    /// - Throws: ``/TalkWire/LineEncodingError``.
    public func texts(_ strings: String...) throws -> [LineOutboundMessage] {
        try LineMessageEncoder(catalog: EmojiCatalog()).messages(
            for: strings.map { MessageContent.text(TextContent($0)) }
        )
    }
}

extension ConformanceCheck where Transport: TalkTransport {
    /// Every check: the LINE Messaging API's, LINE WORKS's and federation's.
    public static var all: [ConformanceCheck] { lineMessaging + lineWorks + federation }
}

/// A retry policy whose waits are easy to add up: 1 s, 2 s, 4 s without jitter, three attempts.
let conformanceRetryPolicy = RetryPolicy(
    maximumAttempts: 3,
    initialDelay: .seconds(1),
    maximumDelay: .seconds(4),
    maximumTotalTime: .seconds(60),
    jitter: 0
)
