/// A webhook body that could not be decoded.
///
/// The error names where decoding stopped: the byte offset in the body and, once the decoder is inside the
/// document, the JSON path (`events[3].message.text`). Its text never quotes the body, so it is safe to log.
public struct WebhookDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidJSON = "invalid-json"
            case truncated
            case invalidUTF8 = "invalid-utf8"
            case tooDeep = "too-deep"
            case tooLarge = "too-large"
            case typeMismatch = "type-mismatch"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The body breaks the JSON grammar.
        public static let invalidJSON = Code(.invalidJSON)
        /// The body ends in the middle of a value.
        public static let truncated = Code(.truncated)
        /// A string holds bytes that are not UTF-8, or an escape names half a surrogate pair.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// Arrays and objects nest deeper than the decoder's limit.
        public static let tooDeep = Code(.tooDeep)
        /// The body is larger than the decoder's limit.
        public static let tooLarge = Code(.tooLarge)
        /// A value has the wrong JSON type for its field: a string where a number belongs, say.
        public static let typeMismatch = Code(.typeMismatch)

        /// A short, stable name for the code, such as `invalid-json`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The byte offset in the body where decoding stopped.
    public var byteOffset: Int
    /// The JSON path of the value being decoded, such as `events[3].message`, or empty at the top level.
    public var path: String
    /// What was wrong, in words that never quote the body.
    public var reason: String

    /// Creates a decoding error.
    public init(code: Code, byteOffset: Int, path: String = "", reason: String) {
        self.code = code
        self.byteOffset = byteOffset
        self.path = path
        self.reason = reason
    }

    /// One line: the code, the place and the reason.
    public var description: String {
        let place = path.isEmpty ? "at byte \(byteOffset)" : "at \(path) (byte \(byteOffset))"
        return "\(code) \(place): \(reason)"
    }

    /// The same error, one level deeper in the document.
    func inside(_ component: String) -> WebhookDecodingError {
        var copy = self
        if copy.path.isEmpty {
            copy.path = component
        } else if copy.path.hasPrefix("[") {
            copy.path = component + copy.path
        } else {
            copy.path = component + "." + copy.path
        }
        return copy
    }

    /// The same error, inside element `index` of an array.
    func inside(index: Int) -> WebhookDecodingError {
        var copy = self
        copy.path = "[\(index)]" + (copy.path.isEmpty || copy.path.hasPrefix("[") ? copy.path : "." + copy.path)
        return copy
    }
}
