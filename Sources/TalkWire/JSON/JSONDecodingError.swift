/// A JSON document that could not be decoded: a LINE webhook body, a LINE WORKS callback, canonical content, a
/// federation envelope or any ``JSONValue``.
///
/// Every reader in ExternalTalk goes through one JSON reader and reports its failures with this one type. The
/// error names where decoding stopped: the byte offset in the document and, once the reader is inside it, the
/// JSON path (`events[3].message.text`). Its text never quotes a value from the document; member names taken
/// from the document are escaped and shortened (see ``path``), so the error is safe to log.
public struct JSONDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidJSON = "invalid-json"
            case truncated
            case invalidUTF8 = "invalid-utf8"
            case tooDeep = "too-deep"
            case tooLarge = "too-large"
            case tooMany = "too-many"
            case typeMismatch = "type-mismatch"
            case outOfRange = "out-of-range"
            case invalidIdentifier = "invalid-id"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The document breaks the JSON grammar.
        public static let invalidJSON = Code(.invalidJSON)
        /// The document ends in the middle of a value.
        public static let truncated = Code(.truncated)
        /// A string holds bytes that are not UTF-8, or an escape names half a surrogate pair.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// Arrays and objects nest deeper than the reader's limit.
        public static let tooDeep = Code(.tooDeep)
        /// The document is larger than the reader's limit.
        public static let tooLarge = Code(.tooLarge)
        /// An array holds more elements than the decoder accepts: events in a webhook body, or emoji or mention
        /// spans in one message (``WebhookDecodingLimits``).
        public static let tooMany = Code(.tooMany)
        /// A value has the wrong JSON type for its field: a string where a number belongs, say.
        public static let typeMismatch = Code(.typeMismatch)
        /// A number is well formed but does not fit its field: `1e400` where a coordinate belongs, or an integer
        /// past the 64-bit range. It is reported rather than turned into infinity or a truncated value.
        public static let outOfRange = Code(.outOfRange)
        /// A string is not a valid ID of its kind: a `source.userId` that is not `U` and 32 hexadecimal digits, say.
        /// The ID reads as `nil` and the rest of the event decodes; the event carries this error as its issue.
        public static let invalidIdentifier = Code(.invalidIdentifier)

        /// A short, stable name for the code, such as `invalid-json`.
        public var description: String { base.rawValue }

        /// Whether the failure concerns one value rather than the document: the readers keep the enclosing event
        /// or message, as unknown, with the error as its issue (W4), instead of failing the whole document.
        var isValueIssue: Bool { self == .typeMismatch || self == .outOfRange }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The byte offset in the document where decoding stopped.
    public var byteOffset: Int
    /// The JSON path to the value that failed, such as `events[0].source.userId`; empty at the top level.
    ///
    /// Member names come from the document, so each one is escaped (control characters, quotes, backslashes and
    /// everything outside printable ASCII become `\u{…}`) and cut to ``maximumComponentLength`` characters; the
    /// whole path is cut to ``maximumPathLength``. A path is therefore one short line whatever the input.
    public var path: String
    /// What was wrong, in words. It never quotes a value from the document.
    public var reason: String

    /// The longest member name kept in a path, in characters, before it is cut with `…`.
    public static let maximumComponentLength = 64
    /// The longest path kept, in characters, before its start is cut with `…`.
    public static let maximumPathLength = 256

    /// Creates an error.
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - byteOffset: Where decoding stopped.
    ///   - path: The JSON path to the failing value, already safe to log.
    ///   - reason: What was wrong; never a value from the document.
    public init(code: Code, byteOffset: Int, path: String = "", reason: String) {
        self.code = code
        self.byteOffset = byteOffset
        self.path = path
        self.reason = reason
    }

    /// The error in one line: code, place and reason.
    public var description: String {
        let place = path.isEmpty ? "at byte \(byteOffset)" : "at \(path) (byte \(byteOffset))"
        return "\(code) \(place): \(reason)"
    }

    /// The same error one member further out: `name` is escaped and shortened before it joins the path.
    func inside(_ name: String) -> JSONDecodingError {
        var copy = self
        let component = LogSafeText.pathComponent(name)
        if copy.path.isEmpty {
            copy.path = component
        } else if copy.path.hasPrefix("[") {
            copy.path = component + copy.path
        } else {
            copy.path = component + "." + copy.path
        }
        copy.path = LogSafeText.boundedPath(copy.path)
        return copy
    }

    /// The same error one array element further out.
    func inside(index: Int) -> JSONDecodingError {
        var copy = self
        copy.path = "[\(index)]" + (copy.path.isEmpty || copy.path.hasPrefix("[") ? copy.path : "." + copy.path)
        copy.path = LogSafeText.boundedPath(copy.path)
        return copy
    }
}

/// The former name of ``JSONDecodingError``, from when only webhook bodies went through the reader.
@available(*, deprecated, renamed: "JSONDecodingError")
public typealias WebhookDecodingError = JSONDecodingError

/// Text taken from untrusted input, made safe to put in an error or a log line.
enum LogSafeText {
    /// A member name as it appears in a path: printable ASCII kept except `"` and `\`, everything else escaped
    /// as `\u{…}`, at most ``JSONDecodingError/maximumComponentLength`` characters of it.
    static func pathComponent(_ name: String) -> String {
        escaped(name, limit: JSONDecodingError.maximumComponentLength)
    }

    /// Any short piece of untrusted text, such as an unknown type name, escaped and cut to `limit` characters.
    static func escaped(_ text: String, limit: Int = 64) -> String {
        var result = ""
        var kept = 0
        for scalar in text.unicodeScalars {
            guard kept < limit else {
                result += "…"
                break
            }
            if scalar.value >= 0x20, scalar.value < 0x7F, scalar != "\"", scalar != "\\" {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
            kept += 1
        }
        return result
    }

    /// A path cut from its start, keeping its innermost part, to ``JSONDecodingError/maximumPathLength``.
    static func boundedPath(_ path: String) -> String {
        let limit = JSONDecodingError.maximumPathLength
        guard path.count > limit else { return path }
        return "…" + path.suffix(limit - 1)
    }
}
