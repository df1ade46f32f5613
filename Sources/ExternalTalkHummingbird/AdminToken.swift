/// The bearer token that protects the admin API.
///
/// It is compared in constant time: the comparison reads every byte of the longer of the two values whatever
/// they hold, so the time an answer takes says nothing about how much of a guess was right. Its description
/// never shows it.
public struct AdminToken: Sendable, CustomStringConvertible {
    private let bytes: [UInt8]

    /// Creates a token.
    /// - Parameter token: The token; use a long random string (the server refuses one shorter than 16 bytes).
    public init(_ token: String) {
        self.bytes = Array(token.utf8)
    }

    /// Whether an `Authorization` header value is `Bearer <this token>`.
    /// - Parameter header: The header's value, if any.
    public func authorizes(_ header: String?) -> Bool {
        guard let header else { return false }
        let scheme = "bearer "
        let utf8 = Array(header.utf8)
        guard utf8.count > scheme.utf8.count,
            String(decoding: utf8.prefix(scheme.utf8.count), as: UTF8.self).lowercased() == scheme
        else { return false }
        return Self.constantTimeEqual(Array(utf8.dropFirst(scheme.utf8.count)), bytes)
    }

    /// Compares two byte strings in time that depends on their lengths only.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        let length = max(left.count, right.count)
        var difference = UInt(left.count ^ right.count)
        for index in 0..<length {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= UInt(a ^ b)
        }
        return difference == 0
    }

    /// `AdminToken(redacted)`.
    public var description: String { "AdminToken(redacted)" }
}
