import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// The inbound ledger: each event recorded once, even under concurrent redeliveries (W3).
    public static var ledger: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("W3 ledger: an event is recorded once") { h in
                let key = LedgerKey(source: "line:1650000001", eventID: "01JDUPLICATE")
                let first = try await h.storage.write { try $0.insertLedgerEntry(key, at: Fixtures.time(1)) }
                let second = try await h.storage.write { try $0.insertLedgerEntry(key, at: Fixtures.time(2)) }
                let inOneBody = try await h.storage.write { w in
                    let other = LedgerKey(source: "line:1650000001", eventID: "01JOTHER")
                    return (
                        try w.insertLedgerEntry(other, at: Fixtures.time(3)),
                        try w.insertLedgerEntry(other, at: Fixtures.time(3))
                    )
                }
                try h.expect(first, "the first insert answers true")
                try h.expect(!second, "the second insert of the same key answers false")
                try h.expect(inOneBody.0 && !inOneBody.1, "twice in one body answers true, then false")
                let seen = try await h.storage.read { r in
                    (
                        try r.containsLedgerEntry(key),
                        try r.containsLedgerEntry(LedgerKey(source: "line:1650000001", eventID: "01JNEVER"))
                    )
                }
                try h.expect(seen.0, "the recorded key is in the ledger")
                try h.expect(!seen.1, "a key never recorded is not in the ledger")
            },
            StorageConformanceCheck("W3 ledger: concurrent duplicates are recorded once") { h in
                let key = LedgerKey(source: "line:1650000001", eventID: "01JRACE")
                let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for attempt in 0..<50 {
                        group.addTask {
                            try await h.storage.write {
                                try $0.insertLedgerEntry(key, at: Fixtures.time(Int64(attempt)))
                            }
                        }
                    }
                    var answers: [Bool] = []
                    for try await answer in group { answers.append(answer) }
                    return answers
                }
                try h.expect(answers.count, equals: 50, "the number of answers")
                try h.expect(answers.filter { $0 }.count, equals: 1, "the number of concurrent inserts answering true")
                let recorded = try await h.storage.read { try $0.containsLedgerEntry(key) }
                try h.expect(recorded, "the key is in the ledger")
            },
            StorageConformanceCheck("W3 ledger: the key is the source and the event ID together") { h in
                // Keys that collide in a store that joins the two parts, folds case or trims: all distinct.
                let keys = [
                    LedgerKey(source: "line:1650000001", eventID: "01JSAME"),
                    LedgerKey(source: "line:1650000002", eventID: "01JSAME"),
                    LedgerKey(source: "works:BOT", eventID: "01JSAME"),
                    LedgerKey(source: "line:1650000001", eventID: "01Jsame"),
                    LedgerKey(source: "line:1650000001", eventID: "01JSAME "),
                    LedgerKey(source: "a/b", eventID: "c"),
                    LedgerKey(source: "a", eventID: "b/c"),
                    LedgerKey(source: "ab", eventID: "c"),
                    LedgerKey(source: "", eventID: "abc"),
                    LedgerKey(source: "federation:例え.jp", eventID: "要求-🎉"),
                ]
                let answers = try await h.storage.write { w in
                    try keys.map { try w.insertLedgerEntry($0, at: Fixtures.time(1)) }
                }
                try h.expect(answers, equals: Array(repeating: true, count: keys.count), "every distinct key is new")
                let again = try await h.storage.write { w in
                    try keys.map { try w.insertLedgerEntry($0, at: Fixtures.time(2)) }
                }
                try h.expect(again, equals: Array(repeating: false, count: keys.count), "every key is a duplicate now")
                let unrecorded = [
                    LedgerKey(source: "line:1650000003", eventID: "01JSAME"),
                    LedgerKey(source: "a", eventID: "bc"),
                    LedgerKey(source: "LINE:1650000001", eventID: "01JSAME"),
                ]
                let seen = try await h.storage.read { r in try unrecorded.map { try r.containsLedgerEntry($0) } }
                try h.expect(seen, equals: [false, false, false], "keys sharing only one part are not in the ledger")
            },
        ]
    }
}
