/// Why a webhook signature was rejected.
///
/// An extensible set of reasons: new ones may be added, so `switch` over them with a
/// `default` case. The `description` is a stable, short code (`"mismatch"`, `"not-base64"`, ...)
/// that is safe to log: it never contains the signature, the body or a secret.
public struct SignatureInvalidReason: Sendable, Hashable {
    private enum Code: Sendable, Hashable {
        case missing
        case empty
        case notBase64
        case wrongLength
        case badPadding
        case mismatch
        case noSecrets
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The request has no signature header.
    public static let missing = Self(.missing)

    /// The signature header is present but empty.
    public static let empty = Self(.empty)

    /// The header holds a character outside the standard Base64 alphabet (`A-Z a-z 0-9 + /`
    /// and trailing `=`): whitespace, URL-safe `-` or `_`, or anything else.
    public static let notBase64 = Self(.notBase64)

    /// The header is Base64 but does not carry exactly 32 bytes, the length of an HMAC-SHA256 tag.
    public static let wrongLength = Self(.wrongLength)

    /// The 43 Base64 characters of a 32-byte tag are not followed by exactly one `=`, an `=`
    /// appears before the end, or the last character has non-zero unused bits (a
    /// non-canonical encoding).
    public static let badPadding = Self(.badPadding)

    /// The header is a well-formed 32-byte tag, but no configured secret produces it for this body.
    public static let mismatch = Self(.mismatch)

    /// The verifier was built without any secret, so nothing can be valid.
    public static let noSecrets = Self(.noSecrets)
}

extension SignatureInvalidReason: CustomStringConvertible {
    /// A stable kebab-case code: `missing`, `empty`, `not-base64`, `wrong-length`, `bad-padding`,
    /// `mismatch` or `no-secrets`.
    public var description: String {
        switch self.code {
        case .missing: "missing"
        case .empty: "empty"
        case .notBase64: "not-base64"
        case .wrongLength: "wrong-length"
        case .badPadding: "bad-padding"
        case .mismatch: "mismatch"
        case .noSecrets: "no-secrets"
        }
    }
}
