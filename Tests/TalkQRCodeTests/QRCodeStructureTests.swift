import TalkQRCode
import Testing

/// The symbol itself: its version for the data's length, its function patterns, its format information and
/// the data it carries.
@Suite struct QRCodeStructureTests {
    /// Data at exactly the capacity of version 1, and one unit more, at each error correction level.
    static let versionCases: [(text: String, level: QRCode.ErrorCorrection, version: Int)] = [
        (String(repeating: "a", count: 17), .low, 1),
        (String(repeating: "a", count: 18), .low, 2),
        (String(repeating: "a", count: 14), .medium, 1),
        (String(repeating: "a", count: 15), .medium, 2),
        (String(repeating: "a", count: 11), .quartile, 1),
        (String(repeating: "a", count: 12), .quartile, 2),
        (String(repeating: "a", count: 7), .high, 1),
        (String(repeating: "a", count: 8), .high, 2),
        // Digits go in numeric mode, where version 1 holds 41 of them at low.
        (String(repeating: "7", count: 41), .low, 1),
        (String(repeating: "7", count: 42), .low, 2),
        // The largest symbol: 2,953 bytes at low, 1,273 at high.
        (String(repeating: "a", count: 2953), .low, 40),
        (String(repeating: "a", count: 1273), .high, 40),
    ]

    @Test(arguments: versionCases)
    func r31_theSymbolIsTheSmallestVersionThatHoldsTheData(
        _ example: (text: String, level: QRCode.ErrorCorrection, version: Int)
    ) throws {
        let code = try QRCode(example.text, errorCorrection: example.level)
        #expect(code.version == example.version)
        #expect(code.size == 17 + 4 * example.version)
        #expect(code.errorCorrection == example.level)
    }

    @Test func r31_aVeryShortLinkAtLowCorrectionIsTwentyOneModulesWide() throws {
        #expect(try QRCode("https://lin.ee/x", errorCorrection: .low).size == 21)
    }

    private static let finderPattern: [[Bool]] = (0..<7).map { y in
        (0..<7).map { x in
            let ring = max(abs(x - 3), abs(y - 3))
            return ring != 2
        }
    }

    private func hasFinder(_ code: QRCode, x left: Int, y top: Int) -> Bool {
        (0..<7).allSatisfy { y in (0..<7).allSatisfy { x in code[x: left + x, y: top + y] == Self.finderPattern[y][x] }
        }
    }

    @Test(arguments: [1, 2, 7, 40])
    func r31_finderPatternsSitInThreeCornersWithLightSeparators(version: Int) throws {
        let code = try Self.symbol(ofVersion: version)
        let far = code.size - 7
        #expect(hasFinder(code, x: 0, y: 0))
        #expect(hasFinder(code, x: far, y: 0))
        #expect(hasFinder(code, x: 0, y: far))
        #expect(!hasFinder(code, x: far, y: far))
        for index in 0..<8 {
            // The separators: the light row and column that part each finder from the rest of the symbol.
            #expect(!code[x: index, y: 7] && !code[x: 7, y: index])
            #expect(!code[x: code.size - 1 - index, y: 7] && !code[x: code.size - 8, y: index])
            #expect(!code[x: index, y: code.size - 8] && !code[x: 7, y: code.size - 1 - index])
        }
        // The one module the standard requires to be dark, beside the bottom-left finder.
        #expect(code[x: 8, y: code.size - 8])
    }

    @Test(arguments: [1, 2, 7, 40])
    func r31_timingPatternsAlternateBetweenTheFinders(version: Int) throws {
        let code = try Self.symbol(ofVersion: version)
        for index in 8..<code.size - 8 {
            #expect(code[x: index, y: 6] == index.isMultiple(of: 2), "row 6, column \(index)")
            #expect(code[x: 6, y: index] == index.isMultiple(of: 2), "column 6, row \(index)")
        }
    }

    @Test(arguments: QRCode.ErrorCorrection.allCases)
    func r31_formatInformationNamesTheErrorCorrectionLevelInBothCopies(level: QRCode.ErrorCorrection) throws {
        let code = try QRCode("https://line.me/R/ti/p/@example", errorCorrection: level)
        let reader = SymbolReader(code: code)
        #expect(reader.format.errorCorrection == level)
        #expect(reader.format.checksumIsValid)
        #expect(reader.formatBitsNearTopLeft == reader.formatBitsNearOtherFinders)
    }

    static let payloads: [(text: String, level: QRCode.ErrorCorrection)] = [
        ("https://line.me/R/ti/p/@abc", .low),
        ("https://lin.ee/AbC9xYz", .medium),
        ("HTTPS://LINE.ME/R/TI/P/1234567", .low),
        ("line://ti/p/@a", .quartile),
        ("招待リンク", .low),
        ("0123456789012345", .high),
    ]

    @Test(arguments: payloads)
    func r31_friendLinkQRCodeEncodesTheText(_ example: (text: String, level: QRCode.ErrorCorrection)) throws {
        let code = try QRCode(example.text, errorCorrection: example.level)
        let payload = try #require(SymbolReader(code: code).payload(), "version \(code.version)")
        #expect(String(decoding: payload, as: UTF8.self) == example.text)
    }

    @Test func r31_bytesAndTextWithNULAreEncodedWhole() throws {
        let bytes: [UInt8] = [0x00, 0xFF, 0x41, 0x00, 0x0A]
        #expect(SymbolReader(code: try QRCode(bytes: bytes, errorCorrection: .low)).payload() == bytes)
        let text = "invite\u{0}token"
        #expect(SymbolReader(code: try QRCode(text)).payload() == Array(text.utf8))
    }

    @Test func r31_equalInputAndLevelMakeEqualSymbols() throws {
        let link = "https://line.me/R/ti/p/@example"
        #expect(try QRCode(link) == QRCode(link))
        #expect(try QRCode(link) == QRCode(bytes: Array(link.utf8)))
        #expect(try QRCode(link, errorCorrection: .low) != QRCode(link, errorCorrection: .high))
    }

    @Test func r31_symbolsMadeConcurrentlyEqualThoseMadeOneAtATime() async throws {
        let links = (0..<64).map { "https://line.me/R/ti/p/@member\($0)" + String(repeating: "x", count: $0 * 7) }
        let serial = try links.map { try QRCode($0, errorCorrection: .quartile) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, QRCode).self) { group in
            for (index, link) in links.enumerated() {
                group.addTask { (index, try QRCode(link, errorCorrection: .quartile)) }
            }
            var codes: [Int: QRCode] = [:]
            for try await (index, code) in group { codes[index] = code }
            return codes
        }
        for index in links.indices { #expect(concurrent[index] == serial[index], "link \(index)") }
    }

    /// A symbol of the given version, made from lower-case letters (8-bit mode) at low correction.
    static func symbol(ofVersion version: Int) throws -> QRCode {
        let capacity: [Int: Int] = [1: 17, 2: 32, 7: 154, 40: 2953]
        let code = try QRCode(String(repeating: "q", count: capacity[version]!), errorCorrection: .low)
        try #require(code.version == version)
        return code
    }
}
