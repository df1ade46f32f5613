// Outbound encoding at LINE's limits: one 5,000-UTF-16-unit text with 20 LINE emoji, encoded as `$`
// placeholders with UTF-16 indexes into the body of a push request.
//
// One request per iteration: throughput reads in requests per second.

import Benchmark
import TalkWire

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let smile = LineEmojiKey(productID: "5ac1bfd5040ab15980c9b435", emojiID: "001")
    let catalog = EmojiCatalog(seed: [EmojiCatalog.Entry(token: "(smile)", key: smile, isSendable: true)])
    let encoder = LineMessageEncoder(catalog: catalog)
    // 243 UTF-16 units of Japanese text, a literal `$` and a surrogate pair, then one emoji (7 units as its token):
    // 20 of these are exactly 5,000 units.
    let segment = String(repeating: "日本語のテキスト", count: 30) + "$" + "😀"
    let emoji = EmojiRun(token: "(smile)", productID: smile.productID, emojiID: smile.emojiID)
    let content = MessageContent.text(
        TextContent(runs: (0..<20).flatMap { _ in [TextRun.plain(segment), .emoji(emoji)] })
    )
    guard let messages = try? encoder.messages(for: [content]), messages.count == 1,
        (try? LineRequest.push(to: "U4af4980629d2e4a1c5b6d7e8f9a0b1c2", messages: messages)) != nil
    else {
        fatalError("the 5,000-unit text with 20 emoji must encode to one message")
    }

    Benchmark("encode LINE push: 5,000-unit text with 20 emoji") { benchmark in
        for _ in benchmark.scaledIterations {
            let messages = try encoder.messages(for: [content])
            blackHole(try LineRequest.push(to: "U4af4980629d2e4a1c5b6d7e8f9a0b1c2", messages: messages))
        }
    }
}
