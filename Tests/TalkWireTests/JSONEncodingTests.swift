import PropertyBased
import TalkWire
import Testing

@Suite struct JSONEncodingTests {
    @Test func writerEscapesPerRFC8259AndWritesOtherCharactersAsRawUTF8() {
        let value = JSONValue.string("\"\\/\n\r\t\u{8}\u{C}\u{0}\u{1F}\u{7F}é😀\u{2028}")
        #expect(value.jsonText == #""\"\\/\n\r\t\b\f\u0000\u001f"# + "\u{7F}é😀\u{2028}\"")
    }

    @Test func writerKeepsMemberOrderAndNumberLiterals() throws {
        let json = #"{"z":1.50,"a":[true,false,null,-0,1e-7,12345678901234567890],"m":{}}"#
        let value = try JSONValue(parsing: json)
        #expect(value.jsonText == json)
        #expect(value["z"]?.numberValue?.literal == "1.50")
        // Too large for Int64, still readable as the nearest Double, and written back digit for digit.
        #expect(value["a"]?.arrayValue?.last?.numberValue?.int64Value == nil)
        #expect(value["a"]?.arrayValue?.last?.numberValue?.doubleValue == 1.2345678901234567e19)
    }

    @Test func surrogatePairEscapesDecodeToOneScalar() throws {
        // LINE escapes non-BMP characters this way.
        #expect(try JSONValue(parsing: #""\uD83E\uDD28 \u00e9""#) == .string("🤨 é"))
    }

    @Test(arguments: [
        (#""\uD83E""#, JSONDecodingError.Code.invalidUTF8, 1),
        (#""\uDD28x""#, .invalidUTF8, 1),
        (#""\uD83E\u0041""#, .invalidUTF8, 1),
        (#""\x""#, .invalidJSON, 1),
        ("\"a\u{1}\"", .invalidJSON, 2),
        ("01", .invalidJSON, 0),
        ("1.", .invalidJSON, 2),
        ("-", .invalidJSON, 1),
        ("+1", .invalidJSON, 0),
        (".5", .invalidJSON, 0),
        ("[1,]", .invalidJSON, 3),
        (#"{"a" 1}"#, .invalidJSON, 5),
        ("[1 2]", .invalidJSON, 3),
        ("tru", .truncated, 0),
        ("nul!", .invalidJSON, 0),
        ("", .truncated, 0),
        ("{} x", .invalidJSON, 3),
        (#"{"a":1"#, .truncated, 6),
    ])
    func parserRejectsInvalidJSONWithCodeAndOffset(json: String, code: JSONDecodingError.Code, offset: Int) {
        do {
            _ = try JSONValue(parsing: json)
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.byteOffset == offset)
        }
    }

    @Test(
        arguments: [
            [0x22, 0xC3, 0x28, 0x22],  // bad continuation byte
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xE3, 0x81, 0x22],  // truncated sequence
            [0x22, 0xFF, 0x22],
        ] as [[UInt8]]
    )
    func invalidUTF8IsAnErrorAtItsOffset(bytes: [UInt8]) {
        do {
            _ = try JSONValue(parsing: bytes)
            Issue.record("expected invalidUTF8")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.byteOffset == 1)
        }
    }

    @Test func millionNestedArraysAreATypedErrorNotAStackOverflow() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        do {
            _ = try JSONValue(parsing: bytes)
            Issue.record("expected tooDeep")
        } catch {
            #expect(error.code == .tooDeep)
            #expect(error.byteOffset == JSONValue.defaultMaximumDepth)
        }
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSONValue.defaultMaximumDepth
        let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try JSONValue(parsing: json).jsonText == json)
    }

    @Test func duplicateKeysAreKeptAndTheLastWinsOnLookupAsInEveryReader() throws {
        let value = try JSONValue(parsing: #"{"a":1,"a":2}"#)
        #expect(value.objectValue?.count == 2)
        #expect(value["a"] == .number(JSONNumber(2)))
        #expect(value.jsonText == #"{"a":1,"a":2}"#)
    }

    @Test func numberLiteralsAreValidated() {
        #expect(JSONNumber(literal: "-12.5e+3") != nil)
        for invalid in ["", "01", "1.", ".1", "+1", "1e", "NaN", "Infinity", "0x10", "1 "] {
            #expect(JSONNumber(literal: invalid) == nil, "\(invalid)")
        }
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(0.1)?.literal == "0.1")
    }

    @Test func randomValuesSurviveWriteThenParse() async {
        await propertyCheck(count: 200, input: Generator { rng in Self.randomValue(depth: 0, using: &rng) }) { value in
            let bytes = value.jsonBytes
            #expect(String(validating: bytes, as: UTF8.self) != nil)
            #expect((try? JSONValue(parsing: bytes)) == value)
        }
    }

    private static func randomString(using rng: inout some RandomNumberGenerator) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            if Bool.random(using: &rng) {
                text += Fixture.fragments.randomElement(using: &rng) ?? ""
            } else {
                let value =
                    Bool.random(using: &rng)
                    ? UInt32.random(in: 0...0xD7FF, using: &rng) : UInt32.random(in: 0xE000...0x10FFFF, using: &rng)
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
        }
        return text
    }

    private static func randomValue(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            let number =
                Bool.random(using: &rng)
                ? JSONNumber(Int.random(in: Int.min...Int.max, using: &rng))
                : JSONNumber(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))) ?? JSONNumber(0)
            return .number(number)
        case 3: return .string(randomString(using: &rng))
        case 4:
            return .array(
                (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) }
            )
        default:
            return .object(
                (0..<Int.random(in: 0...4, using: &rng)).map { _ in
                    JSONValue.Member(randomString(using: &rng), randomValue(depth: depth + 1, using: &rng))
                }
            )
        }
    }
}
