/// Why canonical content JSON, a federation request or envelope, or an emoji catalog seed could not be read.
///
/// The error names the field (as a path such as `content.runs[2].productId`) or the byte offset of a JSON
/// syntax error. It never includes the document's text.
public struct ContentDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidJSON
            case missingField
            case wrongType
            case invalidValue
            case unsupportedVersion
            case tooLarge
            case tenantMismatch
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The bytes are not valid JSON; ``ContentDecodingError/offset`` says where.
        public static let invalidJSON = Code(.invalidJSON)
        /// A required field is absent.
        public static let missingField = Code(.missingField)
        /// A field has the wrong JSON type.
        public static let wrongType = Code(.wrongType)
        /// A field has a value outside what is allowed.
        public static let invalidValue = Code(.invalidValue)
        /// A federation document's `version` is one this implementation does not speak.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The document is larger than the allowed maximum.
        public static let tooLarge = Code(.tooLarge)
        /// A federation request's sender belongs to another tenant than the one that sent and signed it (R04).
        public static let tenantMismatch = Code(.tenantMismatch)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The path of the offending field, such as `content.runs[2].productId`; empty for the whole document.
    public var path: String
    /// The byte offset of a JSON syntax error.
    public var offset: Int?
    /// A short explanation that names no content.
    public var message: String

    /// The JSON reader's own error, when the document is not JSON or breaks a reader limit (code
    /// ``Code/invalidJSON``); every ExternalTalk reader reports JSON syntax with this one type.
    public var syntax: JSONDecodingError?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - path: The offending field's path.
    ///   - offset: The byte offset of a JSON syntax error.
    ///   - message: A short explanation that names no content.
    public init(code: Code, path: String, offset: Int? = nil, message: String) {
        self.code = code
        self.path = path
        self.offset = offset
        self.message = message
        self.syntax = nil
    }

    /// Wraps the JSON reader's error for a document that is not JSON.
    /// - Parameter syntax: The reader's error, whose path and offset this error takes.
    public init(syntax: JSONDecodingError) {
        self.code = syntax.code == .tooLarge ? .tooLarge : .invalidJSON
        self.path = syntax.path
        self.offset = syntax.byteOffset
        self.message = "invalid JSON (\(syntax.code)): \(syntax.reason)"
        self.syntax = syntax
    }

    /// A one-line explanation naming the field or the byte offset.
    public var description: String {
        var text = "\(code)"
        if !path.isEmpty { text += " at \(path)" }
        if let offset { text += " (byte \(offset))" }
        return text + ": " + message
    }
}

/// Reads typed fields out of a ``JSONValue`` object, naming the field's path in every error.
struct JSONFields {
    let members: [JSONValue.Member]
    let path: String

    init(_ value: JSONValue, path: String) throws(ContentDecodingError) {
        guard case .object(let members) = value else {
            throw ContentDecodingError(
                code: .wrongType,
                path: path,
                message: "expected an object, found \(value.typeName)"
            )
        }
        self.members = members
        self.path = path
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    subscript(_ key: String) -> JSONValue? {
        members.last(where: { $0.key == key })?.value
    }

    /// A present, non-null value.
    func value(_ key: String) -> JSONValue? {
        guard let value = self[key], value != .null else { return nil }
        return value
    }

    func required(_ key: String) throws(ContentDecodingError) -> JSONValue {
        guard let value = value(key) else {
            throw ContentDecodingError(code: .missingField, path: childPath(key), message: "required field is missing")
        }
        return value
    }

    private func typeError(_ key: String, expected: String, found: JSONValue) -> ContentDecodingError {
        ContentDecodingError(
            code: .wrongType,
            path: childPath(key),
            message: "expected \(expected), found \(found.typeName)"
        )
    }

    func string(_ key: String) throws(ContentDecodingError) -> String {
        let value = try required(key)
        guard case .string(let text) = value else { throw typeError(key, expected: "a string", found: value) }
        return text
    }

    func nonEmptyString(_ key: String) throws(ContentDecodingError) -> String {
        let text = try string(key)
        guard !text.isEmpty else {
            throw ContentDecodingError(code: .invalidValue, path: childPath(key), message: "must not be empty")
        }
        return text
    }

    func optionalString(_ key: String) throws(ContentDecodingError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw typeError(key, expected: "a string", found: value) }
        return text
    }

    func optionalBool(_ key: String) throws(ContentDecodingError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw typeError(key, expected: "a boolean", found: value) }
        return flag
    }

    func int64(_ key: String) throws(ContentDecodingError) -> Int64 {
        let value = try required(key)
        guard case .number(let number) = value else { throw typeError(key, expected: "an integer", found: value) }
        guard let integer = number.int64Value else {
            throw ContentDecodingError(code: .invalidValue, path: childPath(key), message: "expected an integer")
        }
        return integer
    }

    func optionalInt(_ key: String) throws(ContentDecodingError) -> Int? {
        guard value(key) != nil else { return nil }
        let integer = try int64(key)
        guard let result = Int(exactly: integer), result >= 0 else {
            throw ContentDecodingError(code: .invalidValue, path: childPath(key), message: "must not be negative")
        }
        return result
    }

    func double(_ key: String, in range: ClosedRange<Double>) throws(ContentDecodingError) -> Double {
        let value = try required(key)
        guard case .number(let number) = value else { throw typeError(key, expected: "a number", found: value) }
        guard let double = number.doubleValue, range.contains(double) else {
            throw ContentDecodingError(
                code: .invalidValue,
                path: childPath(key),
                message: "must be a number in \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return double
    }

    func array(_ key: String) throws(ContentDecodingError) -> [JSONValue] {
        let value = try required(key)
        guard case .array(let elements) = value else { throw typeError(key, expected: "an array", found: value) }
        return elements
    }

    func optionalStringArray(_ key: String) throws(ContentDecodingError) -> [String] {
        guard let value = value(key) else { return [] }
        guard case .array(let elements) = value else { throw typeError(key, expected: "an array", found: value) }
        var strings: [String] = []
        for (position, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw ContentDecodingError(
                    code: .wrongType,
                    path: "\(childPath(key))[\(position)]",
                    message: "expected a string, found \(element.typeName)"
                )
            }
            strings.append(text)
        }
        return strings
    }
}

extension JSONValue {
    /// Parses bytes, turning a syntax error into a ``ContentDecodingError`` that carries it.
    static func parseDocument(
        _ bytes: some Collection<UInt8>,
        maximumBytes: Int
    ) throws(ContentDecodingError) -> JSONValue {
        guard bytes.count <= maximumBytes else {
            throw ContentDecodingError(
                code: .tooLarge,
                path: "",
                message: "document is \(bytes.count) bytes; the limit is \(maximumBytes)"
            )
        }
        do {
            return try JSONValue(parsing: bytes, limits: JSONDecodingLimits(maximumBodySize: maximumBytes))
        } catch {
            throw ContentDecodingError(syntax: error)
        }
    }
}
