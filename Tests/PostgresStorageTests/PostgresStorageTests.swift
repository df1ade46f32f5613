import Foundation
import Logging
import PostgresNIO
import PostgresStorage
import TalkModel
import TalkStorage
import TalkStorageConformance
import Testing

/// The server these tests use: `EXTERNAL_TALK_TEST_POSTGRES_URL`, which `scripts/with-postgres.sh` sets for a
/// throwaway server. Without it the tests fail, saying so: they never pass by skipping.
enum TestDatabase {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "EXTERNAL_TALK_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh"
        }
    }

    static func configuration(schema: String) throws -> PostgresStorage.Configuration {
        guard let url = ProcessInfo.processInfo.environment["EXTERNAL_TALK_TEST_POSTGRES_URL"] else { throw Missing() }
        var configuration = try PostgresStorage.Configuration(url: url)
        configuration.schema = schema
        return configuration
    }

    static func freshSchema() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// Drops a test's schema with a connection of its own.
    static func drop(_ schema: String) async throws {
        let configuration = try configuration(schema: schema)
        let logger = Logger(label: "PostgresStorageTests")
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host,
                port: configuration.port,
                username: configuration.username,
                password: configuration.password,
                database: configuration.database,
                tls: .disable
            ),
            id: 0,
            logger: logger
        )
        try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: logger)
        try await connection.close()
    }
}

private struct NotPostgresStorage: Error {}

/// The shared storage contract, every check in a fresh schema of its own.
private let conformance = StorageConformance(
    { try await PostgresStorage.connect(try TestDatabase.configuration(schema: TestDatabase.freshSchema())) },
    teardown: { storage in
        guard let storage = storage as? PostgresStorage else { throw NotPostgresStorage() }
        await storage.close()
        try await TestDatabase.drop(storage.schema)
    }
)

@Test(arguments: StorageConformanceCheck.all.map(\.name))
func postgresStorageConforms(_ check: String) async throws {
    try await conformance.run(check)
}

@Suite("PostgresStorage across instances")
struct PostgresInstancesTests {
    /// W3 across instances: two storages on one schema (two servers on one database) race to record the same
    /// events; each key is recorded exactly once, and the loser of each race sees `false`.
    @Test("W3: the same ledger keys raced from two instances are recorded once each")
    func ledgerRaceAcrossInstances() async throws {
        let schema = TestDatabase.freshSchema()
        let first = try await PostgresStorage.connect(try TestDatabase.configuration(schema: schema))
        let second = try await PostgresStorage.connect(try TestDatabase.configuration(schema: schema))
        let keys = (0..<200).map { LedgerKey(source: "line:2000000001", eventID: "event-\($0)") }
        let time = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
        let wins = try await withThrowingTaskGroup(of: Int.self) { group in
            for storage in [first, second] {
                for chunk in stride(from: 0, to: keys.count, by: 20) {
                    let batch = Array(keys[chunk..<chunk + 20])
                    group.addTask {
                        try await storage.write { writer in
                            var won = 0
                            for key in batch where try writer.insertLedgerEntry(key, at: time) {
                                _ = try writer.appendFeedEntry(
                                    NewFeedEntry(kind: "test", room: nil, recordedAt: time, payload: [])
                                )
                                won += 1
                            }
                            return won
                        }
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(wins == keys.count)
        let (present, lastFeed) = try await second.read { reader in
            (try keys.filter { try reader.containsLedgerEntry($0) }.count, try reader.lastFeedSequence())
        }
        #expect(present == keys.count)
        // Gap-free and once per win: the feed's sequence numbers were taken under the shared write lock.
        #expect(lastFeed == Int64(keys.count))
        await first.close()
        await second.close()
        try await TestDatabase.drop(schema)
    }

    @Test("Data survives a reconnect, and the migrations run once")
    func reconnectKeepsData() async throws {
        let schema = TestDatabase.freshSchema()
        let storage = try await PostgresStorage.connect(try TestDatabase.configuration(schema: schema))
        let key = LedgerKey(source: "line:2000000001", eventID: "kept")
        let time = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
        #expect(try await storage.write { try $0.insertLedgerEntry(key, at: time) })
        await storage.close()
        await #expect(throws: TalkStorageError.self) { try await storage.read { try $0.lastFeedSequence() } }

        let reopened = try await PostgresStorage.connect(try TestDatabase.configuration(schema: schema))
        #expect(try await reopened.read { try $0.containsLedgerEntry(key) })
        #expect(try await reopened.write { try $0.insertLedgerEntry(key, at: time) } == false)
        await reopened.close()
        try await TestDatabase.drop(schema)
    }

    @Test("A URL is read without leaking its password into errors or descriptions")
    func urlParsing() throws {
        let configuration = try PostgresStorage.Configuration(
            url: "postgres://talk:s3cret@127.0.0.1:5439/talk?schema=tenant_a"
        )
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 5439)
        #expect(configuration.username == "talk")
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == "talk")
        #expect(configuration.schema == "tenant_a")
        #expect(!configuration.description.contains("s3cret"))
        for bad in [
            "http://talk@127.0.0.1/talk", "postgres://127.0.0.1/talk", "postgres://talk@127.0.0.1/",
            "postgres://talk:s3cret@127.0.0.1/talk?schema=Robert;DROP",
        ] {
            let error = #expect(throws: TalkStorageError.self) { try PostgresStorage.Configuration(url: bad) }
            #expect(error?.code == .invalidArgument)
            #expect(!"\(String(describing: error))".contains("s3cret"))
        }
    }

    @Test("An unreachable server is a clear unavailable error")
    func unreachableServer() async throws {
        var configuration = try TestDatabase.configuration(schema: "public")
        configuration.port = 1
        let error = await #expect(throws: TalkStorageError.self) { try await PostgresStorage.connect(configuration) }
        #expect(error?.code == .unavailable)
    }
}
