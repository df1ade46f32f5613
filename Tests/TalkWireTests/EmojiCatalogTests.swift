import TalkWire
import Testing

@Suite struct EmojiCatalogTests {
    private let key1 = LineEmojiKey(productID: Fixture.productA, emojiID: "001")
    private let key2 = LineEmojiKey(productID: Fixture.productA, emojiID: "002")

    @Test func r14_seededFromJSON() throws {
        let seed = """
            {"emoji":[{"token":"(smile)","productId":"\(Fixture.productA)","emojiId":"001","sendable":true},
                      {"token":"(love)","productId":"\(Fixture.productA)","emojiId":"002","note":"ignored"}]}
            """
        let catalog = try EmojiCatalog(seedJSON: Array(seed.utf8))
        #expect(catalog.count == 2)
        #expect(catalog.entry(forToken: "(smile)") == EmojiCatalog.Entry(token: "(smile)", key: key1, isSendable: true))
        #expect(catalog.isSendable(key1))
        #expect(!catalog.isSendable(key2))
        #expect(catalog.token(for: key2) == "(love)")
    }

    @Test(arguments: [
        (#"{"emoji":[{"token":"smile","productId":"p","emojiId":"1"}]}"#, "emoji[0].token"),
        (
            #"{"emoji":[{"token":"(a)","productId":"p","emojiId":"1"},{"token":"(a)","productId":"p","emojiId":"2"}]}"#,
            "emoji[1].token"
        ),
        (#"{"emoji":[{"token":"(a)","productId":"","emojiId":"1"}]}"#, "emoji[0].productId"),
        (#"{"emoji":[{"token":"(a)","productId":"p","emojiId":"1","sendable":"yes"}]}"#, "emoji[0].sendable"),
        (#"{"emoji":[{"token":"(emoji:abc:001)","productId":"abc","emojiId":"001"}]}"#, "emoji[0].token"),
        (#"{"emojis":[]}"#, "emoji"),
    ])
    func invalidSeedIsATypedErrorNamingTheEntry(json: String, path: String) {
        let catalog = EmojiCatalog()
        do {
            try catalog.seed(fromJSON: Array(json.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.path == path)
        }
        #expect(catalog.count == 0)
    }

    @Test func exportedJSONSeedsAnEqualCatalog() throws {
        let catalog = Fixture.catalog()
        catalog.learn(token: "(wave)", key: LineEmojiKey(productID: "x", emojiID: "9"))
        let copy = try EmojiCatalog(seedJSON: catalog.jsonBytes())
        #expect(copy.entries() == catalog.entries())
    }

    @Test func learnReportsWhatItDid() {
        let catalog = EmojiCatalog()
        #expect(catalog.learn(token: "(smile)", key: key1) == .learned)
        #expect(catalog.learn(token: "(smile)", key: key1) == .known)
        #expect(catalog.learn(token: "(smile)", key: key2) == .conflict(existing: key1))
        #expect(catalog.learn(token: "smile", key: key2) == .notAToken)
        #expect(catalog.learn(token: "(emoji:\(Fixture.productA):002)", key: key2) == .notAToken)
    }

    @Test func r14_learnedEmojiAreNotSendableUntilSeeded() {
        let catalog = EmojiCatalog()
        catalog.learn(token: "(smile)", key: key1)
        #expect(!catalog.isSendable(key1))
        catalog.seed([EmojiCatalog.Entry(token: "(smile)", key: key1, isSendable: true)])
        #expect(catalog.isSendable(key1))
    }

    @Test func boundedByEvictingTheLeastRecentlyUsedLearnedTokens() {
        let catalog = EmojiCatalog(capacity: 10)
        catalog.seed([EmojiCatalog.Entry(token: "(pinned)", key: key1, isSendable: true)])
        func learn(_ index: Int) {
            catalog.learn(token: "(t\(index))", key: LineEmojiKey(productID: "p", emojiID: "\(index)"))
        }
        // `entries()` does not count as a use, so reading the state leaves the order of use alone.
        func tokens() -> Set<String> { Set(catalog.entries().map(\.token)) }
        func learned(_ indices: some Sequence<Int>) -> Set<String> { Set(indices.map { "(t\($0))" }) }

        for index in 0..<10 { learn(index) }
        #expect(tokens() == learned(0..<10).union(["(pinned)"]))
        // Touch t0 so it is recently used; t1 and t2 are now the oldest.
        #expect(catalog.entry(forToken: "(t0)") != nil)
        // The eleventh learned token goes past the capacity: the least recently used tenth (capacity 10 keeps
        // 9) goes, here t1 and t2.
        learn(10)
        #expect(tokens() == learned([0] + Array(3...10)).union(["(pinned)"]))
        for index in 11..<1000 {
            learn(index)
            #expect(catalog.entry(forToken: "(t0)") != nil)
        }
        // Kept: the seed, t0 (used after every learn) and the most recently learned; nothing else.
        #expect(tokens() == learned([0] + Array(991...999)).union(["(pinned)"]))
        #expect(catalog.isSendable(key1))
        #expect(catalog.token(for: LineEmojiKey(productID: "p", emojiID: "990")) == nil)
        #expect(catalog.token(for: LineEmojiKey(productID: "p", emojiID: "999")) == "(t999)")
    }

    @Test func safeToShareAcrossTasks() async {
        let catalog = EmojiCatalog(capacity: 100_000)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<500 {
                        let key = LineEmojiKey(productID: "p\(task)", emojiID: "\(index)")
                        catalog.learn(token: "(t\(task)-\(index))", key: key)
                        _ = catalog.entry(forToken: "(t\((task + 1) % 8)-\(index))")
                        _ = catalog.isSendable(key)
                    }
                }
            }
        }
        #expect(catalog.count == 4000)
        #expect(catalog.entry(forToken: "(t7-499)")?.key == LineEmojiKey(productID: "p7", emojiID: "499"))
    }
}
