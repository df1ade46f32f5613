import Foundation
import SQLiteStorage
import TalkStorage
import TalkStorageConformance
import Testing

private struct NotSQLiteStorage: Error {}

/// The shared storage contract, every check on a fresh database file of its own.
private let conformance = StorageConformance(
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("SQLiteStorageConformance-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try SQLiteStorage(path: directory.appendingPathComponent("talk.sqlite").path)
    },
    teardown: { storage in
        guard let storage = storage as? SQLiteStorage else { throw NotSQLiteStorage() }
        try storage.close()
        try FileManager.default.removeItem(at: URL(fileURLWithPath: storage.path).deletingLastPathComponent())
    }
)

@Test(arguments: StorageConformanceCheck.all.map(\.name))
func sqliteStorageConforms(_ check: String) async throws {
    try await conformance.run(check)
}
