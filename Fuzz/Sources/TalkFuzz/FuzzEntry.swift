import TalkWire
import WebhookSignature

private let lineDecoder = LineWebhookDecoder()
private let worksDecoder = LineWorksCallbackDecoder()
private let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret("fuzz-secret"), WebhookSecret("")])

/// libFuzzer's driver, which parses the command line and calls ``fuzz(_:_:)`` with each input.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

/// The executable's entry point. SwiftPM names it after the module; it hands control to libFuzzer.
@_cdecl("TalkFuzz_main")
public func fuzzMain(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { start, count in fuzz(start, count) }
}

/// libFuzzer's entry point: every input goes through all five readers (LINE webhooks, LINE WORKS callbacks,
/// canonical content, and federation envelopes and requests, which come from other companies' servers and are
/// untrusted) and the JSON tree they share, and its first line is tried as a signature.
///
/// Nothing here may crash, hang or read out of bounds, whatever the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    if let batch = try? lineDecoder.decode(bytes) {
        for event in batch.events {
            // Exercise span arithmetic on whatever text and spans the input carries.
            if case .message(let message) = event.payload, case .text(let text) = message.content {
                for emoji in text.emojis { _ = emoji.token(in: text.text) }
                for mentionee in text.mentionees { _ = mentionee.span.range(in: text.text) }
            }
            precondition(!event.rawJSON.bytes.isEmpty, "an event always keeps its raw JSON")
        }
    }
    _ = try? worksDecoder.decode(bytes)
    if let value = try? JSONValue(parsing: bytes) {
        precondition((try? JSONValue(parsing: value.jsonBytes)) == value, "a parsed tree survives write-then-parse")
    }
    if let content = try? MessageContent(canonicalJSON: bytes) {
        precondition(
            (try? MessageContent(canonicalJSON: content.canonicalJSONBytes)) != nil,
            "written canonical content reads back"
        )
    }
    _ = try? FederationEnvelope(jsonBytes: bytes)
    if let request = try? FederationRequest(jsonBytes: bytes) {
        // A request read from version 1 has no `to` and is written as version 2 only once it has one.
        if request.to != nil {
            let reread = try? FederationRequest(jsonBytes: request.jsonBytes)
            // Content is checked as canonical content is above: it reads back, in its normal form.
            precondition(
                reread?.requestID == request.requestID && reread?.from == request.from && reread?.to == request.to
                    && reread?.room == request.room && reread?.kind.typeName == request.kind.typeName,
                "a written federation request reads back with the same members"
            )
        }
        _ = try? FederationRequest(jsonBytes: bytes, sentBy: request.senderTenant)
    }
    let newline = bytes.firstIndex(of: 0x0A) ?? min(bytes.count, 44)
    let header = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<newline]), as: UTF8.self)
    let body = UnsafeRawBufferPointer(rebasing: bytes[newline..<bytes.count])
    if case .valid(let index) = verifier.verify(body, signature: header) {
        precondition(
            header == verifier.signature(for: Array(body), secretIndex: index),
            "only the true signature verifies"
        )
    }
    _ = verifier.verify(bytes, signature: nil)
    return 0
}
