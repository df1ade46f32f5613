public enum WebhookSignaturePlaceholder: Sendable {}
