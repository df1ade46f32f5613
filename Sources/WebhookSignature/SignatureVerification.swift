/// The outcome of checking a webhook signature.
public enum SignatureVerification: Sendable, Hashable {
    /// The signature matches the body under the secret at `secretIndex` in the verifier's list.
    case valid(secretIndex: Int)

    /// The signature does not authenticate the body; the reason says why.
    case invalid(SignatureInvalidReason)

    /// Whether the body is authentic.
    public var isValid: Bool {
        if case .valid = self {
            return true
        }
        return false
    }
}

extension SignatureVerification: CustomStringConvertible {
    /// `valid (secret N)` or `invalid: <reason>`; never the signature or the body.
    public var description: String {
        switch self {
        case .valid(let secretIndex): "valid (secret \(secretIndex))"
        case .invalid(let reason): "invalid: \(reason)"
        }
    }
}
