// The baseline for verify + decode: swift-crypto's one-shot HMAC with Foundation Base64,
// then Foundation's `JSONDecoder` into `Codable` structs that cover every LINE event and
// message type (module `FoundationWebhookModel`). Also the decode step alone.
//
// One webhook per iteration: throughput reads in webhooks per second.

import Benchmark
import Crypto
import Foundation
import FoundationWebhookModel
import WebhookCorpus

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let corpus = WebhookCorpus()
    let key = SymmetricKey(data: Array(corpus.channelSecret.utf8))

    for body in corpus.bodies {
        let label = "\(body.name) (\(body.bytes.count) B)"
        let data = Data(body.bytes)
        let signature = corpus.signature(of: body)
        let decoder = JSONDecoder()
        guard let decoded = try? decoder.decode(CallbackRequest.self, from: data), decoded.eventCount == body.eventCount
        else {
            fatalError("the Codable baseline cannot decode \(body.name)")
        }

        Benchmark("verify+decode swift-crypto + JSONDecoder \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                guard let mac = Data(base64Encoded: signature),
                    HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: data, using: key)
                else {
                    fatalError("corpus signature rejected")
                }
                blackHole(try decoder.decode(CallbackRequest.self, from: data))
            }
        }

        Benchmark("decode JSONDecoder \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try decoder.decode(CallbackRequest.self, from: data))
            }
        }
    }
}
