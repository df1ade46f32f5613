/// LINE's answer to a call that returns no data, such as mark-as-read.
public struct LineAcknowledgement: Sendable, Hashable {
    /// The HTTP status (200 or 202).
    public var status: Int
    /// LINE's `x-line-request-id`.
    public var requestID: String?

    /// Creates an acknowledgement.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - requestID: LINE's request ID.
    public init(status: Int, requestID: String?) {
        self.status = status
        self.requestID = requestID
    }
}
