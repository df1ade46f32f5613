import TalkModel

// Test fixtures write LINE IDs as literals. The SDK itself has no literal conformance, so that an ID in
// production code is always parsed and its failure handled; here a malformed literal is a broken fixture.

extension LineUserID: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = fixtureID(value) { (text) throws(IdentifierError) in try LineUserID(text) }
    }
}

extension LineGroupID: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = fixtureID(value) { (text) throws(IdentifierError) in try LineGroupID(text) }
    }
}

extension LineRoomID: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = fixtureID(value) { (text) throws(IdentifierError) in try LineRoomID(text) }
    }
}

extension LineMessageID: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = fixtureID(value) { (text) throws(IdentifierError) in try LineMessageID(text) }
    }
}

extension LineWebhookEventID: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = fixtureID(value) { (text) throws(IdentifierError) in try LineWebhookEventID(text) }
    }
}

private func fixtureID<ID>(_ text: String, _ parse: (String) throws(IdentifierError) -> ID) -> ID {
    do {
        return try parse(text)
    } catch {
        preconditionFailure("a test fixture's ID literal is malformed: \(error)")
    }
}
