import TalkQRCode
import Testing

/// Input that cannot be encoded and renderings that are refused.
@Suite struct QRCodeErrorTests {
    @Test func r31_emptyInputIsRefused() {
        #expect(throws: QRCodeError.self) { try QRCode("") }
        #expect(Self.code { try QRCode("") } == .empty)
        #expect(Self.code { try QRCode(bytes: [UInt8]()) } == .empty)
    }

    @Test(arguments: [
        (8000, QRCode.ErrorCorrection.high),
        (1274, .high),
        (1664, .quartile),
        (2332, .medium),
        (2954, .low),
        (100_000, .low),
    ])
    func r31_dataBeyondVersion40CapacityIsTooLong(byteCount: Int, level: QRCode.ErrorCorrection) {
        let text = String(repeating: "a", count: byteCount)
        #expect(Self.code { try QRCode(text, errorCorrection: level) } == .tooLong)
        #expect(Self.code { try QRCode(bytes: Array(text.utf8), errorCorrection: level) } == .tooLong)
    }

    @Test func r31_digitsBeyondNumericCapacityAreTooLong() throws {
        #expect(try QRCode(String(repeating: "9", count: 7089), errorCorrection: .low).version == 40)
        #expect(Self.code { try QRCode(String(repeating: "9", count: 7090), errorCorrection: .low) } == .tooLong)
    }

    @Test func r31_theErrorNeverShowsTheInput() {
        let secret = "https://line.me/R/ti/g/invite-SECRETTOKEN" + String(repeating: "z", count: 3000)
        do {
            _ = try QRCode(secret, errorCorrection: .high)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooLong)
            #expect(!"\(error)".contains("SECRETTOKEN"))
            #expect(!error.message.contains("SECRETTOKEN"))
        }
    }

    @Test func r31_aSymbolsDescriptionLeavesOutItsModules() throws {
        let code = try QRCode("https://line.me/R/ti/g/invite-token", errorCorrection: .quartile)
        #expect("\(code)" == "QRCode(version: 4, size: 33, errorCorrection: quartile)")
    }

    @Test(arguments: [0, -1, 33, Int.max, Int.min])
    func r31_absurdScalesAreRefused(scale: Int) throws {
        let code = try QRCode("https://line.me/R/ti/p/@example")
        #expect(Self.code { try code.png(scale: scale) } == .invalidScale)
        #expect(Self.code { try code.svg(moduleSize: scale) } == .invalidScale)
    }

    @Test(arguments: [-1, 17, Int.max, Int.min])
    func r31_absurdQuietZonesAreRefused(quietZone: Int) throws {
        let code = try QRCode("https://line.me/R/ti/p/@example")
        #expect(Self.code { try code.png(quietZone: quietZone) } == .invalidScale)
        #expect(Self.code { try code.svg(quietZone: quietZone) } == .invalidScale)
    }

    @Test func r31_theLimitsThemselvesAreAccepted() throws {
        let code = try QRCode("https://line.me/R/ti/p/@example")
        for scale in [QRCode.supportedScales.lowerBound, QRCode.supportedScales.upperBound] {
            for quietZone in [QRCode.supportedQuietZones.lowerBound, QRCode.supportedQuietZones.upperBound] {
                #expect(try !code.png(scale: scale, quietZone: quietZone).isEmpty)
                #expect(try !code.svg(moduleSize: scale, quietZone: quietZone).isEmpty)
            }
        }
    }

    /// The error code a throwing call ends with, or `nil` when it returns or throws something else.
    private static func code(_ body: () throws -> some Any) -> QRCodeError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as QRCodeError {
            return error.code
        } catch {
            return nil
        }
    }
}
