import Foundation
import Testing

@Suite("external-talk parse over the official LINE SDKs' fixtures")
struct OfficialFixtureCLITests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func files(_ folder: String) -> [String] {
        let path = directory.appendingPathComponent(folder).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.hasSuffix(".json") }
            .sorted()
            .map { "\(path)/\($0)" }
    }

    @Test func fixturesArePresent() {
        #expect(Self.files("LineSDK").count >= 50)
    }

    @Test func w4_everyFixtureParsesToOneLinePerEvent() throws {
        for file in Self.files("LineSDK") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            let object = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
            let events = try #require(object["events"] as? [[String: Any]])

            let result = try CLI.run(["parse", file])
            #expect(result.status == 0, "\(file): \(result.stderr)")
            let lines = try result.jsonLines()
            #expect(lines.count == events.count, "\(file)")
            for (line, event) in zip(lines, events) {
                #expect(line["type"] as? String == (event["type"] as? String ?? ""), "\(file)")
                for key in ["known", "webhookEventId", "timestamp", "mode", "redelivery", "source"] {
                    #expect(line.keys.contains(key), "\(file): no \(key)")
                }
                if line["known"] as? Bool == false {
                    let raw = try #require(line["raw"] as? NSDictionary, "\(file)")
                    #expect(raw == event as NSDictionary, "\(file)")
                }
            }
        }
    }

    @Test func theInvalidFixtureIsRejectedWith65() throws {
        for file in Self.files("LineSDKInvalid") {
            let result = try CLI.run(["parse", file])
            #expect(result.status == 65)
            #expect(result.stdout.isEmpty)
        }
    }
}
