/// Why content could not be turned into LINE or LINE WORKS send payloads.
///
/// The error names the rule and the field (such as `contents[1].previewUrl`), never a URL, a token or any of
/// the message text.
public struct LineEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case emptyText
            case fileNotSendableToLine
            case insecureURL
            case invalidURL
            case missingPreview
            case missingDuration
            case mediaNotHosted
            case unsupportedContent
            case invalidLocation
            case fieldTooLong
            case invalidSender
            case invalidQuickReply
            case noMessages
            case tooManyMessages
            case noRecipients
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A text with nothing in it; LINE refuses empty text.
        public static let emptyText = Code(.emptyText)
        /// A file or PDF addressed to a LINE user, which LINE cannot carry (R18).
        public static let fileNotSendableToLine = Code(.fileNotSendableToLine)
        /// A URL with a scheme the field does not allow: media and icons need `https`.
        public static let insecureURL = Code(.insecureURL)
        /// A URL that is empty, too long, not absolute, has a non-ASCII host, a stray `%`, spaces or control
        /// characters.
        public static let invalidURL = Code(.invalidURL)
        /// A video without a preview image.
        public static let missingPreview = Code(.missingPreview)
        /// An audio clip without a duration.
        public static let missingDuration = Code(.missingDuration)
        /// Media that has no URL yet (held by LINE or LINE WORKS); download and host it first.
        public static let mediaNotHosted = Code(.mediaNotHosted)
        /// Content the target cannot show, such as unknown content.
        public static let unsupportedContent = Code(.unsupportedContent)
        /// A latitude or longitude that is not a finite number in range.
        public static let invalidLocation = Code(.invalidLocation)
        /// A field longer than the platform allows.
        public static let fieldTooLong = Code(.fieldTooLong)
        /// A `sender` name or icon LINE would refuse.
        public static let invalidSender = Code(.invalidSender)
        /// Quick reply items LINE would refuse.
        public static let invalidQuickReply = Code(.invalidQuickReply)
        /// A request with no messages.
        public static let noMessages = Code(.noMessages)
        /// More messages than one request can carry, where they cannot be split (a reply token is single-use).
        public static let tooManyMessages = Code(.tooManyMessages)
        /// A push or multicast with no recipient.
        public static let noRecipients = Code(.noRecipients)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The path of the offending field, such as `contents[1].previewUrl`; empty when it is the whole request.
    public var field: String
    /// A short explanation naming the rule; it never contains content, URLs or tokens.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - field: The offending field's path.
    ///   - message: A short explanation that names no content.
    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// A one-line explanation naming the field.
    public var description: String {
        field.isEmpty ? "\(code): \(message)" : "\(code) at \(field): \(message)"
    }
}

/// Checks URLs for the send APIs and brings them into the form LINE's OpenAPI documents require (`format: uri`).
///
/// A URL must be absolute, with an allowed scheme (`https` for media and icons) and a non-empty ASCII host.
/// Characters RFC 3986 does not allow are percent-encoded as UTF-8: non-ASCII characters in the path, query
/// and fragment (`https://example.com/画像.png` becomes `https://example.com/%E7%94%BB%E5%83%8F.png`) and ASCII
/// characters such as `"`, `<`, `{` or a second `#`. Spaces, control characters, a `%` not followed by two hex
/// digits and a non-ASCII host (give it in punycode, `xn--`) are refused, since no encoding of them is
/// certainly what the author meant. The length limit applies to the URL as sent, after encoding.
enum OutboundURL {
    /// The schemes a URI action may open, as LINE documents them.
    static let actionSchemes: Set<String> = ["https", "http", "line", "tel"]

    /// Checks a URL and returns it as it is sent.
    /// - Parameters:
    ///   - url: The URL as given.
    ///   - field: The field path named in errors.
    ///   - maximumLength: The longest URL LINE accepts, after encoding.
    ///   - schemes: The allowed schemes, lowercase.
    /// - Returns: The URL with disallowed characters percent-encoded.
    /// - Throws: ``LineEncodingError`` with ``LineEncodingError/Code/insecureURL`` for another scheme, or
    ///   ``LineEncodingError/Code/invalidURL``.
    static func normalized(
        _ url: String,
        field: String,
        maximumLength: Int,
        schemes: Set<String> = ["https"]
    ) throws(LineEncodingError) -> String {
        guard !url.isEmpty else {
            throw LineEncodingError(code: .invalidURL, field: field, message: "the URL is empty")
        }
        let scalars = Array(url.unicodeScalars)
        guard let colon = scalars.firstIndex(of: ":"), colon > 0, isSchemeStart(scalars[0]),
            scalars[1..<colon].allSatisfy(isSchemeCharacter)
        else {
            throw LineEncodingError(code: .invalidURL, field: field, message: "the URL has no scheme")
        }
        let scheme = String(String.UnicodeScalarView(scalars[..<colon])).lowercased()
        guard schemes.contains(scheme) else {
            let allowed = schemes.sorted().joined(separator: ", ")
            throw LineEncodingError(
                code: .insecureURL,
                field: field,
                message: schemes == ["https"]
                    ? "only https URLs can be sent" : "the URL scheme must be one of \(allowed)"
            )
        }
        guard !scalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw LineEncodingError(
                code: .invalidURL,
                field: field,
                message: "the URL contains spaces or control characters"
            )
        }
        // The scheme is kept as given: RFC 3986 compares schemes without regard to case.
        var output = String(String.UnicodeScalarView(scalars[...colon]))
        var position = colon + 1
        if scheme == "http" || scheme == "https" {
            guard scalars.count > position + 1, scalars[position] == "/", scalars[position + 1] == "/" else {
                throw LineEncodingError(code: .invalidURL, field: field, message: "the URL has no host")
            }
            position += 2
            let authorityEnd = scalars[position...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? scalars.count
            let authority = scalars[position..<authorityEnd]
            let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority[...]
            guard !host.isEmpty, host.first != ":" else {
                throw LineEncodingError(code: .invalidURL, field: field, message: "the URL has no host")
            }
            guard authority.allSatisfy(isAuthorityCharacter), hasOnlyWholeEscapes(authority) else {
                throw LineEncodingError(
                    code: .invalidURL,
                    field: field,
                    message: "the host must be ASCII; give an internationalized name in punycode (xn--)"
                )
            }
            output.append("//")
            output.unicodeScalars.append(contentsOf: authority)
            position = authorityEnd
        }
        var inFragment = false
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "%" {
                guard position + 2 < scalars.count, isHexDigit(scalars[position + 1]), isHexDigit(scalars[position + 2])
                else {
                    throw LineEncodingError(
                        code: .invalidURL,
                        field: field,
                        message: "a % in the URL must start a percent-encoded byte"
                    )
                }
                output.unicodeScalars.append(contentsOf: scalars[position...(position + 2)])
                position += 3
                continue
            }
            if scalar == "#" && !inFragment {
                inFragment = true
                output.append("#")
            } else if isAllowedInPathQueryOrFragment(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { appendPercentEncoded(byte, to: &output) }
            }
            position += 1
        }
        guard output.utf16.count <= maximumLength else {
            throw LineEncodingError(
                code: .invalidURL,
                field: field,
                message: "the URL is longer than \(maximumLength) characters"
            )
        }
        return output
    }

    private static func hasOnlyWholeEscapes(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var index = scalars.startIndex
        while let percent = scalars[index...].firstIndex(of: "%") {
            guard percent + 2 < scalars.endIndex, isHexDigit(scalars[percent + 1]), isHexDigit(scalars[percent + 2])
            else { return false }
            index = percent + 3
        }
        return true
    }

    private static func isSchemeStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar))
    }

    private static func isSchemeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isSchemeStart(scalar) || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-" || scalar == "."
    }

    private static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }

    private static func isUnreservedOrSubDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        if isSchemeStart(scalar) || ("0"..."9").contains(scalar) { return true }
        return "-._~!$&'()*+,;=".unicodeScalars.contains(scalar)
    }

    /// RFC 3986 `authority`: userinfo, host (including an IP literal in brackets) and port, percent-encoded bytes.
    private static func isAuthorityCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isUnreservedOrSubDelimiter(scalar) || ":@[]%".unicodeScalars.contains(scalar)
    }

    /// RFC 3986 `pchar`, `/` and `?`: what a path, query or fragment may hold unencoded (`%` is handled apart).
    private static func isAllowedInPathQueryOrFragment(_ scalar: Unicode.Scalar) -> Bool {
        isUnreservedOrSubDelimiter(scalar) || ":@/?".unicodeScalars.contains(scalar)
    }

    private static func appendPercentEncoded(_ byte: UInt8, to output: inout String) {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        output.unicodeScalars.append("%")
        output.unicodeScalars.append(digits[Int(byte >> 4)])
        output.unicodeScalars.append(digits[Int(byte & 0x0F)])
    }

    /// Whether media looks like a PDF, by its media type or its URL's path.
    static func isPDF(_ media: MediaContent) -> Bool {
        if let mimeType = media.mimeType, mimeType.lowercased().hasPrefix("application/pdf") { return true }
        if let name = media.fileName, name.lowercased().hasSuffix(".pdf") { return true }
        if case .url(let url) = media.reference {
            let path = url.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "#").first ?? $0 } ?? ""
            return path.lowercased().hasSuffix(".pdf")
        }
        return false
    }
}
