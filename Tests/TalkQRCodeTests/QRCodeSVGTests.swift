import Foundation
import TalkQRCode
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// SVG renderings, parsed as XML and their path read back into modules.
@Suite struct QRCodeSVGTests {
    private final class Elements: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String]
        ) {
            elements.append((elementName, attributes))
        }
    }

    private static func parse(_ svg: String) throws -> [(name: String, attributes: [String: String])] {
        let parser = XMLParser(data: Data(svg.utf8))
        let delegate = Elements()
        parser.delegate = delegate
        let parsed = parser.parse()
        try #require(parsed, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "-")")
        return delegate.elements
    }

    /// The modules a path of `M x y h n v1 h -n z` squares and runs covers, each counted once per square.
    private static func modules(inPath path: String) throws -> [Position] {
        var modules: [Position] = []
        for command in path.split(separator: "M") {
            let numbers = command.split(whereSeparator: { !"0123456789-".contains($0) }).compactMap { Int($0) }
            try #require(numbers.count == 5, "unexpected path command M\(command)")
            try #require(command.hasSuffix("z") && numbers[3] == 1 && numbers[4] == -numbers[2])
            for offset in 0..<numbers[2] { modules.append(Position(x: numbers[0] + offset, y: numbers[1])) }
        }
        return modules
    }

    private struct Position: Hashable {
        var x: Int
        var y: Int
    }

    @Test(arguments: [(8, 4), (1, 0), (3, 16), (32, 2)])
    func r31_svgIsWellFormedSizedAndDrawsExactlyTheDarkModules(moduleSize: Int, quietZone: Int) throws {
        let code = try QRCode("https://line.me/R/ti/p/@example")
        let svg = try code.svg(moduleSize: moduleSize, quietZone: quietZone)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        let elements = try Self.parse(svg)
        #expect(elements.map(\.name) == ["svg", "rect", "path"])
        let side = code.size + 2 * quietZone

        let root = elements[0].attributes
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root["width"] == "\(side * moduleSize)")
        #expect(root["height"] == "\(side * moduleSize)")
        #expect(root["viewBox"] == "0 0 \(side) \(side)")
        #expect(elements[1].attributes == ["width": "\(side)", "height": "\(side)", "fill": "#ffffff"])

        let path = elements[2].attributes
        #expect(path["fill"] == "#000000")
        #expect(path["shape-rendering"] == "crispEdges")
        let drawn = try Self.modules(inPath: try #require(path["d"]))
        var dark: Set<Position> = []
        for y in 0..<code.size {
            for x in 0..<code.size where code[x: x, y: y] { dark.insert(Position(x: x + quietZone, y: y + quietZone)) }
        }
        #expect(drawn.count == dark.count, "one square per dark module, none drawn twice")
        #expect(Set(drawn) == dark)
    }

    @Test func r31_svgColoursAreWrittenAsHexAndTheBackgroundCanBeLeftOut() throws {
        let code = try QRCode("https://lin.ee/AbC9xYz")
        let lineGreen = QRCode.Color(red: 0x06, green: 0xC7, blue: 0x55)
        let transparent = try Self.parse(try code.svg(darkColor: lineGreen, lightColor: nil))
        #expect(transparent.map(\.name) == ["svg", "path"])
        #expect(transparent.last?.attributes["fill"] == "#06c755")

        let onTint = try Self.parse(
            try code.svg(darkColor: .white, lightColor: QRCode.Color(red: 1, green: 0xAB, blue: 0xF0))
        )
        #expect(onTint[1].attributes["fill"] == "#01abf0")
        #expect(onTint[2].attributes["fill"] == "#ffffff")
    }
}
