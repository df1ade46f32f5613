import Foundation
import Testing

@Suite("external-talk bench")
struct BenchCommandTests {
    @Test func printsOneMeasurementLinePerFile() throws {
        let single = try CLI.temporaryFile(
            Array(#"{"destination":"U1","events":[{"type":"unfollow","timestamp":1}]}"#.utf8)
        )
        let empty = try CLI.temporaryFile(Array(#"{"destination":"U1","events":[]}"#.utf8), name: "empty.json")
        let result = try CLI.run(["bench", "--secret", "bench-secret", "--seconds", "0.05", single, empty])
        #expect(result.status == 0)
        let lines = try result.jsonLines()
        #expect(lines.count == 2)
        #expect(lines[0]["file"] as? String == single)
        #expect(lines[0]["bytes"] as? Int == 65)
        #expect(lines[0]["events"] as? Int == 1)
        #expect(lines[1]["events"] as? Int == 0)
        for line in lines {
            #expect((line["verifyPerSecond"] as? Double ?? 0) > 0)
            #expect((line["verifyDecodePerSecond"] as? Double ?? 0) > 0)
        }
        #expect(!(result.stdout + result.stderr).contains("bench-secret"))
    }

    @Test func malformedFileExits65() throws {
        let file = try CLI.temporaryFile(Array("{".utf8))
        let result = try CLI.run(["bench", "--secret", "s", "--seconds", "0.01", file])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
    }

    @Test func usageErrorsExit64() throws {
        #expect(try CLI.run(["bench", "--secret", "s"]).status == 64)
        #expect(try CLI.run(["bench", "--secret", "s", "--seconds", "0", "x"]).status == 64)
    }
}
