/// Binary content as an asynchronous sequence of byte chunks, read once, never held whole in memory.
///
/// ```swift
/// let content = try await transport.downloadContent(messageID: id, channel: channel)
/// for try await chunk in content.body {
///     try file.write(contentsOf: chunk)
/// }
/// ```
///
/// Iterate it once: the bytes come from one HTTP response (or one fake) and are not replayed. Errors while
/// reading are ``TalkTransportError``s.
public struct TalkByteStream: AsyncSequence, Sendable {
    /// A chunk of bytes.
    public typealias Element = [UInt8]

    private let makeIterator: @Sendable () -> AsyncIterator

    /// Wraps any sendable asynchronous sequence, turning its elements into byte chunks.
    /// - Parameters:
    ///   - base: The source, such as an HTTP client's response body.
    ///   - transform: Turns one element into bytes.
    ///   - mapError: Turns the source's errors into the error to throw, such as a ``TalkTransportError``.
    public init<Base: AsyncSequence & Sendable>(
        _ base: Base,
        transform: @escaping @Sendable (Base.Element) -> [UInt8],
        mapError: @escaping @Sendable (any Error) -> any Error = { $0 }
    ) {
        self.makeIterator = {
            let iterator = IteratorBox(base.makeAsyncIterator())
            return AsyncIterator {
                do {
                    return try await iterator.next().map(transform)
                } catch {
                    throw mapError(error)
                }
            }
        }
    }

    /// A stream of chunks already in memory, for fakes and tests.
    /// - Parameter chunks: The chunks, in order.
    public init(chunks: [[UInt8]]) {
        self.makeIterator = {
            var remaining = chunks[...]
            return AsyncIterator { remaining.popFirst() }
        }
    }

    /// Starts reading.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator { makeIterator() }

    /// Reads the stream into one array, refusing more than a limit.
    /// - Parameter maximumBytes: The most bytes accepted.
    /// - Returns: The bytes.
    /// - Throws: ``TalkTransportError/Code/invalidResponse`` when the content is larger; errors of the stream.
    public func collect(upTo maximumBytes: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in self {
            guard bytes.count + chunk.count <= maximumBytes else {
                throw TalkTransportError(
                    .invalidResponse,
                    operation: "download content",
                    message: "the content is larger than \(maximumBytes) bytes"
                )
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Reads the next chunk.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private let nextChunk: () async throws -> [UInt8]?

        init(_ nextChunk: @escaping () async throws -> [UInt8]?) {
            self.nextChunk = nextChunk
        }

        /// The next chunk, or `nil` at the end.
        /// - Returns: The chunk.
        /// - Throws: The source's error.
        public mutating func next() async throws -> [UInt8]? { try await nextChunk() }
    }
}

/// Holds a base iterator so that the chunk closure can advance it; used by one task at a time.
private final class IteratorBox<Base: AsyncIteratorProtocol> {
    private var base: Base

    init(_ base: Base) {
        self.base = base
    }

    func next() async throws -> Base.Element? { try await base.next() }
}

/// Downloaded message content: its type, its length when known, and its bytes as a stream.
public struct LineContent: Sendable {
    /// The `Content-Type`, such as `image/jpeg`.
    public var contentType: String?
    /// The `Content-Length`, when the server sent one.
    public var contentLength: Int?
    /// The bytes, read once.
    public var body: TalkByteStream

    /// Creates downloaded content.
    /// - Parameters:
    ///   - contentType: The media type.
    ///   - contentLength: The length in bytes.
    ///   - body: The bytes.
    public init(contentType: String?, contentLength: Int?, body: TalkByteStream) {
        self.contentType = contentType
        self.contentLength = contentLength
        self.body = body
    }
}

@available(*, unavailable)
extension TalkByteStream.AsyncIterator: Sendable {}
