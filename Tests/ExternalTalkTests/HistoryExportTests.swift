import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing

@Suite("History export")
struct HistoryExportTests {
    static func csv(_ export: HistoryExport, _ storage: any TalkStorage) async throws -> (rows: Int, text: String) {
        var bytes: [UInt8] = []
        let rows = try await export.write(from: storage) { bytes.append(contentsOf: $0) }
        return (rows, String(decoding: bytes, as: UTF8.self))
    }

    @Test func r34_unreadMessagesAreLeftOutUnlessTheAuditAsksForThem() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("first, read", from: user, on: engine.personal)
        _ = try await engine.service.send(.text(TextContent("answer")), to: roomID, as: .member(engine.alice))
        try await engine.service.markRead(roomID, by: engine.alice)
        try await engine.write("second, unread", from: user, on: engine.personal)

        let byRoom = try await Self.csv(
            HistoryExport(scope: .room(roomID), format: .csv(byteOrderMark: false)),
            engine.storage
        )
        #expect(byRoom.rows == 2)
        #expect(byRoom.text.contains("first, read") && byRoom.text.contains("answer"))
        #expect(!byRoom.text.contains("second, unread"))

        let byChannel = try await Self.csv(
            HistoryExport(scope: .channel(engine.personal), format: .csv(byteOrderMark: false)),
            engine.storage
        )
        #expect(byChannel.rows == 2)

        let audit = try await Self.csv(
            HistoryExport(scope: .room(roomID), format: .csv(byteOrderMark: false), includeUnread: true),
            engine.storage
        )
        #expect(audit.rows == 3)
        #expect(audit.text.contains("second, unread"))
    }

    @Test func r34_csvFollowsRFC4180WithAnOptionalByteOrderMark() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("a, \"quoted\"\nline", from: user, on: engine.personal)
        try await engine.service.markRead(roomID, by: engine.alice)

        var bytes: [UInt8] = []
        let rows = try await HistoryExport(scope: .room(roomID), format: .csv(byteOrderMark: true), pageSize: 1)
            .write(from: engine.storage) { bytes.append(contentsOf: $0) }
        #expect(rows == 1)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init) == HistoryExport.columns.joined(separator: ","))
        // The field with a comma, quotes and a line break is quoted, its quotes doubled.
        #expect(text.contains(#","a, ""quoted""\#nline","#))
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func r34_jsonLinesHoldOneObjectPerMessage() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        for text in ["one", "two", "three"] { try await engine.write(text, from: user, on: engine.personal) }
        try await engine.service.markRead(roomID, by: engine.alice)

        var bytes: [UInt8] = []
        let rows = try await HistoryExport(scope: .room(roomID), format: .jsonLines, pageSize: 2)
            .write(from: engine.storage) { bytes.append(contentsOf: $0) }
        #expect(rows == 3)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        for (line, text) in zip(lines, ["one", "two", "three"]) {
            let value = try JSONValue(parsing: String(line))
            #expect(value["text"]?.stringValue == text)
            #expect(value["direction"]?.stringValue == "inbound")
            #expect(value["room"]?.stringValue == roomID.rawValue)
        }
    }
}
