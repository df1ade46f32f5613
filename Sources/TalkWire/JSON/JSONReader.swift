#if canImport(FoundationEssentials)
import protocol FoundationEssentials.ContiguousBytes
#else
import protocol Foundation.ContiguousBytes
#endif

/// A pull reader over the bytes of one JSON text.
///
/// The decoders drive it key by key and build their values directly, without an intermediate tree.
/// It checks the RFC 8259 grammar, validates UTF-8 inside strings, bounds nesting depth (skipping is
/// iterative, so no input can overflow the stack) and reports every failure with its byte offset.
/// The buffer must outlive the reader.
struct JSONReader {
    /// The first byte of the input; never read at or past `count`.
    private let base: UnsafePointer<UInt8>
    /// The number of bytes in the input.
    private let count: Int
    private(set) var offset: Int
    private var depth: Int
    private let maximumDepth: Int
    /// The first problem met in a value that the decoders read leniently (an ID that is not valid, say): it does
    /// not stop decoding, and the decoder attaches it to the enclosing event. Kept in a trivially copyable form,
    /// since the reader is copied on every look-ahead.
    private var issue: NotedIssue?

    init(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? JSONReader.emptyInput
        self.count = bytes.count
        self.offset = 0
        self.depth = 0
        self.maximumDepth = maximumDepth
        self.issue = nil
    }

    /// Where an empty input points: never read, since every read checks `count` first.
    private nonisolated(unsafe) static let emptyInput = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))

    /// The input bytes from `start` up to `end`.
    @inline(__always)
    private func slice(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    /// The number of bytes after the current offset.
    var remainingByteCount: Int { count - offset }

    // MARK: Structure

    /// The kind of the next value, after skipping white space.
    @inline(__always)
    mutating func peekKind() throws(JSONDecodingError) -> JSONValueKind {
        skipWhitespace()
        guard offset < count else { throw error(.truncated, "unexpected end of input, expected a value") }
        switch base[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error(.invalidJSON, "unexpected \(describeByte(base[offset])), expected a value")
        }
    }

    /// Consumes `null` if it is the next value.
    mutating func consumeNull() throws(JSONDecodingError) -> Bool {
        guard try peekKind() == .null else { return false }
        try expectLiteral("null")
        return true
    }

    /// Consumes the opening brace of an object.
    mutating func beginObject() throws(JSONDecodingError) {
        guard try peekKind() == .object else { throw typeMismatch(expected: "an object") }
        try enter()
        offset += 1
        pendingFirst = true
    }

    /// Consumes the opening bracket of an array.
    mutating func beginArray() throws(JSONDecodingError) {
        guard try peekKind() == .array else { throw typeMismatch(expected: "an array") }
        try enter()
        offset += 1
        pendingFirst = true
    }

    private var pendingFirst = false

    /// Reads the next key of the current object, or returns `nil` after consuming the closing brace.
    ///
    /// The returned key points into the input; use it before reading further.
    mutating func nextKey() throws(JSONDecodingError) -> JSONKey? {
        skipWhitespace()
        guard offset < count else { throw error(.truncated, "unexpected end of input inside an object") }
        if pendingFirst {
            pendingFirst = false
            if base[offset] == UInt8(ascii: "}") {
                offset += 1
                leave()
                return nil
            }
        } else {
            switch base[offset] {
            case UInt8(ascii: "}"):
                offset += 1
                leave()
                return nil
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            default:
                throw error(.invalidJSON, "unexpected \(describeByte(base[offset])), expected ',' or '}'")
            }
        }
        guard offset < count else { throw error(.truncated, "unexpected end of input, expected a key") }
        guard base[offset] == UInt8(ascii: "\"") else {
            throw error(.invalidJSON, "unexpected \(describeByte(base[offset])), expected a quoted key")
        }
        let key = try scanKey()
        skipWhitespace()
        guard offset < count else { throw error(.truncated, "unexpected end of input, expected ':'") }
        guard base[offset] == UInt8(ascii: ":") else {
            throw error(.invalidJSON, "unexpected \(describeByte(base[offset])), expected ':'")
        }
        offset += 1
        return key
    }

    /// Moves to the next element of the current array; returns `false` after consuming the closing bracket.
    mutating func nextElement() throws(JSONDecodingError) -> Bool {
        skipWhitespace()
        guard offset < count else { throw error(.truncated, "unexpected end of input inside an array") }
        if pendingFirst {
            pendingFirst = false
            if base[offset] == UInt8(ascii: "]") {
                offset += 1
                leave()
                return false
            }
            return true
        }
        switch base[offset] {
        case UInt8(ascii: "]"):
            offset += 1
            leave()
            return false
        case UInt8(ascii: ","):
            offset += 1
            return true
        default:
            throw error(.invalidJSON, "unexpected \(describeByte(base[offset])), expected ',' or ']'")
        }
    }

    /// Checks that nothing but white space follows the top-level value.
    mutating func expectEnd() throws(JSONDecodingError) {
        skipWhitespace()
        if offset < count {
            throw error(.invalidJSON, "unexpected \(describeByte(base[offset])) after the top-level value")
        }
    }

    @inline(__always)
    private mutating func enter() throws(JSONDecodingError) {
        guard depth < maximumDepth else {
            throw error(.tooDeep, "nesting deeper than \(maximumDepth) levels")
        }
        depth += 1
    }

    @inline(__always)
    private mutating func leave() {
        depth -= 1
    }

    // MARK: Scalars

    /// Reads a string value.
    mutating func readString() throws(JSONDecodingError) -> String {
        guard try peekKind() == .string else { throw typeMismatch(expected: "a string") }
        return try scanString()
    }

    /// Reads a string value, or `nil` for `null`.
    mutating func readOptionalString() throws(JSONDecodingError) -> String? {
        switch try peekKind() {
        case .string: return try scanString()
        case .null:
            try expectLiteral("null")
            return nil
        default: throw typeMismatch(expected: "a string")
        }
    }

    /// Reads `true` or `false`.
    mutating func readBool() throws(JSONDecodingError) -> Bool {
        guard try peekKind() == .bool else { throw typeMismatch(expected: "a boolean") }
        if base[offset] == UInt8(ascii: "t") {
            try expectLiteral("true")
            return true
        }
        try expectLiteral("false")
        return false
    }

    /// Reads a boolean, or `nil` for `null`.
    mutating func readOptionalBool() throws(JSONDecodingError) -> Bool? {
        if try consumeNull() { return nil }
        return try readBool()
    }

    /// Reads an integer that fits in 64 bits; fractions and exponents are rejected.
    mutating func readInt64() throws(JSONDecodingError) -> Int64 {
        guard try peekKind() == .number else { throw typeMismatch(expected: "an integer") }
        let start = offset
        let negative = base[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }
        var value: Int64 = 0
        var digits = 0
        while offset < count, case let byte = base[offset], byte &>> 4 == 3, byte & 0x0F < 10 {
            let digit = Int64(byte & 0x0F)
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if o1 || o2 {
                offset = start
                throw error(.outOfRange, "integer out of the 64-bit range")
            }
            value = next
            digits += 1
            offset += 1
        }
        guard digits > 0 else {
            throw error(.invalidJSON, "a number needs digits")
        }
        if digits > 1, base[start + (negative ? 1 : 0)] == UInt8(ascii: "0") {
            offset = start
            throw error(.invalidJSON, "a number must not have leading zeros")
        }
        if offset < count {
            let byte = base[offset]
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                offset = start
                throw typeMismatch(expected: "an integer")
            }
        }
        return value
    }

    /// Reads an integer, or `nil` for `null`.
    mutating func readOptionalInt64() throws(JSONDecodingError) -> Int64? {
        if try consumeNull() { return nil }
        return try readInt64()
    }

    /// Reads any JSON number as a `Double`.
    mutating func readDouble() throws(JSONDecodingError) -> Double {
        guard try peekKind() == .number else { throw typeMismatch(expected: "a number") }
        let start = offset
        try scanNumber()
        let text = String(decoding: slice(start, offset), as: UTF8.self)
        // `Double("1e400")` is infinity: an overflowing literal is reported, never read as infinity.
        guard let value = Double(text), value.isFinite else {
            offset = start
            throw error(.outOfRange, "number out of the range of a 64-bit float")
        }
        return value
    }

    /// Reads a number, or `nil` for `null`.
    mutating func readOptionalDouble() throws(JSONDecodingError) -> Double? {
        if try consumeNull() { return nil }
        return try readDouble()
    }

    /// Reads a number as its literal text, checked against the JSON grammar.
    mutating func readNumberLiteral() throws(JSONDecodingError) -> String {
        guard try peekKind() == .number else { throw typeMismatch(expected: "a number") }
        let start = offset
        try scanNumber()
        return String(decoding: slice(start, offset), as: UTF8.self)
    }

    /// Reads a string or a number as text: some LINE WORKS fields arrive either way.
    mutating func readStringOrNumber() throws(JSONDecodingError) -> String {
        switch try peekKind() {
        case .string:
            return try scanString()
        case .number:
            let start = offset
            try scanNumber()
            return String(decoding: slice(start, offset), as: UTF8.self)
        default:
            throw typeMismatch(expected: "a string or a number")
        }
    }

    /// Reads the `type` member of the object that starts at the next value, without consuming anything.
    ///
    /// LINE writes `type` first, which this finds at once; otherwise it scans a copy of the reader through
    /// the object. Returns `nil` when the object has no string `type`, or when the next value is not an object.
    mutating func peekObjectType() throws(JSONDecodingError) -> String? {
        guard try peekKind() == .object else { return nil }
        var index = offset + 1
        while index < count, isWhitespace(base[index]) { index += 1 }
        let typeKey: StaticString = "\"type\""
        var fastPath = index + typeKey.utf8CodeUnitCount <= count
        if fastPath {
            for position in 0..<typeKey.utf8CodeUnitCount where base[index + position] != typeKey.utf8Start[position] {
                fastPath = false
                break
            }
        }
        var probe = self
        if fastPath {
            probe.offset = index + typeKey.utf8CodeUnitCount
            probe.skipWhitespace()
            if probe.offset < count, base[probe.offset] == UInt8(ascii: ":") {
                probe.offset += 1
                if try probe.peekKind() == .string { return try probe.scanString() }
                return nil
            }
        }
        return scanObjectType()
    }

    /// Reads the last string `type` member of the object that starts at the next value, scanning the whole object,
    /// without consuming anything: when a name repeats, the last value counts, as everywhere in ExternalTalk.
    ///
    /// The decoders use ``peekObjectType()``, which takes a leading `type` at once, and call this only when they
    /// met `type` more than once.
    mutating func scanObjectType() -> String? {
        // A malformed object is reported by the decoding pass that follows, which knows the member's path.
        var probe = self
        do {
            try probe.beginObject()
            var type: String?
            while let key = try probe.nextKey() {
                if key.equals("type"), try probe.peekKind() == .string {
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
    mutating func readOptionalStringOrNumber() throws(JSONDecodingError) -> String? {
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
    mutating func skipValue() throws(JSONDecodingError) {
        let baseDepth = depth
        // Which containers opened by this skip are objects, innermost in the lowest bit.
        var kinds = ContainerStack()
        repeat {
            switch try peekKind() {
            case .object:
                try beginObject()
                kinds.push(object: true)
                if try nextKey() != nil { continue }
                kinds.pop()
            case .array:
                try beginArray()
                kinds.push(object: false)
                if try nextElement() { continue }
                kinds.pop()
            case .string:
                offset += 1
                let start = offset
                try scanStringBody(into: nil)
                let body = slice(start, offset - 1)
                if let invalid = UTF8Validation.firstInvalidByte(in: body) {
                    offset = start + invalid
                    throw error(.invalidUTF8, "invalid UTF-8 in a string")
                }
            case .number:
                try scanNumber()
            case .bool:
                _ = try readBool()
            case .null:
                try expectLiteral("null")
            }
            // A value is complete: close every container that ends here, then move to the next slot.
            while depth > baseDepth {
                if kinds.innermostIsObject {
                    if try nextKey() != nil { break }
                } else {
                    if try nextElement() { break }
                }
                kinds.pop()
            }
        } while depth > baseDepth
    }

    /// Skips one value and returns a copy of its bytes.
    mutating func captureValue() throws(JSONDecodingError) -> RawJSON {
        skipWhitespace()
        let start = offset
        try skipValue()
        return RawJSON(validatedBytes: Array(slice(start, offset)))
    }

    /// The byte offset of the next value, after white space.
    mutating func valueStart() -> Int {
        skipWhitespace()
        return offset
    }

    /// A copy of the bytes between `start` and the current offset.
    func bytes(from start: Int) -> RawJSON {
        RawJSON(validatedBytes: Array(slice(start, offset)))
    }

    // MARK: Lexing

    @inline(__always)
    private mutating func skipWhitespace() {
        // Compact JSON, as LINE sends it, has no white space between tokens: check one byte and return.
        guard offset < count, base[offset] <= 0x20 else { return }
        skipWhitespaceSlowly()
    }

    private mutating func skipWhitespaceSlowly() {
        while offset < count, isWhitespace(base[offset]) { offset += 1 }
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONDecodingError) {
        let length = literal.utf8CodeUnitCount
        guard offset + length <= count else {
            throw error(.truncated, "unexpected end of input inside a literal")
        }
        let expected = literal.utf8Start
        for index in 0..<length where base[offset + index] != expected[index] {
            throw error(.invalidJSON, "invalid literal, expected \(literal)")
        }
        offset += length
    }

    private mutating func scanNumber() throws(JSONDecodingError) {
        let start = offset
        if offset < count, base[offset] == UInt8(ascii: "-") { offset += 1 }
        let intStart = offset
        let intDigits = scanDigits()
        guard intDigits > 0 else { throw error(.invalidJSON, "a number needs digits") }
        if intDigits > 1, base[intStart] == UInt8(ascii: "0") {
            offset = start
            throw error(.invalidJSON, "a number must not have leading zeros")
        }
        if offset < count, base[offset] == UInt8(ascii: ".") {
            offset += 1
            guard scanDigits() > 0 else { throw error(.invalidJSON, "a fraction needs digits") }
        }
        if offset < count, base[offset] == UInt8(ascii: "e") || base[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < count, base[offset] == UInt8(ascii: "+") || base[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard scanDigits() > 0 else { throw error(.invalidJSON, "an exponent needs digits") }
        }
    }

    private mutating func scanDigits() -> Int {
        let start = offset
        while offset < count, base[offset] >= UInt8(ascii: "0"), base[offset] <= UInt8(ascii: "9") {
            offset += 1
        }
        return offset - start
    }

    private mutating func scanKey() throws(JSONDecodingError) -> JSONKey {
        offset += 1
        let start = offset
        // Keys are short ASCII in every payload we read: take them in place when they have no escapes.
        do {
            while offset + 8 <= count {
                let word = UInt64(
                    littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                )
                let stops = Self.specialBytes(word) | word & 0x8080_8080_8080_8080
                if stops == 0 {
                    offset += 8
                    continue
                }
                // The lowest flagged byte is exact; the byte loop below takes it from there.
                offset += stops.trailingZeroBitCount >> 3
                break
            }
        }
        while offset < count {
            let byte = base[offset]
            if byte == UInt8(ascii: "\"") {
                let key = JSONKey(borrowing: slice(start, offset))
                offset += 1
                return key
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 || byte < 0x20 { break }
            offset += 1
        }
        offset = start
        let decoded = try scanStringBody(into: []) ?? []
        if let invalid = UTF8Validation.firstInvalidByte(in: slice(start, offset - 1)) {
            offset = start + invalid
            throw error(.invalidUTF8, "invalid UTF-8 in a key")
        }
        return JSONKey(decoded: decoded)
    }

    /// Reads the next key of the current object as a string, or returns `nil` after the closing brace.
    ///
    /// For objects whose keys are data (postback parameters), not member names.
    mutating func nextKeyString() throws(JSONDecodingError) -> String? {
        skipWhitespace()
        let start = offset
        guard try nextKey() != nil else { return nil }
        // Re-read the key, now known to be well formed, from its opening quote.
        var index = start
        if base[index] == UInt8(ascii: ",") { index += 1 }
        var probe = self
        probe.offset = index
        probe.skipWhitespace()
        return try probe.readString()
    }

    private mutating func scanString() throws(JSONDecodingError) -> String {
        offset += 1
        let start = offset
        // Fast path: no escapes. ASCII needs no validation; other bytes are validated by the standard library.
        // Eight bytes at a time while none of them ends the string, starts an escape or is a control character.
        var highBits: UInt64 = 0
        do {
            while offset + 8 <= count {
                let word = UInt64(
                    littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                )
                let stops = Self.specialBytes(word)
                if stops == 0 {
                    highBits |= word
                    offset += 8
                    continue
                }
                // Bytes below the lowest flagged one are ordinary; the byte loop takes the flagged one.
                let ordinary = stops.trailingZeroBitCount >> 3
                highBits |= word & ~(UInt64.max << (ordinary << 3))
                offset += ordinary
                break
            }
        }
        var ascii = highBits & 0x8080_8080_8080_8080 == 0
        while offset < count {
            let byte = base[offset]
            if byte == UInt8(ascii: "\"") {
                let slice = slice(start, offset)
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

    /// The high bit of each byte of `word` that is `"`, `\\` or below 0x20. The lowest flagged byte is exact;
    /// bytes above it may be flagged falsely, which only ever stops a scan early.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let quoteZero = (quote &- ones) & ~quote & highs
        let backslashZero = (backslash &- ones) & ~backslash & highs
        return control | quoteZero | backslashZero
    }

    /// Scans a string body after its opening quote, decoding escapes into `buffer` when one is given.
    @discardableResult
    private mutating func scanStringBody(into buffer: [UInt8]?) throws(JSONDecodingError) -> [UInt8]? {
        var buffer = buffer
        var runStart = offset
        while offset < count {
            // Skip eight ordinary bytes at a time; stop at the first quote, backslash or control byte.
            if offset + 8 <= count {
                let word = UInt64(
                    littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                )
                let stops = Self.specialBytes(word)
                if stops == 0 {
                    offset += 8
                    continue
                }
                offset += stops.trailingZeroBitCount >> 3
            }
            let byte = base[offset]
            switch byte {
            case UInt8(ascii: "\""):
                buffer?.append(contentsOf: slice(runStart, offset))
                offset += 1
                return buffer
            case UInt8(ascii: "\\"):
                buffer?.append(contentsOf: slice(runStart, offset))
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

    private mutating func scanEscape(into buffer: inout [UInt8]?) throws(JSONDecodingError) {
        let escapeStart = offset
        offset += 1
        guard offset < count else { throw error(.truncated, "unexpected end of input inside an escape") }
        let code = base[offset]
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
            guard offset + 1 < count, base[offset] == UInt8(ascii: "\\"), base[offset + 1] == UInt8(ascii: "u")
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

    private mutating func scanHex4(escapeStart: Int) throws(JSONDecodingError) -> UInt32 {
        guard offset + 4 <= count else { throw error(.truncated, "unexpected end of input inside an escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[offset]
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

    /// Notes a problem that does not stop decoding; the first one is kept.
    mutating func note(_ problem: NotedIssue) {
        if issue == nil { issue = problem }
    }

    /// Returns the noted problem as it was noted, if any, and forgets it.
    mutating func takeNotedIssue() -> NotedIssue? {
        defer { issue = nil }
        return issue
    }

    /// Returns the noted problem, if any, and forgets it.
    mutating func takeIssue() -> JSONDecodingError? {
        guard let noted = issue else { return nil }
        issue = nil
        return noted.error
    }

    private func invalidUTF8(in slice: UnsafeRawBufferPointer, at start: Int) -> JSONDecodingError {
        let index = UTF8Validation.firstInvalidByte(in: slice) ?? 0
        return JSONDecodingError(code: .invalidUTF8, byteOffset: start + index, reason: "invalid UTF-8 in a string")
    }

    func error(_ code: JSONDecodingError.Code, _ reason: String) -> JSONDecodingError {
        JSONDecodingError(code: code, byteOffset: offset, reason: reason)
    }

    mutating func typeMismatch(expected: String) -> JSONDecodingError {
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

extension JSONReader {
    /// Decodes one whole document: checks the size limit, runs `decode` on the top-level value, requires nothing
    /// but white space after it, and reports every failure as a ``JSONDecodingError``.
    static func decodeDocument<Value>(
        _ body: UnsafeRawBufferPointer,
        limits: JSONDecodingLimits,
        _ decode: (inout JSONReader) throws -> Value
    ) throws(JSONDecodingError) -> Value {
        guard body.count <= limits.maximumBodySize else {
            throw JSONDecodingError(
                code: .tooLarge,
                byteOffset: limits.maximumBodySize,
                reason: "body of \(body.count) bytes exceeds the limit of \(limits.maximumBodySize)"
            )
        }
        var reader = JSONReader(body, maximumDepth: limits.maximumDepth)
        do {
            let value = try decode(&reader)
            try reader.expectEnd()
            return value
        } catch let error as JSONDecodingError {
            throw error
        } catch {
            // Every decoding step throws JSONDecodingError; anything else is a bug worth naming.
            throw JSONDecodingError(
                code: .invalidJSON,
                byteOffset: reader.offset,
                reason: "unexpected \(type(of: error))"
            )
        }
    }

    /// Decodes one whole document held in any contiguous byte container.
    static func decodeDocument<Value>(
        _ body: some ContiguousBytes,
        limits: JSONDecodingLimits,
        _ decode: (inout JSONReader) throws -> Value
    ) throws(JSONDecodingError) -> Value {
        let result = body.withUnsafeBytes { buffer in
            Result { () throws(JSONDecodingError) in try decodeDocument(buffer, limits: limits, decode) }
        }
        return try result.get()
    }
}

/// A problem the decoders note without stopping: an ID that is not valid for its kind, at a member.
struct NotedIssue {
    /// Where the value starts.
    var byteOffset: Int
    /// The member that holds it.
    var member: StaticString
    /// What kind of ID it should be, such as `LINE user ID`.
    var kind: StaticString

    /// The issue as the event reports it.
    var error: JSONDecodingError {
        JSONDecodingError(
            code: .invalidIdentifier,
            byteOffset: byteOffset,
            path: "\(member)",
            reason: "not a valid \(kind)"
        )
    }
}

/// The kinds of the containers a skip has opened: a bit per level, in a word for the first 64 levels.
private struct ContainerStack {
    private var word: UInt64 = 0
    private var count = 0
    private var deeper: [Bool] = []

    @inline(__always)
    mutating func push(object: Bool) {
        if count < 64 {
            word = word << 1 | (object ? 1 : 0)
        } else {
            deeper.append(object)
        }
        count += 1
    }

    @inline(__always)
    mutating func pop() {
        count -= 1
        if count < 64 {
            word >>= 1
        } else {
            deeper.removeLast()
        }
    }

    var innermostIsObject: Bool {
        count <= 64 ? word & 1 == 1 : deeper[deeper.count - 1]
    }
}

/// Checks UTF-8 without building a string.
enum UTF8Validation {
    /// The offset of the first byte that does not begin a well-formed UTF-8 sequence, or `nil` when all do.
    static func firstInvalidByte(in bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            // ASCII eight bytes at a time.
            if index + 8 <= count, let base = bytes.baseAddress {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard let length = sequenceLength(at: index, in: bytes) else { return index }
            index += length
        }
        return nil
    }

    /// The length of the well-formed multi-byte sequence at `index` (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or `nil` when the bytes there do not form one.
    static func sequenceLength(at index: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch bytes[index] {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { return nil }
        for position in 2..<length where bytes[index + position] & 0xC0 != 0x80 { return nil }
        return length
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

/// An object key: borrowed from the input when it is plain ASCII, or decoded into inline storage.
///
/// A plain value type with no references, so passing keys around costs no reference counting. Keys are only
/// compared with the short member names the decoders know, so a decoded key longer than the inline storage can
/// never match one and keeps only its length.
struct JSONKey {
    private enum Storage {
        case borrowed(UnsafeRawBufferPointer)
        case inline(InlineKeyBytes)
        case long
    }

    private let storage: Storage

    /// A key whose bytes are in the input, unescaped ASCII.
    init(borrowing bytes: UnsafeRawBufferPointer) {
        storage = .borrowed(bytes)
    }

    /// A key decoded from escapes or non-ASCII text.
    init(decoded bytes: [UInt8]) {
        storage = InlineKeyBytes(bytes).map(Storage.inline) ?? .long
    }

    /// Whether the key is exactly `name`.
    @inline(__always)
    func equals(_ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        let expected = name.utf8Start
        switch storage {
        case .borrowed(let bytes):
            guard bytes.count == count else { return false }
            for index in 0..<count where bytes[index] != expected[index] { return false }
            return true
        case .inline(let inline):
            return inline.equals(UnsafeBufferPointer(start: expected, count: count))
        case .long:
            return false
        }
    }

    /// The key as a string, for error paths; a long decoded key is shortened.
    var string: String {
        switch storage {
        case .borrowed(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .inline(let inline): return inline.string
        case .long: return "…"
        }
    }
}

/// Up to 32 bytes held inline.
private struct InlineKeyBytes {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private let count: Int

    init?(_ bytes: [UInt8]) {
        guard bytes.count <= 32 else { return nil }
        count = bytes.count
        withUnsafeMutableBytes(of: &words) { storage in
            storage.copyBytes(from: bytes)
        }
    }

    func equals(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard other.count == count else { return false }
        return withUnsafeBytes(of: words) { storage in
            for index in 0..<count where storage[index] != other[index] { return false }
            return true
        }
    }

    var string: String {
        withUnsafeBytes(of: words) { String(decoding: $0[0..<count], as: UTF8.self) }
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
