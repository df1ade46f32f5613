import ArgumentParser
import TalkWire
import WebhookSignature

/// `external-talk bench`: measures verification and decoding throughput on the caller's own bodies.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure single-threaded verify and verify + decode throughput for webhook bodies.",
        discussion: """
            For each file, prints one JSON line: {"file", "bytes", "events", "verifyPerSecond",
            "verifyDecodePerSecond"}. Use a release build (swift run -c release) for figures that mean anything.
            """
    )

    @OptionGroup var secret: SecretSourceOptions

    @Option(help: "Seconds to spend on each measurement.")
    var seconds: Double = 1

    @OptionGroup var dialect: DialectOptions

    @Argument(help: "Webhook bodies to measure.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one file.") }
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600.") }
        guard secret.count == 1 else {
            throw ValidationError("Give exactly one --secret, --secret-file or --secret-env to sign and verify with.")
        }
    }

    func run() throws {
        let verifier = WebhookSignatureVerifier(secrets: try secret.resolve())
        let duration = Duration.milliseconds(Int64(seconds * 1_000))
        for file in files {
            let body: [UInt8]
            do {
                body = try RawInput.read(path: file)
            } catch {
                printError("cannot read \(file): \(error)")
                throw ExitStatus.unreadableInput
            }
            // The signature is computed here and only ever compared, never printed.
            let signature = verifier.signature(for: body)
            let events: Int
            do {
                events = dialect.works ? 1 : try LineWebhookDecoder().decode(body).events.count
                if dialect.works { _ = try LineWorksCallbackDecoder().decode(body) }
            } catch {
                printError("malformed body in \(file): \(error)")
                throw ExitStatus.malformedBody
            }

            let verifyRate = Self.measure(for: duration) {
                verifier.verify(body, signature: signature).isValid
            }
            let works = dialect.works
            let decodeRate = Self.measure(for: duration) {
                guard verifier.verify(body, signature: signature).isValid else { return false }
                if works { return (try? LineWorksCallbackDecoder().decode(body)) != nil }
                return (try? LineWebhookDecoder().decode(body)) != nil
            }

            var json = JSONWriter()
            json.beginObject()
            json.key("file")
            json.string(file)
            json.key("bytes")
            json.number(body.count)
            json.key("events")
            json.number(events)
            json.key("verifyPerSecond")
            json.number(Int(verifyRate.rounded()))
            json.key("verifyDecodePerSecond")
            json.number(Int(decodeRate.rounded()))
            json.endObject()
            printLine(json.bytes)
        }
    }

    /// Runs `operation` in batches until `duration` has passed and returns operations per second.
    ///
    /// Every result is checked, so the work cannot be optimized away and a failing body is not measured as fast.
    private static func measure(for duration: Duration, _ operation: () -> Bool) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + duration
        var count = 0
        var failures = 0
        var batch = 16
        while clock.now < deadline {
            for _ in 0..<batch where !operation() { failures += 1 }
            count += batch
            batch = min(batch * 2, 4_096)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return failures == 0 ? Double(count) / seconds : 0
    }
}
