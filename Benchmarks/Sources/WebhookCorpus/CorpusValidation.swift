import Foundation
import WebhookSignature

extension WebhookCorpus {
    /// The `x-line-signature` value for a body under ``channelSecret``.
    public func signature(of body: Body) -> String {
        WebhookSignatureVerifier(secrets: [WebhookSecret(self.channelSecret)]).signature(for: body.bytes)
    }

    /// Checks that every body is what the corpus promises: valid JSON with the stated number
    /// of events, and every `emojis`/`mention` span cutting exactly its token out of the
    /// text when counted in UTF-16 code units.
    ///
    /// - Returns: One line per problem; empty when the corpus is sound.
    public func problems() -> [String] {
        var problems: [String] = []
        for body in self.bodies {
            guard
                let root = try? JSONSerialization.jsonObject(with: Data(body.bytes)) as? [String: Any],
                let events = root["events"] as? [[String: Any]]
            else {
                problems.append("\(body.name): not a JSON object with an events array")
                continue
            }
            if events.count != body.eventCount {
                problems.append("\(body.name): \(events.count) events, expected \(body.eventCount)")
            }
            for (position, event) in events.enumerated() {
                guard let message = event["message"] as? [String: Any], let text = message["text"] as? String,
                    message["type"] as? String == "text"
                else { continue }
                let units = Array(text.utf16)
                var spans: [(index: Int, length: Int, expectedPrefix: String)] = []
                for emoji in message["emojis"] as? [[String: Any]] ?? [] {
                    spans.append((emoji["index"] as? Int ?? -1, emoji["length"] as? Int ?? -1, "("))
                }
                let mentionees = (message["mention"] as? [String: Any])?["mentionees"] as? [[String: Any]] ?? []
                for mentionee in mentionees {
                    spans.append((mentionee["index"] as? Int ?? -1, mentionee["length"] as? Int ?? -1, "@"))
                }
                for span in spans {
                    guard span.index >= 0, span.length > 0, span.index + span.length <= units.count else {
                        problems.append("\(body.name): event \(position) has a span that does not fit its text")
                        continue
                    }
                    let cut = String(decoding: units[span.index..<span.index + span.length], as: UTF16.self)
                    if !cut.hasPrefix(span.expectedPrefix) {
                        problems.append("\(body.name): event \(position) span cuts \(cut)")
                    }
                    if span.expectedPrefix == "(" && !cut.hasSuffix(")") {
                        problems.append("\(body.name): event \(position) emoji span cuts \(cut)")
                    }
                }
            }
        }
        return problems
    }
}
