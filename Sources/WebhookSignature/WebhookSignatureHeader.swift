/// The HTTP headers that carry webhook signatures.
///
/// Header names are case-insensitive in HTTP, and the official LINE SDKs spell this one
/// both `X-Line-Signature` and `x-line-signature`; compare names with ``matches(_:)``,
/// never with `==`.
///
/// All of them carry the same signature, the Base64 HMAC-SHA256 of the raw body, so one
/// ``WebhookSignatureVerifier`` checks each; only the secret differs. More may be added.
@nonexhaustive
public enum WebhookSignatureHeader: String, Sendable, Hashable, CaseIterable {
    /// `x-line-signature`: LINE Messaging API webhooks, signed with the channel secret.
    case line = "x-line-signature"

    /// `x-works-signature`: LINE WORKS bot callbacks, signed with the bot secret.
    case lineWorks = "x-works-signature"

    /// `x-externaltalk-signature`: requests between two ExternalTalk tenants (federation),
    /// signed with the secret the two tenants share.
    case externalTalk = "x-externaltalk-signature"

    /// The header name in lower case.
    public var name: String {
        self.rawValue
    }

    /// Whether an HTTP header name is this header, ignoring ASCII case.
    ///
    /// - Parameter name: A header name as received, such as `X-Line-Signature`.
    /// - Returns: `true` if the name equals ``name`` ignoring ASCII case.
    public func matches(_ name: some StringProtocol) -> Bool {
        var expected = self.rawValue.utf8.makeIterator()
        for byte in name.utf8 {
            // Only ASCII letters fold; the expected name is already lower case.
            let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            guard let want = expected.next(), folded == want else {
                return false
            }
        }
        return expected.next() == nil
    }

    /// The signature header a header name denotes, if any.
    ///
    /// - Parameter name: A header name as received.
    /// - Returns: The matching header, or `nil` for any other name.
    public init?(matching name: some StringProtocol) {
        guard let header = Self.allCases.first(where: { $0.matches(name) }) else {
            return nil
        }
        self = header
    }
}
