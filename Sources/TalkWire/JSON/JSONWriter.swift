/// Writes compact JSON text as UTF-8 bytes, members in exactly the order they are written.
///
/// The writer is the single place where TalkWire turns values into JSON, so escaping is done once and
/// correctly (RFC 8259): `"` and `\` are escaped, control characters below U+0020 use the short escapes
/// (`\n`, `\t`, ...) or `\u00XX`, and everything else, including non-BMP characters, is written as raw UTF-8.
/// Keys come out in call order, so the same input always gives the same bytes. The caller is responsible for
/// balanced `begin`/`end` calls and for writing a key before each value inside an object.
package struct JSONWriter: Sendable {
    /// The JSON written so far.
    package private(set) var bytes: [UInt8]
    private var needsComma = false
    private var afterKey = false

    /// Creates an empty writer.
    /// - Parameter capacity: Bytes to reserve up front.
    package init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    private mutating func separateValue() {
        if afterKey {
            afterKey = false
        } else if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Writes `{`.
    package mutating func beginObject() {
        separateValue()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Writes `}`.
    package mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes `[`.
    package mutating func beginArray() {
        separateValue()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Writes `]`.
    package mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member name and the `:` after it.
    /// - Parameter name: The member name.
    package mutating func key(_ name: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes a string value.
    /// - Parameter value: The string.
    package mutating func string(_ value: String) {
        separateValue()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes an integer value.
    /// - Parameter value: The integer.
    package mutating func number(_ value: Int) {
        separateValue()
        appendASCII(String(value))
        needsComma = true
    }

    /// Writes a number value from its validated literal.
    /// - Parameter value: The number.
    package mutating func number(_ value: JSONNumber) {
        separateValue()
        appendASCII(value.literal)
        needsComma = true
    }

    /// Writes `true` or `false`.
    /// - Parameter value: The Boolean.
    package mutating func bool(_ value: Bool) {
        separateValue()
        appendASCII(value ? "true" : "false")
        needsComma = true
    }

    /// Writes `null`.
    package mutating func null() {
        separateValue()
        appendASCII("null")
        needsComma = true
    }

    /// Writes a whole JSON tree, members in their stored order.
    /// - Parameter value: The tree.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let number): self.number(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for member in members {
                key(member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    /// Copies JSON text received from elsewhere, leaving out the white space between its tokens, so that a
    /// pretty-printed original still fits on one line.
    /// - Parameter json: Valid JSON text, as ``RawJSON`` guarantees.
    package mutating func compact(_ json: RawJSON) {
        separateValue()
        var inString = false
        var escaped = false
        for byte in json.bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                continue
            }
            bytes.append(byte)
        }
        needsComma = true
    }

    /// Writes `"key": "value"`.
    package mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// Writes `"key": value` for an integer.
    package mutating func field(_ name: String, _ value: Int) {
        key(name)
        number(value)
    }

    /// Writes `"key": value` for a number.
    package mutating func field(_ name: String, _ value: JSONNumber) {
        key(name)
        number(value)
    }

    /// Writes `"key": true|false`.
    package mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// Writes `"key": "value"` when `value` is not `nil`; nothing otherwise.
    package mutating func optionalField(_ name: String, _ value: String?) {
        if let value { field(name, value) }
    }

    private mutating func appendASCII(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                // Only `"`, `\` and C0 controls need escaping; UTF-8 lead and continuation bytes are >= 0x80.
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                runStart = position + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                default:
                    bytes.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    ])
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// The value as compact JSON text in UTF-8, members in their stored order.
    ///
    /// Strings are escaped per RFC 8259 and numbers keep their literal text, so parsing the output gives back an
    /// equal value.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        writer.value(self)
        return writer.bytes
    }

    /// The value as compact JSON text.
    public var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }
}
