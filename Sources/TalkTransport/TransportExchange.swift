package import TalkModel
import TalkWire

/// One attempt's answer as the shared call logic sees it: a status and headers now, the body when needed.
package protocol TransportAnswer: Sendable {
    /// The HTTP status.
    var status: Int { get }
    /// The service's request ID (`x-line-request-id`, or LINE WORKS's).
    var requestID: String? { get }
    /// The whole answer, read to decode a failure.
    func completeResponse() async throws -> LineAPIResponse
}

extension LineAPIResponse: TransportAnswer {
    package func completeResponse() -> LineAPIResponse { self }
}

/// What one attempt did, for logs and metrics: never a token, a secret or a body.
package struct TransportAttemptRecord: Sendable {
    /// The operation, such as `push`.
    package var operation: String
    /// The attempt number, from 1.
    package var attempt: Int
    /// The last HTTP status seen, when an answer arrived.
    package var status: Int?
    /// The service's request ID, when an answer carried one.
    package var requestID: String?
    /// Whether a refreshed token was tried after a 401.
    package var refreshedToken: Bool
    /// The failure, or `nil` for a success.
    package var error: TalkTransportError?
}

/// Retries, token refresh and error mapping, written once for every transport.
///
/// An operation supplies how to make one exchange with a token and how to read a success; this runs it under
/// the ``RetryPolicy``: it asks for the token before every attempt and, after a 401, once more, trying a changed
/// token once; it turns non-2xx answers into ``TalkTransportError`` and reports every attempt to an observer.
package struct TransportExchange: Sendable {
    /// How to retry.
    package var retryPolicy: RetryPolicy
    /// How retries wait.
    package var retryEnvironment: RetryEnvironment
    /// Told about every attempt, as it ends.
    package var observe: @Sendable (TransportAttemptRecord) -> Void

    /// Creates an exchange.
    /// - Parameters:
    ///   - retryPolicy: The retries.
    ///   - retryEnvironment: How retries wait.
    ///   - observe: The observer of attempts.
    package init(
        retryPolicy: RetryPolicy,
        retryEnvironment: RetryEnvironment,
        observe: @escaping @Sendable (TransportAttemptRecord) -> Void = { _ in }
    ) {
        self.retryPolicy = retryPolicy
        self.retryEnvironment = retryEnvironment
        self.observe = observe
    }

    /// Where an operation's bearer token comes from.
    package struct Credential: Sendable {
        /// What the token is for, in errors, such as `channel 1650000001`.
        package var subject: String
        /// Returns the current token.
        package var token: @Sendable () async throws -> String

        /// Creates a credential.
        /// - Parameters:
        ///   - subject: What the token is for.
        ///   - token: Returns the current token.
        package init(subject: String, token: @escaping @Sendable () async throws -> String) {
            self.subject = subject
            self.token = token
        }
    }

    /// Runs an operation with retries, token refresh and error mapping.
    /// - Parameters:
    ///   - operation: What the operation does, for errors and logs.
    ///   - idempotency: Whether it may be repeated when its outcome is unknown.
    ///   - credential: Its token, or `nil` for an unauthenticated exchange.
    ///   - mapError: Turns a complete non-2xx answer into an error.
    ///   - exchange: One exchange, given the token.
    ///   - success: Reads a 2xx answer.
    /// - Returns: The first success.
    /// - Throws: ``TalkTransportError``, or `CancellationError`.
    package func run<Answer: TransportAnswer, Result: Sendable>(
        operation: String,
        idempotency: LineAPIRequest.Idempotency,
        credential: Credential?,
        mapError: (LineAPIResponse, String) -> TalkTransportError = TalkTransportError.init(lineResponse:operation:),
        exchange: (_ token: String?) async throws -> Answer,
        success: (Answer) async throws -> Result
    ) async throws -> Result {
        try await retryPolicy.run(idempotency: idempotency, environment: retryEnvironment) { attempt in
            var record = TransportAttemptRecord(
                operation: operation,
                attempt: attempt,
                status: nil,
                requestID: nil,
                refreshedToken: false,
                error: nil
            )
            do {
                var token: String?
                if let credential { token = try await Self.token(from: credential, operation: operation) }
                var answer = try await exchange(token)
                record.status = answer.status
                record.requestID = answer.requestID
                if answer.status == 401, let credential, let fresh = try? await credential.token(), fresh != token {
                    token = fresh
                    record.refreshedToken = true
                    answer = try await exchange(token)
                    record.status = answer.status
                    record.requestID = answer.requestID
                }
                guard (200..<300).contains(answer.status) else {
                    throw mapError(try await answer.completeResponse(), operation)
                }
                let result = try await success(answer)
                observe(record)
                return result
            } catch {
                record.error = error as? TalkTransportError
                observe(record)
                throw error
            }
        }
    }

    private static func token(
        from credential: Credential,
        operation: String
    ) async throws(TalkTransportError)
        -> String
    {
        do {
            return try await credential.token()
        } catch {
            throw TalkTransportError(
                .unauthorized,
                operation: operation,
                message: "the access token provider failed for \(credential.subject)",
                mayHaveBeenProcessed: false,
                underlying: error
            )
        }
    }
}

extension FederationDeliveryReceipt {
    /// Reads a peer's 2xx answer: a body `{"duplicate": true}` says the peer had the request already.
    /// - Parameters:
    ///   - response: The answer.
    ///   - peer: The tenant.
    ///   - requestID: The request's ID.
    package init(response: LineAPIResponse, peer: TenantDomain, requestID: String) {
        let duplicate = (try? JSONValue(parsing: response.body, maximumDepth: 4))?["duplicate"]?.boolValue ?? false
        self.init(peer: peer, requestID: requestID, status: response.status, isDuplicate: duplicate)
    }
}

extension WorksSendReceipt {
    /// Reads LINE WORKS's 2xx answer.
    /// - Parameter response: The answer.
    package init(response: LineAPIResponse) {
        self.init(status: response.status, requestID: response.requestID)
    }
}
