import ArgumentParser
import ExternalTalk
import Foundation
import PostgresStorage
import SQLiteStorage
import TalkModel
import TalkStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)` from whichever C library this platform has.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export talk history from an ExternalTalk store (SQLite or PostgreSQL), per room or per channel (R34).",
        discussion: """
            Unread messages are left out unless --include-unread is given (for audits: every stored message, \
            inbound and outbound, one row each). CSV follows RFC 4180 (UTF-8, CRLF, a header row); --bom adds the \
            byte order mark spreadsheet apps need. JSON Lines writes one object per message. Rows are streamed: \
            memory stays flat however long the history.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv
        case jsonl
    }

    @Option(name: .long, help: "The SQLite file written by an ExternalTalk service (or `external-talk demo --db`).")
    var db: String?

    @Option(name: .long, help: "A PostgreSQL URL, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME].")
    var postgres: String?

    @Option(name: .long, help: "Export one room, by its ID.")
    var room: String?

    @Option(name: .long, help: "Export every room of one LINE channel, by its channel ID.")
    var channel: String?

    @Option(name: .long, help: "csv or jsonl.")
    var format: Format

    @Flag(name: .long, help: "Start CSV output with a UTF-8 byte order mark.")
    var bom = false

    @Flag(name: .long, help: "Include unread messages too (audits).")
    var includeUnread = false

    @Option(name: .long, help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        guard (db == nil) != (postgres == nil) else {
            throw ValidationError("give exactly one of --db FILE or --postgres URL")
        }
        guard (room == nil) != (channel == nil) else {
            throw ValidationError("give exactly one of --room ID or --channel ID")
        }
        if bom, format != .csv { throw ValidationError("--bom applies to --format csv only") }
    }

    func run() async throws {
        let scope: MessageScope
        if let channel {
            do {
                scope = .channel(try LineChannelID(channel))
            } catch {
                throw ValidationError("--channel: \(error)")
            }
        } else {
            scope = .room(TalkRoomID(room ?? ""))
        }
        let storage: any TalkStorage
        var postgresStorage: PostgresStorage?
        if let db {
            guard FileManager.default.fileExists(atPath: db) else {
                printError("cannot open \(db): no such file")
                throw ExitStatus.unreadableInput
            }
            do {
                storage = try SQLiteStorage(path: db)
            } catch {
                printError("cannot open \(db): \(error)")
                throw ExitStatus.unreadableInput
            }
        } else {
            let configuration: PostgresStorage.Configuration
            do {
                configuration = try PostgresStorage.Configuration(url: postgres ?? "")
            } catch {
                printError("--postgres: \(error)")
                throw ExitStatus.usage
            }
            do {
                let opened = try await PostgresStorage.connect(configuration)
                postgresStorage = opened
                storage = opened
            } catch {
                printError("cannot use \(configuration): \(error)")
                throw ExitStatus.unreadableInput
            }
        }
        let descriptor: Int32
        if let output {
            descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else {
                printError("cannot write \(output): \(String(cString: strerror(errno)))")
                throw ExitStatus.unreadableInput
            }
        } else {
            descriptor = STDOUT_FILENO
        }
        defer { if output != nil { close(descriptor) } }
        let export = HistoryExport(
            scope: scope,
            format: format == .csv ? .csv(byteOrderMark: bom) : .jsonLines,
            includeUnread: includeUnread
        )
        let rows: Int
        do {
            rows = try await export.write(from: storage) { bytes in try Self.write(bytes, to: descriptor) }
        } catch {
            await postgresStorage?.close()
            throw error
        }
        await postgresStorage?.close()
        if output != nil { printError("exported \(rows) messages to \(output ?? "")") }
    }

    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw WriteError(description: String(cString: strerror(errno))) }
                offset += written
            }
        }
    }
}
