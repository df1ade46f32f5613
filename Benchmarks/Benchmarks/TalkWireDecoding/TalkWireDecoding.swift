// Verify + full decode of the four corpus bodies with ExternalTalk: the signature check of
// `WebhookSignatureVerifier`, then TalkWire's `LineWebhookDecoder` into the complete typed
// model. Also the decode step alone. Compare with the `FoundationDecoding` target, which runs
// the same bodies through swift-crypto and Foundation's `JSONDecoder` in the same run.
//
// One webhook per iteration: throughput reads in webhooks per second.

import Benchmark
import TalkWire
import WebhookCorpus
import WebhookSignature

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let corpus = WebhookCorpus()
    let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(corpus.channelSecret)])
    let decoder = LineWebhookDecoder()

    for body in corpus.bodies {
        let label = "\(body.name) (\(body.bytes.count) B)"
        let bytes = body.bytes
        let signature = corpus.signature(of: body)
        guard verifier.verify(bytes, signature: signature).isValid,
            let batch = try? decoder.decode(bytes), batch.events.count == body.eventCount
        else {
            fatalError("TalkWire cannot verify and decode \(body.name)")
        }

        Benchmark("verify+decode ExternalTalk \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                guard verifier.verify(bytes, signature: signature).isValid else {
                    fatalError("corpus signature rejected")
                }
                blackHole(try decoder.decode(bytes))
            }
        }

        Benchmark("decode TalkWire \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try decoder.decode(bytes))
            }
        }
    }
}
