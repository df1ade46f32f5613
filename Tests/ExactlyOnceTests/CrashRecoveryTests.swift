import ExternalTalk
import Foundation
import SQLiteStorage
import TalkModel
import TalkStorage
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kills a process applying webhooks to a SQLite file with `kill -9`, restarts, and counts (W3).
@Suite("Exactly once across a crash")
struct CrashRecoveryTests {
    static let webhooks = 600
    static let eventsPerWebhook = 3

    /// The worker executable SwiftPM built next to this test bundle.
    static let worker: URL? = {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        #if canImport(Darwin)
        directory = Bundle.main.bundleURL.deletingLastPathComponent()
        #endif
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("ExternalTalkCrashWorker")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// Starts the worker, reads its acknowledgements, and kills it with SIGKILL after `killAfter` of them (or lets
    /// it finish when `killAfter` is nil).
    static func runWorker(
        database: String,
        first: Int,
        count: Int,
        twice: Bool,
        killAfter: Int?
    ) throws -> (
        acked: [Int], killed: Bool
    ) {
        let executable = try #require(worker, "ExternalTalkCrashWorker was not built")
        let process = Process()
        process.executableURL = executable
        process.arguments = [database, String(first), String(count)] + (twice ? ["--twice"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var acked: [Int] = []
        var pending = ""
        var killed = false
        let handle = output.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline]
                pending = String(pending[pending.index(after: newline)...])
                if line.hasPrefix("ack "), let n = Int(line.dropFirst(4)) { acked.append(n) }
            }
            if let killAfter, !killed, acked.count >= killAfter {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        if killed {
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        } else {
            #expect(process.terminationStatus == 0, "the worker failed")
        }
        return (acked, killed)
    }

    /// Every stored message with its ledger entry, and the feed's message events.
    static func census(_ path: String) async throws -> (messages: [TalkMessageID: Int], ledger: Int, feed: Int) {
        let storage = try SQLiteStorage(path: path)
        return try await storage.read { storage in
            var messages: [TalkMessageID: Int] = [:]
            var cursor: Int64 = 0
            while true {
                let page = try storage.messages(in: .all, after: cursor, limit: 1000)
                for message in page { messages[message.id, default: 0] += 1 }
                guard let last = page.last else { break }
                cursor = last.sequence
            }
            var ledger = 0
            for n in 0..<webhooks {
                for k in 0..<eventsPerWebhook
                where try storage.containsLedgerEntry(LedgerKey(source: "line:1234567890", eventID: "crash-\(n)-\(k)"))
                {
                    ledger += 1
                }
            }
            var feed = 0
            var feedCursor: Int64 = 0
            while true {
                let page = try storage.feedEntries(after: feedCursor, limit: 1000)
                feed += page.filter { $0.kind.hasPrefix("message.") }.count
                guard let last = page.last else { break }
                feedCursor = last.sequence
            }
            return (messages, ledger, feed)
        }
    }

    static func messageID(webhook n: Int, event k: Int) -> TalkMessageID {
        TalkMessageID("line:1234567890:\(1_000_000 + n * eventsPerWebhook + k)")
    }

    static func temporaryDatabase() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("talk.sqlite").path)
    }

    @Test("W3: kill -9 mid-stream loses no acknowledged event and half-applies none; redelivery applies each once")
    func w3_killNineMidStreamThenRedeliverEverything() async throws {
        let (directory, path) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }

        let first = try Self.runWorker(database: path, first: 0, count: Self.webhooks, twice: false, killAfter: 150)
        #expect(first.killed)
        #expect(first.acked.count >= 150 && first.acked.count < Self.webhooks, "the kill did not land mid-stream")
        let afterCrash = try await Self.census(path)
        // Every acknowledged webhook is stored, each event once.
        for n in first.acked {
            for k in 0..<Self.eventsPerWebhook {
                #expect(afterCrash.messages[Self.messageID(webhook: n, event: k)] == 1, "webhook \(n) event \(k)")
            }
        }
        // Nothing half-applied: ledger entries, messages and feed events are the same whole webhooks.
        #expect(afterCrash.ledger == afterCrash.messages.count)
        #expect(afterCrash.feed == afterCrash.messages.count)
        #expect(afterCrash.ledger % Self.eventsPerWebhook == 0, "a webhook was applied in part")
        #expect(afterCrash.messages.values.allSatisfy { $0 == 1 })

        // LINE redelivers everything it did not see acknowledged, and more: the whole stream again.
        let second = try Self.runWorker(database: path, first: 0, count: Self.webhooks, twice: false, killAfter: nil)
        #expect(second.acked.count == Self.webhooks)
        let final = try await Self.census(path)
        #expect(final.messages.count == Self.webhooks * Self.eventsPerWebhook)
        #expect(final.messages.values.allSatisfy { $0 == 1 })
        #expect(final.ledger == Self.webhooks * Self.eventsPerWebhook)
        #expect(final.feed == Self.webhooks * Self.eventsPerWebhook)
    }

    @Test("W3: two copies of each webhook at the same moment, killed mid-stream, still apply each event once")
    func w3_concurrentCopiesAcrossACrash() async throws {
        let (directory, path) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }

        let first = try Self.runWorker(database: path, first: 0, count: 300, twice: true, killAfter: 100)
        #expect(first.killed)
        let second = try Self.runWorker(database: path, first: 0, count: 300, twice: true, killAfter: nil)
        #expect(second.acked.count == 300)
        let final = try await Self.census(path)
        #expect(final.messages.count == 300 * Self.eventsPerWebhook)
        #expect(final.messages.values.allSatisfy { $0 == 1 })
        #expect(final.feed == 300 * Self.eventsPerWebhook)
    }
}
