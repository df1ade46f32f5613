import PropertyBased
import Testing

@testable import TalkWire

@Suite("UTF-16 spans against Swift strings")
struct LineTextSpanTests {
    private static let pieces = ["a", "é", "あ", "😊", "👨‍👩‍👧", "e\u{301}", "(love)", "$", "{", "\u{10FFFF}", "🇯🇵"]

    @Test func oneWalkAgreesWithTheStandardLibraryOnEverySpan() async {
        let text = Gen.element(of: Self.pieces).map { $0 ?? "" }.array(of: 0...12).map { $0.joined() }
        let span = zip(Gen.int(in: -2...40), Gen.int(in: -1...12)).map { LineTextSpan(index: $0, length: $1) }
        await propertyCheck(count: 300, input: text, span.array(of: 0...6)) { text, spans in
            let fits = LineTextSpan.fitting(spans, in: text)
            for (position, span) in spans.enumerated() {
                #expect(fits[position] == (span.range(in: text) != nil), "\(span) in \(text.debugDescription)")
            }
        }
    }

    @Test func rangeMatchesTheUTF16View() {
        let text = "a😊b(love)"
        let span = LineTextSpan(index: 4, length: 6)
        let range = span.range(in: text)
        #expect(range.map { String(text[$0]) } == "(love)")
        #expect(text.utf16.distance(from: text.startIndex, to: range?.lowerBound ?? text.endIndex) == 4)
    }
}

@Suite("One span against Swift strings")
struct SingleLineTextSpanTests {
    private static let pieces = ["a", "é", "あ", "😊", "👨‍👩‍👧", "e\u{301}", "(love)", "\u{10FFFF}"]

    @Test func singleSpanCheckAgreesWithTheStandardLibrary() async {
        let text = Gen.element(of: Self.pieces).map { $0 ?? "" }.array(of: 0...10).map { $0.joined() }
        await propertyCheck(count: 400, input: text, Gen.int(in: -2...30), Gen.int(in: -1...12)) {
            text,
            index,
            length in
            let span = LineTextSpan(index: index, length: length)
            #expect(span.fits(in: text) == (span.range(in: text) != nil), "\(span) in \(text.debugDescription)")
        }
    }
}
