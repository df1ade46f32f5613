/// A pull reader over the bytes of one JSON text.
///
/// The decoders drive it key by key and build their values directly, without an intermediate tree.
/// It checks the RFC 8259 grammar, validates UTF-8 inside strings, bounds nesting depth (skipping is
/// iterative, so no input can overflow the stack) and reports every failure with its byte offset.
/// The buffer must outlive the reader.
struct JSONReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int
    private var depth: Int
    private let maximumDepth: Int
    /// Whether each open container is an object (`true`) or an array, innermost last.
    private var containers: [Bool]

    init(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.bytes = bytes
        self.offset = 0
        self.depth = 0
        self.maximumDepth = maximumDepth
        self.containers = []
    }

    // MARK: Structure

    /// The kind of the next value, after skipping white space.
    mutating func peekKind() throws(WebhookDecodingError) -> JSONValueKind {
        skipWhitespace()
        guard offset < bytes.count else { throw error(.truncated, "unexpected end of input, expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error(.invalidJSON, "unexpected \(describeByte(bytes[offset])), expected a value")
        }
    }

    /// Consumes `null` if it is the next value.
    mutating func consumeNull() throws(WebhookDecodingError) -> Bool {
        guard try peekKind() == .null else { return false }
        try expectLiteral("null")
        return true
    }

    /// Consumes the opening brace of an object.
    mutating func beginObject() throws(WebhookDecodingError) {
        guard try peekKind() == .object else { throw typeMismatch(expected: "an object") }
        try enter(object: true)
        offset += 1
        pendingFirst = true
    }

    /// Consumes the opening bracket of an array.
    mutating func beginArray() throws(WebhookDecodingError) {
        guard try peekKind() == .array else { throw typeMismatch(expected: "an array") }
        try enter(object: false)
        offset += 1
        pendingFirst = true
    }

    private var pendingFirst = false

    /// Reads the next key of the current object, or returns `nil` after consuming the closing brace.
    ///
    /// The returned key points into the input; use it before reading further.
    mutating func nextKey() throws(WebhookDecodingError) -> JSONKey? {
        skipWhitespace()
        guard offset < bytes.count else { throw error(.truncated, "unexpected end of input inside an object") }
        if pendingFirst {
            pendingFirst = false
            if bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                leave()
                return nil
            }
        } else {
            switch bytes[offset] {
            case UInt8(ascii: "}"):
                offset += 1
                leave()
                return nil
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            default:
                throw error(.invalidJSON, "unexpected \(describeByte(bytes[offset])), expected ',' or '}'")
            }
        }
        guard offset < bytes.count else { throw error(.truncated, "unexpected end of input, expected a key") }
        guard bytes[offset] == UInt8(ascii: "\"") else {
            throw error(.invalidJSON, "unexpected \(describeByte(bytes[offset])), expected a quoted key")
        }
        let key = try scanKey()
        skipWhitespace()
        guard offset < bytes.count else { throw error(.truncated, "unexpected end of input, expected ':'") }
        guard bytes[offset] == UInt8(ascii: ":") else {
            throw error(.invalidJSON, "unexpected \(describeByte(bytes[offset])), expected ':'")
        }
        offset += 1
        return key
    }

    /// Moves to the next element of the current array; returns `false` after consuming the closing bracket.
    mutating func nextElement() throws(WebhookDecodingError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw error(.truncated, "unexpected end of input inside an array") }
        if pendingFirst {
            pendingFirst = false
            if bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                leave()
                return false
            }
            return true
        }
        switch bytes[offset] {
        case UInt8(ascii: "]"):
            offset += 1
            leave()
            return false
        case UInt8(ascii: ","):
            offset += 1
            return true
        default:
            throw error(.invalidJSON, "unexpected \(describeByte(bytes[offset])), expected ',' or ']'")
        }
    }

    /// Checks that nothing but white space follows the top-level value.
    mutating func expectEnd() throws(WebhookDecodingError) {
        skipWhitespace()
        if offset < bytes.count {
            throw error(.invalidJSON, "unexpected \(describeByte(bytes[offset])) after the top-level value")
        }
    }

    private mutating func enter(object: Bool) throws(WebhookDecodingError) {
        guard depth < maximumDepth else {
            throw error(.tooDeep, "nesting deeper than \(maximumDepth) levels")
        }
        depth += 1
        containers.append(object)
    }

    private mutating func leave() {
        depth -= 1
        containers.removeLast()
    }

    // MARK: Scalars

    /// Reads a string value.
    mutating func readString() throws(WebhookDecodingError) -> String {
        guard try peekKind() == .string else { throw typeMismatch(expected: "a string") }
        return try scanString()
    }

    /// Reads a string value, or `nil` for `null`.
    mutating func readOptionalString() throws(WebhookDecodingError) -> String? {
        switch try peekKind() {
        case .string: return try scanString()
        case .null:
            try expectLiteral("null")
            return nil
        default: throw typeMismatch(expected: "a string")
        }
    }

    /// Reads `true` or `false`.
    mutating func readBool() throws(WebhookDecodingError) -> Bool {
        guard try peekKind() == .bool else { throw typeMismatch(expected: "a boolean") }
        if bytes[offset] == UInt8(ascii: "t") {
            try expectLiteral("true")
            return true
        }
        try expectLiteral("false")
        return false
    }

    /// Reads a boolean, or `nil` for `null`.
    mutating func readOptionalBool() throws(WebhookDecodingError) -> Bool? {
        if try consumeNull() { return nil }
        return try readBool()
    }

    /// Reads an integer that fits in 64 bits; fractions and exponents are rejected.
    mutating func readInt64() throws(WebhookDecodingError) -> Int64 {
        guard try peekKind() == .number else { throw typeMismatch(expected: "an integer") }
        let start = offset
        let negative = bytes[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }
        var value: Int64 = 0
        var digits = 0
        while offset < bytes.count, case let byte = bytes[offset], byte &>> 4 == 3, byte & 0x0F < 10 {
            let digit = Int64(byte & 0x0F)
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if o1 || o2 {
                offset = start
                throw error(.typeMismatch, "integer out of the 64-bit range")
            }
            value = next
            digits += 1
            offset += 1
        }
        guard digits > 0 else {
            throw error(.invalidJSON, "a number needs digits")
        }
        if digits > 1, bytes[start + (negative ? 1 : 0)] == UInt8(ascii: "0") {
            offset = start
            throw error(.invalidJSON, "a number must not have leading zeros")
        }
        if offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                offset = start
                throw typeMismatch(expected: "an integer")
            }
        }
        return value
    }

    /// Reads an integer, or `nil` for `null`.
    mutating func readOptionalInt64() throws(WebhookDecodingError) -> Int64? {
        if try consumeNull() { return nil }
        return try readInt64()
    }

    /// Reads any JSON number as a `Double`.
    mutating func readDouble() throws(WebhookDecodingError) -> Double {
        guard try peekKind() == .number else { throw typeMismatch(expected: "a number") }
        let start = offset
        try scanNumber()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text) else {
            offset = start
            throw error(.typeMismatch, "number out of range")
        }
        return value
    }

    /// Reads a number, or `nil` for `null`.
    mutating func readOptionalDouble() throws(WebhookDecodingError) -> Double? {
        if try consumeNull() { return nil }
        return try readDouble()
    }

    /// Reads a string or a number as text: some LINE WORKS fields arrive either way.
    mutating func readStringOrNumber() throws(WebhookDecodingError) -> String {
        switch try peekKind() {
        case .string:
            return try scanString()
        case .number:
            let start = offset
            try scanNumber()
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        default:
            throw typeMismatch(expected: "a string or a number")
        }
    }

    /// Reads the `type` member of the object that starts at the next value, without consuming anything.
    ///
    /// LINE writes `type` first, which this finds at once; otherwise it scans a copy of the reader through
    /// the object. Returns `nil` when the object has no string `type`, or when the next value is not an object.
    mutating func peekObjectType() throws(WebhookDecodingError) -> String? {
        guard try peekKind() == .object else { return nil }
        var index = offset + 1
        while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
        let typeKey: StaticString = "\"type\""
        let fastPath = typeKey.withUTF8Buffer { key in
            index + key.count <= bytes.count
                && UnsafeRawBufferPointer(rebasing: bytes[index..<index + key.count]).elementsEqual(key)
        }
        var probe = self
        if fastPath {
            probe.offset = index + typeKey.utf8CodeUnitCount
            probe.skipWhitespace()
            if probe.offset < bytes.count, bytes[probe.offset] == UInt8(ascii: ":") {
                probe.offset += 1
                if try probe.peekKind() == .string { return try probe.scanString() }
                return nil
            }
        }
        // A malformed object is reported by the decoding pass that follows, which knows the member's path.
        probe = self
        do {
            try probe.beginObject()
            var type: String?
            while let key = try probe.nextKey() {
                if key.equals("type"), try probe.peekKind() == .string, type == nil {
                    type = try probe.scanString()
                } else {
                    try probe.skipValue()
                }
            }
            return type
        } catch {
            return nil
        }
    }

    /// Reads a string or a number as text, or `nil` for `null`.
    mutating func readOptionalStringOrNumber() throws(WebhookDecodingError) -> String? {
        if try consumeNull() { return nil }
        return try readStringOrNumber()
    }

    // MARK: Recovering

    /// A position at the start of a value, to return to when the value turns out not to have the expected shape.
    struct Mark {
        fileprivate let offset: Int
        fileprivate let depth: Int
    }

    /// Marks the start of the next value.
    mutating func mark() -> Mark {
        skipWhitespace()
        return Mark(offset: offset, depth: depth)
    }

    /// Returns to a mark, abandoning any containers opened since.
    mutating func rewind(to mark: Mark) {
        offset = mark.offset
        while depth > mark.depth { leave() }
        pendingFirst = false
    }

    // MARK: Skipping and capturing

    /// Skips one value of any kind, checking its grammar, without recursion.
    mutating func skipValue() throws(WebhookDecodingError) {
        let baseDepth = depth
        repeat {
            switch try peekKind() {
            case .object:
                try beginObject()
                if try nextKey() != nil { continue }
            case .array:
                try beginArray()
                if try nextElement() { continue }
            case .string:
                offset += 1
                try scanStringBody(into: nil)
            case .number:
                try scanNumber()
            case .bool:
                _ = try readBool()
            case .null:
                try expectLiteral("null")
            }
            // A value is complete: close every container that ends here, then move to the next slot.
            while depth > baseDepth {
                if containers[containers.count - 1] {
                    if try nextKey() != nil { break }
                } else {
                    if try nextElement() { break }
                }
            }
        } while depth > baseDepth
    }

    /// Skips one value and returns a copy of its bytes.
    mutating func captureValue() throws(WebhookDecodingError) -> RawJSON {
        skipWhitespace()
        let start = offset
        try skipValue()
        return RawJSON(validatedBytes: Array(UnsafeRawBufferPointer(rebasing: bytes[start..<offset])))
    }

    /// The byte offset of the next value, after white space.
    mutating func valueStart() -> Int {
        skipWhitespace()
        return offset
    }

    /// A copy of the bytes between `start` and the current offset.
    func bytes(from start: Int) -> RawJSON {
        RawJSON(validatedBytes: Array(UnsafeRawBufferPointer(rebasing: bytes[start..<offset])))
    }

    // MARK: Lexing

    private mutating func skipWhitespace() {
        while offset < bytes.count, isWhitespace(bytes[offset]) { offset += 1 }
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(WebhookDecodingError) {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else {
            throw error(.truncated, "unexpected end of input inside a literal")
        }
        let matches = literal.withUTF8Buffer { expected in
            for index in 0..<count where bytes[offset + index] != expected[index] { return false }
            return true
        }
        guard matches else { throw error(.invalidJSON, "invalid literal, expected \(literal)") }
        offset += count
    }

    private mutating func scanNumber() throws(WebhookDecodingError) {
        let start = offset
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let intStart = offset
        let intDigits = scanDigits()
        guard intDigits > 0 else { throw error(.invalidJSON, "a number needs digits") }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") {
            offset = start
            throw error(.invalidJSON, "a number must not have leading zeros")
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard scanDigits() > 0 else { throw error(.invalidJSON, "a fraction needs digits") }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard scanDigits() > 0 else { throw error(.invalidJSON, "an exponent needs digits") }
        }
    }

    private mutating func scanDigits() -> Int {
        let start = offset
        while offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") {
            offset += 1
        }
        return offset - start
    }

    private mutating func scanKey() throws(WebhookDecodingError) -> JSONKey {
        offset += 1
        let start = offset
        // Keys are short ASCII in every payload we read: take them in place when they have no escapes.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let key = JSONKey.borrowed(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
                offset += 1
                return key
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 || byte < 0x20 { break }
            offset += 1
        }
        offset = start
        let decoded = try scanStringBody(into: [])
        return .decoded(decoded ?? [])
    }

    private mutating func scanString() throws(WebhookDecodingError) -> String {
        offset += 1
        let start = offset
        // Fast path: no escapes. ASCII needs no validation; other bytes are validated by the standard library.
        // Eight bytes at a time while none of them ends the string, starts an escape or is a control character.
        var highBits: UInt64 = 0
        if let base = bytes.baseAddress {
            while offset + 8 <= bytes.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                if Self.hasSpecialByte(word) { break }
                highBits |= word
                offset += 8
            }
        }
        var ascii = highBits & 0x8080_8080_8080_8080 == 0
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let string = String(validating: slice, as: UTF8.self) else {
                    offset = start
                    throw invalidUTF8(in: slice, at: start)
                }
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw error(.invalidJSON, "unescaped control character in a string")
            }
            if byte >= 0x80 { ascii = false }
            offset += 1
        }
        offset = start
        let decoded = try scanStringBody(into: []) ?? []
        guard let string = String(validating: decoded, as: UTF8.self) else {
            offset = start
            throw error(.invalidUTF8, "invalid UTF-8 in a string")
        }
        return string
    }

    /// Whether any byte of `word` is `"`, `\\` or below 0x20 (bit tricks that are exact for "any").
    @inline(__always)
    private static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let quoteZero = (quote &- ones) & ~quote & highs
        let backslashZero = (backslash &- ones) & ~backslash & highs
        return control | quoteZero | backslashZero != 0
    }

    /// Scans a string body after its opening quote, decoding escapes into `buffer` when one is given.
    @discardableResult
    private mutating func scanStringBody(into buffer: [UInt8]?) throws(WebhookDecodingError) -> [UInt8]? {
        var buffer = buffer
        let start = offset
        var runStart = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                buffer?.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<offset]))
                if buffer == nil {
                    let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
                    if String(validating: slice, as: UTF8.self) == nil { throw invalidUTF8(in: slice, at: start) }
                }
                offset += 1
                return buffer
            case UInt8(ascii: "\\"):
                buffer?.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<offset]))
                try scanEscape(into: &buffer)
                runStart = offset
            case 0..<0x20:
                throw error(.invalidJSON, "unescaped control character in a string")
            default:
                offset += 1
            }
        }
        throw error(.truncated, "unexpected end of input inside a string")
    }

    private mutating func scanEscape(into buffer: inout [UInt8]?) throws(WebhookDecodingError) {
        let escapeStart = offset
        offset += 1
        guard offset < bytes.count else { throw error(.truncated, "unexpected end of input inside an escape") }
        let code = bytes[offset]
        offset += 1
        let simple: UInt8?
        switch code {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            offset = escapeStart
            throw error(.invalidJSON, "invalid escape sequence")
        }
        if let simple {
            buffer?.append(simple)
            return
        }
        var scalar = try scanHex4(escapeStart: escapeStart)
        if (0xD800..<0xDC00).contains(scalar) {
            // A high surrogate must be followed by an escaped low surrogate: LINE escapes non-BMP characters so.
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
            else {
                offset = escapeStart
                throw error(.invalidUTF8, "unpaired surrogate escape")
            }
            offset += 2
            let low = try scanHex4(escapeStart: escapeStart)
            guard (0xDC00..<0xE000).contains(low) else {
                offset = escapeStart
                throw error(.invalidUTF8, "unpaired surrogate escape")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            offset = escapeStart
            throw error(.invalidUTF8, "unpaired surrogate escape")
        }
        guard buffer != nil, let unicodeScalar = Unicode.Scalar(scalar) else { return }
        buffer?.append(contentsOf: UTF8.encode(unicodeScalar).map { Array($0) } ?? [])
    }

    private mutating func scanHex4(escapeStart: Int) throws(WebhookDecodingError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error(.truncated, "unexpected end of input inside an escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                offset = escapeStart
                throw error(.invalidJSON, "invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    // MARK: Errors

    private func invalidUTF8(in slice: UnsafeRawBufferPointer, at start: Int) -> WebhookDecodingError {
        // Find the first byte that does not start a valid sequence so the error names it.
        var index = 0
        var iterator = slice.makeIterator()
        var decoder = UTF8()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                index = consumed
                consumed += UTF8.width(scalar)
            case .emptyInput:
                break loop
            case .error:
                index = consumed
                break loop
            }
        }
        return WebhookDecodingError(code: .invalidUTF8, byteOffset: start + index, reason: "invalid UTF-8 in a string")
    }

    func error(_ code: WebhookDecodingError.Code, _ reason: String) -> WebhookDecodingError {
        WebhookDecodingError(code: code, byteOffset: offset, reason: reason)
    }

    mutating func typeMismatch(expected: String) -> WebhookDecodingError {
        let found: String
        switch try? peekKind() {
        case .object: found = "an object"
        case .array: found = "an array"
        case .string: found = "a string"
        case .number: found = "a number"
        case .bool: found = "a boolean"
        case .null: found = "null"
        case nil: found = "no value"
        }
        return error(.typeMismatch, "expected \(expected), found \(found)")
    }

    private func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}

/// The kind of a JSON value, from its first byte.
enum JSONValueKind: Equatable {
    case object
    case array
    case string
    case number
    case bool
    case null
}

/// An object key, borrowed from the input when it has no escapes.
enum JSONKey {
    /// The key's bytes in the input, which hold no escapes.
    case borrowed(UnsafeRawBufferPointer)
    /// The key with its escapes decoded.
    case decoded([UInt8])

    /// Whether the key is exactly `name`.
    @inline(__always)
    func equals(_ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        switch self {
        case .borrowed(let bytes):
            guard bytes.count == count else { return false }
            let expected = name.utf8Start
            for index in 0..<count where bytes[index] != expected[index] { return false }
            return true
        case .decoded(let bytes):
            return bytes.count == count && name.withUTF8Buffer { bytes.elementsEqual($0) }
        }
    }

    /// The key as a string (escapes decoded).
    var string: String {
        switch self {
        case .borrowed(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .decoded(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// A JSON value kept exactly as it was received.
///
/// Unknown events, message types and sources keep their original JSON here, so that nothing LINE sends is lost
/// when this SDK does not know it yet. The bytes are valid UTF-8 and valid JSON.
public struct RawJSON: Sendable, Hashable, CustomStringConvertible {
    /// The original bytes, as received.
    public let bytes: [UInt8]

    init(validatedBytes: [UInt8]) {
        self.bytes = validatedBytes
    }

    /// The original JSON text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The original JSON text.
    public var description: String { text }
}
