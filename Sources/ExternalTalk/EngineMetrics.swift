import Metrics

/// The engine's counters, reported through swift-metrics to whatever backend the host bootstrapped (the server
/// uses swift-prometheus). Labels carry a source and an outcome only: never a channel secret, a token, a
/// signature, a user ID or message text.
///
/// | Counter | Dimensions | Counts |
/// |---|---|---|
/// | `externaltalk_events_received_total` | `source` | inbound events applied for the first time |
/// | `externaltalk_events_duplicate_total` | `source` | inbound events already applied (W3) |
/// | `externaltalk_requests_rejected_total` | `source`, `reason` | requests refused before storing |
/// | `externaltalk_messages_sent_total` | | outbound messages and notices sent |
/// | `externaltalk_messages_retried_total` | | attempts that will be retried |
/// | `externaltalk_messages_uncertain_total` | | messages whose outcome could not be learnt |
/// | `externaltalk_messages_failed_total` | | messages given up |
enum EngineMetrics {
    static func received(_ count: Int, source: String) {
        guard count > 0 else { return }
        Counter(label: "externaltalk_events_received_total", dimensions: [("source", source)]).increment(by: count)
    }

    static func duplicates(_ count: Int, source: String) {
        guard count > 0 else { return }
        Counter(label: "externaltalk_events_duplicate_total", dimensions: [("source", source)]).increment(by: count)
    }

    static func rejected(source: String, reason: String) {
        Counter(
            label: "externaltalk_requests_rejected_total",
            dimensions: [("source", source), ("reason", reason)]
        ).increment()
    }

    static func delivery(_ state: DeliveryCount) {
        Counter(label: "externaltalk_messages_\(state.rawValue)_total").increment()
    }

    enum DeliveryCount: String {
        case sent
        case retried
        case uncertain
        case failed
    }
}

extension WebhookOutcome {
    /// Counts this outcome in the engine's metrics.
    func counted(source: String) -> WebhookOutcome {
        switch status {
        case .accepted:
            EngineMetrics.received(applied, source: source)
            EngineMetrics.duplicates(duplicates, source: source)
        case .badSignature: EngineMetrics.rejected(source: source, reason: "signature")
        case .malformed: EngineMetrics.rejected(source: source, reason: "malformed")
        case .unknownChannel: EngineMetrics.rejected(source: source, reason: "unknown_destination")
        case .unavailable: EngineMetrics.rejected(source: source, reason: "unavailable")
        }
        return self
    }
}

extension FederationOutcome {
    /// Counts this outcome in the engine's metrics.
    func counted() -> FederationOutcome {
        switch status {
        case .accepted: EngineMetrics.received(1, source: "federation")
        case .duplicate: EngineMetrics.duplicates(1, source: "federation")
        case .refused: EngineMetrics.rejected(source: "federation", reason: "refused")
        case .denied: EngineMetrics.rejected(source: "federation", reason: "denied")
        case .unavailable: EngineMetrics.rejected(source: "federation", reason: "unavailable")
        }
        return self
    }
}
