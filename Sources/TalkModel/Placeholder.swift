public enum TalkModelPlaceholder: Sendable {}
