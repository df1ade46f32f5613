public import TalkModel

/// Where a transport gets its bearer tokens: a fixed token, or an async closure that can refresh.
///
/// The transport asks before every attempt, so a closure can cache a token and renew it when it nears expiry.
/// When an API answers 401, the transport asks once more and, if the closure returns a different token, retries
/// once with it. Tokens never appear in errors or logs.
///
/// ```swift
/// let tokens = LineAccessTokenProvider { channel in try await tokenStore.currentToken(for: channel) }
/// ```
public struct AccessTokenProvider<Key: Sendable>: Sendable {
    private let provide: @Sendable (Key) async throws -> String

    /// Creates a provider from a closure.
    /// - Parameter provide: Returns the current token for a key (a channel, or a LINE WORKS bot ID).
    public init(_ provide: @escaping @Sendable (Key) async throws -> String) {
        self.provide = provide
    }

    /// The same token for every key.
    /// - Parameter token: The token.
    /// - Returns: The provider.
    public static func fixed(_ token: String) -> AccessTokenProvider {
        AccessTokenProvider { _ in token }
    }

    /// Returns the current token for a key.
    /// - Parameter key: The channel or bot.
    /// - Returns: The token.
    /// - Throws: Whatever the closure throws.
    public func token(for key: Key) async throws -> String { try await provide(key) }
}

extension AccessTokenProvider: CustomStringConvertible {
    /// A placeholder: the token is never printed.
    public var description: String { "AccessTokenProvider(redacted)" }
}

/// Channel access tokens for the Messaging API, by channel (R25: every channel has its own).
public typealias LineAccessTokenProvider = AccessTokenProvider<LineChannelID>

/// LINE WORKS OAuth access tokens, by bot ID.
public typealias WorksAccessTokenProvider = AccessTokenProvider<String>

extension AccessTokenProvider where Key == LineChannelID {
    /// A fixed token per channel; a channel without one gets no token and LINE answers 401.
    /// - Parameter tokens: The tokens.
    /// - Returns: The provider.
    public static func perChannel(_ tokens: [LineChannelID: String]) -> LineAccessTokenProvider {
        LineAccessTokenProvider { channel in tokens[channel] ?? "" }
    }
}
