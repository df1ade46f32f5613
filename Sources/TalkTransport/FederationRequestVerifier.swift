public import TalkModel
public import TalkWire
public import WebhookSignature

/// The receiving side of ``FederationHTTP``: checks who sent a request and its signature on the raw body, then
/// reads it.
///
/// In that order, and nothing is parsed before the signature holds: the tenant header must name a peer this tenant
/// federates with; the body must fit the size limit; ``FederationHTTP/signatureHeader`` must be the HMAC-SHA256 of
/// the body under a secret shared with that peer; the body must be a valid ``/TalkWire/FederationRequest`` whose
/// sender is a member of the signing tenant (R04: a peer speaks only for its own members) and whose `to` is a member
/// of this tenant.
///
/// ```swift
/// let verifier = FederationRequestVerifier(
///     localTenant: try TenantDomain("example.co.jp"),
///     peerSecrets: [try TenantDomain("partner.example.jp"): [WebhookSecret(sharedSecret)]]
/// )
/// do {
///     let request = try verifier.verify(
///         body,
///         tenantHeader: headers[FederationHTTP.tenantHeader],
///         signatureHeader: headers[FederationHTTP.signatureHeader]
///     )
///     // Process request.requestID once per request.senderTenant; answer a repeat with FederationHTTP.duplicateBody.
/// } catch {
///     respond(error.httpStatus, error.description)
/// }
/// ```
public struct FederationRequestVerifier: Sendable {
    /// This tenant, whose members requests must be for.
    public let localTenant: TenantDomain
    /// The largest body accepted.
    public let maximumBytes: Int
    private let verifierForPeer: @Sendable (TenantDomain) -> WebhookSignatureVerifier?

    /// Creates a verifier for a fixed set of peers.
    /// - Parameters:
    ///   - localTenant: This tenant.
    ///   - peerSecrets: Each peer tenant with the secrets it may sign with: one, or the old and the new one during
    ///     a rotation.
    ///   - maximumBytes: The largest body accepted.
    public init(
        localTenant: TenantDomain,
        peerSecrets: [TenantDomain: [WebhookSecret]],
        maximumBytes: Int = FederationRequest.defaultMaximumBytes
    ) {
        // The key pads are hashed once here, not per request.
        let verifiers = peerSecrets.mapValues { WebhookSignatureVerifier(secrets: $0) }
        self.init(localTenant: localTenant, maximumBytes: maximumBytes) { verifiers[$0] }
    }

    /// Creates a verifier that looks peers up as requests arrive, for a peer list that changes.
    /// - Parameters:
    ///   - localTenant: This tenant.
    ///   - maximumBytes: The largest body accepted.
    ///   - verifierForPeer: The signature verifier holding the secrets shared with a peer tenant, or `nil` when this
    ///     tenant does not federate with it.
    public init(
        localTenant: TenantDomain,
        maximumBytes: Int = FederationRequest.defaultMaximumBytes,
        verifierForPeer: @escaping @Sendable (TenantDomain) -> WebhookSignatureVerifier?
    ) {
        self.localTenant = localTenant
        self.maximumBytes = maximumBytes
        self.verifierForPeer = verifierForPeer
    }

    /// Checks and reads one request.
    /// - Parameters:
    ///   - body: The request body exactly as received.
    ///   - tenantHeader: The value of ``FederationHTTP/tenantHeader`` (``FederationHTTP/originHeader`` on
    ///     ``FederationHTTP/version1Path``), or `nil` when absent.
    ///   - signatureHeader: The value of ``FederationHTTP/signatureHeader``, or `nil` when absent.
    /// - Returns: The request.
    /// - Throws: ``FederationRequestError`` saying which check failed.
    public func verify(
        _ body: [UInt8],
        tenantHeader: String?,
        signatureHeader: String?
    ) throws(FederationRequestError) -> FederationRequest {
        guard let tenantHeader, let tenant = try? TenantDomain(tenantHeader) else {
            throw FederationRequestError(.unknownTenant, "the request names no valid sending tenant")
        }
        guard let signatures = verifierForPeer(tenant) else {
            throw FederationRequestError(.unknownTenant, "this tenant does not federate with \(tenant)")
        }
        // Bound the work an unauthenticated sender can cause before the signature is known to hold.
        guard body.count <= maximumBytes else {
            throw FederationRequestError(
                .malformedRequest,
                "the body is \(body.count) bytes; the limit is \(maximumBytes)",
                decodingError: ContentDecodingError(code: .tooLarge, path: "", message: "document too large")
            )
        }
        if case .invalid(let reason) = signatures.verify(body, signature: signatureHeader) {
            throw FederationRequestError(
                .invalidSignature,
                "the signature does not hold (\(reason))",
                signatureReason: reason
            )
        }
        let request: FederationRequest
        do {
            request = try FederationRequest(jsonBytes: body, sentBy: tenant, maximumBytes: maximumBytes)
        } catch let error where error.code == .tenantMismatch {
            throw FederationRequestError(.tenantMismatch, "\(error)", decodingError: error)
        } catch {
            throw FederationRequestError(.malformedRequest, "\(error)", decodingError: error)
        }
        if let to = request.to, to.tenant != localTenant {
            throw FederationRequestError(.wrongRecipient, "the recipient ('to') is not a member of \(localTenant)")
        }
        return request
    }
}

/// Why a received federation request was refused.
///
/// ``description`` names the check that failed, and for a malformed body the field path or byte offset; never the
/// body, the signature or a secret.
public struct FederationRequestError: Error, Sendable, CustomStringConvertible {
    /// The check that failed. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unknownTenant
            case invalidSignature
            case malformedRequest
            case tenantMismatch
            case wrongRecipient
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The tenant header is missing or invalid, or names a tenant this one does not federate with.
        public static let unknownTenant = Code(.unknownTenant)
        /// The signature is missing, malformed, or made with no secret shared with the sending tenant;
        /// ``FederationRequestError/signatureReason`` says which.
        public static let invalidSignature = Code(.invalidSignature)
        /// The body is too large or not a valid request; ``FederationRequestError/decodingError`` says where.
        public static let malformedRequest = Code(.malformedRequest)
        /// The sender (`from`) is not a member of the tenant that signed the request (R04).
        public static let tenantMismatch = Code(.tenantMismatch)
        /// The recipient (`to`) is not a member of this tenant.
        public static let wrongRecipient = Code(.wrongRecipient)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The check that failed.
    public var code: Code
    /// A short explanation that quotes nothing from the request.
    public var message: String
    /// Why the signature was refused, for ``Code/invalidSignature``.
    public var signatureReason: SignatureInvalidReason?
    /// Where the body is wrong, for ``Code/malformedRequest`` and ``Code/tenantMismatch``.
    public var decodingError: ContentDecodingError?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The check that failed.
    ///   - message: A short explanation that quotes nothing from the request.
    ///   - signatureReason: Why the signature was refused.
    ///   - decodingError: Where the body is wrong.
    public init(
        _ code: Code,
        _ message: String,
        signatureReason: SignatureInvalidReason? = nil,
        decodingError: ContentDecodingError? = nil
    ) {
        self.code = code
        self.message = message
        self.signatureReason = signatureReason
        self.decodingError = decodingError
    }

    /// The status to answer with: 401 for an unknown tenant or a bad signature, 413 for a body over the limit,
    /// 400 for a malformed body, 403 for a sender of another tenant, 404 for a recipient who is not here.
    public var httpStatus: Int {
        switch code {
        case .unknownTenant, .invalidSignature: 401
        case .malformedRequest: decodingError?.code == .tooLarge ? 413 : 400
        case .tenantMismatch: 403
        default: 404
        }
    }

    /// The code and the explanation.
    public var description: String { "\(code): \(message)" }
}
