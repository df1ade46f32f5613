/// A JSON value that keeps object members in the order they were written.
///
/// `JSONValue` is the tree form ExternalTalk uses for canonical content, the federation envelope and content it
/// does not understand: an unknown message keeps its JSON here so it can be stored and forwarded unchanged.
/// Numbers keep their literal text (see ``JSONNumber``), so `1.50` stays `1.50` and large integers never lose
/// digits. Objects may hold a member name more than once, as received; ``subscript(_:)`` returns the last one,
/// which is the rule every ExternalTalk reader follows for a repeated name (the last value wins).
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
        // The reader skips white space before a value; a literal has none.
        guard let first = bytes.first,
            first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return false }
        return bytes.withUnsafeBytes { buffer in
            var reader = JSONReader(buffer, maximumDepth: 1)
            guard (try? reader.readNumberLiteral()) != nil else { return false }
            return reader.remainingByteCount == 0
        }
    }
}

/// Limits that bound the work and memory one JSON document can cost, applied by every ExternalTalk reader.
public struct JSONDecodingLimits: Sendable, Hashable {
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int
    /// The largest document accepted, in bytes.
    public var maximumBodySize: Int

    /// Creates limits.
    /// - Parameters:
    ///   - maximumDepth: The deepest nesting of arrays and objects accepted; 64 by default.
    ///   - maximumBodySize: The largest document accepted, in bytes; 8 MiB by default.
    public init(maximumDepth: Int = 64, maximumBodySize: Int = 8 << 20) {
        self.maximumDepth = maximumDepth
        self.maximumBodySize = maximumBodySize
    }

    /// 64 levels of nesting (LINE's deepest payload uses 4, canonical content 5) and 8 MiB.
    public static let `default` = JSONDecodingLimits()
}

extension JSONValue {
    /// The nesting limit of the `JSONValue(parsing:)` initializers when none is given: the same 64 levels every
    /// ExternalTalk reader applies (``JSONDecodingLimits/default``).
    public static let defaultMaximumDepth = JSONDecodingLimits.default.maximumDepth

    /// The deepest tree ``init(parsing:limits:)`` builds, whatever the limits say: 512 levels.
    ///
    /// Building is iterative, but releasing, comparing and hashing a tree recurse once per level, as they do for
    /// any recursive enum in Swift; past a few thousand levels that would overflow a thread's stack. Deeper limits
    /// still apply in full to the readers that build no tree (webhooks and LINE WORKS callbacks).
    public static let maximumSupportedDepth = 512

    /// Parses one JSON document.
    ///
    /// The document goes through the same reader as LINE webhooks: RFC 8259 grammar, UTF-8 checked inside
    /// strings, lone surrogate escapes refused, nesting bounded (building the tree is iterative, so no input can
    /// overflow the stack), and nothing but white space after the value.
    ///
    /// - Parameters:
    ///   - bytes: The document's UTF-8 bytes.
    ///   - limits: The size and nesting limits; nesting is further bounded by ``maximumSupportedDepth``.
    /// - Throws: ``JSONDecodingError`` naming the byte offset and the path of the failure.
    public init(parsing bytes: some Collection<UInt8>, limits: JSONDecodingLimits) throws(JSONDecodingError) {
        let parse = { (buffer: UnsafeRawBufferPointer) in
            Result { () throws(JSONDecodingError) in
                var bounded = limits
                bounded.maximumDepth = min(limits.maximumDepth, JSONValue.maximumSupportedDepth)
                return try JSONReader.decodeDocument(buffer, limits: bounded) { reader in try JSONValue.read(&reader) }
            }
        }
        let result =
            bytes.withContiguousStorageIfAvailable { parse(UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes(parse)
        self = try result.get()
    }

    /// Parses one JSON document of up to 8 MiB.
    ///
    /// - Parameters:
    ///   - bytes: The document's UTF-8 bytes.
    ///   - maximumDepth: The deepest nesting of arrays and objects accepted.
    /// - Throws: ``JSONDecodingError`` naming the byte offset and the path of the failure.
    public init(
        parsing bytes: some Collection<UInt8>,
        maximumDepth: Int = JSONValue.defaultMaximumDepth
    ) throws(JSONDecodingError) {
        try self.init(parsing: bytes, limits: JSONDecodingLimits(maximumDepth: maximumDepth))
    }

    /// Parses one JSON document held in a string.
    ///
    /// - Parameters:
    ///   - text: The document.
    ///   - maximumDepth: The deepest nesting of arrays and objects accepted.
    /// - Throws: ``JSONDecodingError`` naming the byte offset and the path of the failure.
    public init(parsing text: String, maximumDepth: Int = JSONValue.defaultMaximumDepth) throws(JSONDecodingError) {
        try self.init(parsing: Array(text.utf8), maximumDepth: maximumDepth)
    }

    /// A container being filled while the tree is built.
    private enum Frame {
        case array([JSONValue])
        case object([Member], key: String)
    }

    /// Reads the next value into a tree with an explicit stack of open containers, so depth costs heap, not stack.
    static func read(_ reader: inout JSONReader) throws(JSONDecodingError) -> JSONValue {
        var stack: [Frame] = []
        do {
            values: while true {
                var value: JSONValue
                switch try reader.peekKind() {
                case .object:
                    try reader.beginObject()
                    if let key = try reader.nextKeyString() {
                        stack.append(.object([], key: key))
                        continue values
                    }
                    value = .object([])
                case .array:
                    try reader.beginArray()
                    if try reader.nextElement() {
                        stack.append(.array([]))
                        continue values
                    }
                    value = .array([])
                case .string:
                    value = .string(try reader.readString())
                case .number:
                    value = .number(JSONNumber(validatedLiteral: try reader.readNumberLiteral()))
                case .bool:
                    value = .bool(try reader.readBool())
                case .null:
                    _ = try reader.consumeNull()
                    value = .null
                }
                // Hand the finished value to its container, closing every container that ends here.
                while let frame = stack.popLast() {
                    switch frame {
                    case .array(var elements):
                        elements.append(value)
                        if try reader.nextElement() {
                            stack.append(.array(elements))
                            continue values
                        }
                        value = .array(elements)
                    case .object(var members, let key):
                        members.append(Member(key, value))
                        if let next = try reader.nextKeyString() {
                            stack.append(.object(members, key: next))
                            continue values
                        }
                        value = .object(members)
                    }
                }
                return value
            }
        } catch {
            throw stack.reversed().reduce(error) { error, frame in
                switch frame {
                case .array(let elements): error.inside(index: elements.count)
                case .object(_, let key): error.inside(key)
                }
            }
        }
    }
}
