/// A JSON value that keeps object members in the order they were written.
///
/// `JSONValue` is the tree form ExternalTalk uses for canonical content, the federation envelope and content it
/// does not understand: an unknown message keeps its JSON here so it can be stored and forwarded unchanged.
/// Numbers keep their literal text (see ``JSONNumber``), so `1.50` stays `1.50` and large integers never lose
/// digits. Objects may hold a key more than once, as received; ``subscript(_:)`` returns the last one, as most
/// JSON parsers do.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its literal text.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in document order.
    case object([Member])

    /// One `"key": value` member of an object.
    public struct Member: Sendable, Hashable {
        /// The member's name.
        public var key: String
        /// The member's value.
        public var value: JSONValue

        /// Creates an object member.
        /// - Parameters:
        ///   - key: The member's name.
        ///   - value: The member's value.
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of the last member named `key` when this is an object; otherwise `nil`.
    public subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The string when this is a string; otherwise `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean when this is `true` or `false`; otherwise `nil`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number when this is a number; otherwise `nil`.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The elements when this is an array; otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members when this is an object; otherwise `nil`.
    public var objectValue: [Member]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The name of the JSON type of this value, for error messages: `null`, `boolean`, `number`, `string`,
    /// `array` or `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A JSON number kept as its literal text, which is always valid JSON number syntax.
///
/// Keeping the text means a number survives a parse-and-write round trip unchanged, whatever its size or
/// precision. Use ``doubleValue`` or ``int64Value`` to read it.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written, for example `-12.5e3`.
    public let literal: String

    /// Creates a number from its JSON text, or `nil` when the text is not a JSON number.
    /// - Parameter literal: Text such as `42`, `-0.5` or `1e-7`. Leading `+`, leading zeros, `.5`, `NaN` and
    ///   `Infinity` are not JSON and are refused.
    public init?(literal: String) {
        guard JSONNumber.isValid(Array(literal.utf8)) else { return nil }
        self.literal = literal
    }

    /// Creates a number from an integer.
    /// - Parameter value: The integer.
    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// Creates a number from an integer.
    /// - Parameter value: The integer.
    public init(_ value: Int64) {
        self.literal = String(value)
    }

    /// Creates a number from a floating-point value, or `nil` when it is NaN or infinite (JSON has neither).
    /// - Parameter value: A finite value; its shortest round-tripping decimal form is used.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        // Swift's shortest representation is valid JSON for finite values ("1.0", "1e-05", "-0.0").
        self.literal = value.description
    }

    init(validatedLiteral: String) {
        self.literal = validatedLiteral
    }

    /// The value as a `Double`, the nearest one for long literals; `nil` only if out of range.
    public var doubleValue: Double? {
        guard let value = Double(literal), value.isFinite else { return nil }
        return value
    }

    /// The value as an `Int64` when the literal is an integer in range, such as `12` (but not `12.0` or `1e3`).
    public var int64Value: Int64? { Int64(literal) }

    /// The literal text.
    public var description: String { literal }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        var index = 0
        return bytes.withUnsafeBufferPointer { buffer in
            JSONValueParser.scanNumber(buffer, at: &index) && index == buffer.count
        }
    }
}

/// Why a JSON document could not be parsed, and at which byte.
///
/// The message names the problem and the byte offset, never the document's content.
public struct JSONValueParsingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unexpectedEnd
            case unexpectedCharacter
            case invalidNumber
            case invalidEscape
            case invalidUTF8
            case controlCharacterInString
            case tooDeeplyNested
            case trailingCharacters
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The document ends in the middle of a value.
        public static let unexpectedEnd = Code(.unexpectedEnd)
        /// A byte that cannot start or continue a value here.
        public static let unexpectedCharacter = Code(.unexpectedCharacter)
        /// A number that is not valid JSON number syntax.
        public static let invalidNumber = Code(.invalidNumber)
        /// A backslash escape that JSON does not define, or a `\u` escape that is a lone surrogate.
        public static let invalidEscape = Code(.invalidEscape)
        /// Bytes that are not well-formed UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// An unescaped control character (below U+0020) inside a string.
        public static let controlCharacterInString = Code(.controlCharacterInString)
        /// Arrays and objects nested deeper than the parser's limit.
        public static let tooDeeplyNested = Code(.tooDeeplyNested)
        /// Something other than whitespace after the top-level value.
        public static let trailingCharacters = Code(.trailingCharacters)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The offset, in bytes from the start of the document, where the problem was found.
    public var offset: Int

    /// Creates a parsing error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - offset: The byte offset where it was found.
    public init(code: Code, offset: Int) {
        self.code = code
        self.offset = offset
    }

    /// The code and the byte offset; never any of the document's content.
    public var description: String { "invalid JSON (\(code)) at byte \(offset)" }
}

extension JSONValue {
    /// The default limit on nested arrays and objects.
    public static let defaultMaximumDepth = 256

    /// Parses a JSON document from UTF-8 bytes.
    ///
    /// The parser is strict RFC 8259: one top-level value, surrounded by optional whitespace; no comments, no
    /// trailing commas; strings must be well-formed UTF-8 and `\u` escapes must not be lone surrogates.
    /// - Parameters:
    ///   - bytes: The document.
    ///   - maximumDepth: How deeply arrays and objects may nest; deeper input is an error, not a stack overflow.
    /// - Throws: ``JSONValueParsingError`` naming the problem and its byte offset.
    public init(
        parsing bytes: some Collection<UInt8>,
        maximumDepth: Int = JSONValue.defaultMaximumDepth
    )
        throws(JSONValueParsingError)
    {
        let contiguous = Array(bytes)
        let result: Result<JSONValue, JSONValueParsingError> = contiguous.withUnsafeBufferPointer { buffer in
            var parser = JSONValueParser(buffer: buffer, maximumDepth: maximumDepth)
            do throws(JSONValueParsingError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses a JSON document from a string.
    /// - Parameters:
    ///   - text: The document.
    ///   - maximumDepth: How deeply arrays and objects may nest.
    /// - Throws: ``JSONValueParsingError`` naming the problem and its byte offset in the UTF-8 form of `text`.
    public init(
        parsing text: String,
        maximumDepth: Int = JSONValue.defaultMaximumDepth
    )
        throws(JSONValueParsingError)
    {
        try self.init(parsing: Array(text.utf8), maximumDepth: maximumDepth)
    }
}

/// A recursive-descent parser with an explicit depth limit, over a buffer of UTF-8 bytes.
struct JSONValueParser {
    private let buffer: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private var index = 0
    private var depth = 0
    private var scratch: [UInt8] = []

    init(buffer: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.buffer = buffer
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONValueParsingError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == buffer.count else { throw JSONValueParsingError(code: .trailingCharacters, offset: index) }
        return value
    }

    private mutating func skipWhitespace() {
        while index < buffer.count {
            switch buffer[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    private func fail(_ code: JSONValueParsingError.Code, at offset: Int? = nil) -> JSONValueParsingError {
        JSONValueParsingError(code: code, offset: offset ?? index)
    }

    private mutating func parseValue() throws(JSONValueParsingError) -> JSONValue {
        guard index < buffer.count else { throw fail(.unexpectedEnd) }
        switch buffer[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectKeyword("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectKeyword("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectKeyword("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            guard Self.scanNumber(buffer, at: &index) else { throw fail(.invalidNumber, at: start) }
            let literal = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
            return .number(JSONNumber(validatedLiteral: literal))
        default:
            throw fail(.unexpectedCharacter)
        }
    }

    private mutating func expectKeyword(_ keyword: StaticString) throws(JSONValueParsingError) {
        let start = index
        let length = keyword.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: keyword.utf8Start, count: length)
        for offset in 0..<length {
            guard start + offset < buffer.count else { throw fail(.unexpectedEnd, at: buffer.count) }
            guard buffer[start + offset] == expected[offset] else {
                throw fail(.unexpectedCharacter, at: start + offset)
            }
        }
        index = start + length
    }

    private mutating func enterContainer() throws(JSONValueParsingError) {
        depth += 1
        guard depth <= maximumDepth else { throw fail(.tooDeeplyNested) }
    }

    private mutating func parseArray() throws(JSONValueParsingError) -> JSONValue {
        try enterContainer()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < buffer.count, buffer[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < buffer.count else { throw fail(.unexpectedEnd) }
            switch buffer[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw fail(.unexpectedCharacter)
            }
        }
    }

    private mutating func parseObject() throws(JSONValueParsingError) -> JSONValue {
        try enterContainer()
        index += 1
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if index < buffer.count, buffer[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < buffer.count else { throw fail(.unexpectedEnd) }
            guard buffer[index] == UInt8(ascii: "\"") else { throw fail(.unexpectedCharacter) }
            let key = try parseString()
            skipWhitespace()
            guard index < buffer.count else { throw fail(.unexpectedEnd) }
            guard buffer[index] == UInt8(ascii: ":") else { throw fail(.unexpectedCharacter) }
            index += 1
            skipWhitespace()
            members.append(JSONValue.Member(key, try parseValue()))
            skipWhitespace()
            guard index < buffer.count else { throw fail(.unexpectedEnd) }
            switch buffer[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            default:
                throw fail(.unexpectedCharacter)
            }
        }
    }

    /// Parses a string starting at its opening quote, validating UTF-8 and decoding escapes.
    private mutating func parseString() throws(JSONValueParsingError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, all ASCII or valid UTF-8, copied straight from the buffer.
        var sawEscape = false
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                if !sawEscape {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                break
            } else if byte == UInt8(ascii: "\\") {
                if !sawEscape {
                    sawEscape = true
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
                }
                try parseEscape()
            } else if byte < 0x20 {
                throw fail(.controlCharacterInString)
            } else if byte < 0x80 {
                if sawEscape { scratch.append(byte) }
                index += 1
            } else {
                let sequenceStart = index
                try skipUTF8Sequence()
                if sawEscape {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[sequenceStart..<index]))
                }
            }
        }
        guard index < buffer.count else { throw fail(.unexpectedEnd) }
        index += 1
        return String(decoding: scratch, as: UTF8.self)
    }

    private mutating func parseEscape() throws(JSONValueParsingError) {
        let escapeStart = index
        index += 1
        guard index < buffer.count else { throw fail(.unexpectedEnd) }
        let byte = buffer[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            var scalarValue = UInt32(first)
            if (0xD800...0xDBFF).contains(first) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard index + 1 < buffer.count, buffer[index] == UInt8(ascii: "\\"),
                    buffer[index + 1] == UInt8(ascii: "u")
                else { throw fail(.invalidEscape, at: escapeStart) }
                index += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw fail(.invalidEscape, at: escapeStart) }
                scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(first) {
                throw fail(.invalidEscape, at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw fail(.invalidEscape, at: escapeStart) }
            UTF8.encode(scalar) { scratch.append($0) }
        default:
            throw fail(.invalidEscape, at: escapeStart)
        }
    }

    private mutating func parseHex4() throws(JSONValueParsingError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < buffer.count else { throw fail(.unexpectedEnd) }
            let byte = buffer[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidEscape)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// Checks one multi-byte UTF-8 sequence at `index` and steps over it.
    private mutating func skipUTF8Sequence() throws(JSONValueParsingError) {
        guard let length = UTF8Validation.sequenceLength(at: index, in: UnsafeRawBufferPointer(buffer)) else {
            throw fail(.invalidUTF8, at: index)
        }
        index += length
    }

    /// Advances over a JSON number; `false` if the bytes at `index` are not one.
    static func scanNumber(_ buffer: UnsafeBufferPointer<UInt8>, at index: inout Int) -> Bool {
        func isDigit(_ position: Int) -> Bool {
            position < buffer.count && buffer[position] >= UInt8(ascii: "0") && buffer[position] <= UInt8(ascii: "9")
        }
        var position = index
        if position < buffer.count, buffer[position] == UInt8(ascii: "-") { position += 1 }
        guard isDigit(position) else { return false }
        if buffer[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while isDigit(position) { position += 1 }
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: ".") {
            position += 1
            guard isDigit(position) else { return false }
            while isDigit(position) { position += 1 }
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: "e") || buffer[position] == UInt8(ascii: "E") {
            position += 1
            if position < buffer.count, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard isDigit(position) else { return false }
            while isDigit(position) { position += 1 }
        }
        index = position
        return true
    }
}
