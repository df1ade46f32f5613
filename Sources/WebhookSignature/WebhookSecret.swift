/// A shared secret that webhook senders sign request bodies with.
///
/// For LINE this is the channel secret, for LINE WORKS the bot secret. The key is the
/// secret's bytes exactly as given; a `String` secret is keyed by its UTF-8 bytes, as LINE
/// and LINE WORKS do.
///
/// The secret never appears in `description`, `debugDescription` or a reflection dump.
public struct WebhookSecret: Sendable {
    /// The key bytes; read only by ``WebhookSignatureVerifier``.
    let bytes: [UInt8]

    /// Creates a secret keyed by the UTF-8 bytes of a string.
    ///
    /// - Parameter secret: The channel secret (LINE) or bot secret (LINE WORKS) as shown in the console.
    public init(_ secret: String) {
        self.bytes = Array(secret.utf8)
    }

    /// Creates a secret from raw key bytes.
    ///
    /// - Parameter bytes: The HMAC key. Keys longer than 64 bytes are hashed first, per RFC 2104.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}

extension WebhookSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A redacted placeholder: the secret is never printed.
    public var description: String {
        "WebhookSecret(redacted)"
    }

    /// A redacted placeholder: the secret is never printed.
    public var debugDescription: String {
        description
    }

    /// A mirror without children, so `dump` and debuggers do not show the key bytes.
    public var customMirror: Mirror {
        Mirror(self, children: [])
    }
}
