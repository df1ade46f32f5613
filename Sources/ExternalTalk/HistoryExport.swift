import TalkModel
public import TalkStorage
import TalkWire

/// Talk history written out per room or per channel, as CSV or JSON Lines (R34).
///
/// Rows are read from storage a page at a time and handed to a sink as they are written, so exporting a million
/// messages takes the memory of one page. By default unread messages are left out, as R34 asks: an inbound message
/// our member has not read, or an outbound one the peer has not seen (a peer tenant reports reads; LINE reports
/// none to an Official Account, so a message to a LINE user counts as seen once LINE accepted it). Audits pass
/// `includeUnread` to get every stored message, inbound and outbound, one row each.
///
/// ```swift
/// var output = try FileWriter(path: "history.csv")
/// let count = try await HistoryExport(scope: .channel(channel), format: .csv(byteOrderMark: true))
///     .write(from: storage) { bytes in try output.write(bytes) }
/// ```
public struct HistoryExport: Sendable {
    /// The file format.
    public enum Format: Sendable, Hashable {
        /// RFC 4180 CSV in UTF-8 with CRLF line ends and a header row; with `byteOrderMark`, a UTF-8 BOM first,
        /// which spreadsheet apps need to read UTF-8.
        case csv(byteOrderMark: Bool)
        /// One JSON object per line (JSON Lines), UTF-8, LF line ends.
        case jsonLines
    }

    /// The columns, in order; also the JSON Lines member names.
    public static let columns = [
        "sequence", "message_id", "room", "channel", "direction", "sender", "operator", "sent_at", "type", "text",
        "state", "read_at", "edited_at", "unsent_at",
    ]

    /// Which messages.
    public var scope: MessageScope
    /// The format.
    public var format: Format
    /// Whether to include unread messages (for audits); `false` follows R34.
    public var includeUnread: Bool
    /// Messages read from storage per transaction.
    public var pageSize: Int

    /// Creates an export.
    /// - Parameters:
    ///   - scope: A room (`.room`) or a channel (`.channel`); `.all` for everything.
    ///   - format: CSV or JSON Lines.
    ///   - includeUnread: `true` to include unread messages.
    ///   - pageSize: Messages per read; 1,000 by default.
    public init(scope: MessageScope, format: Format, includeUnread: Bool = false, pageSize: Int = 1000) {
        self.scope = scope
        self.format = format
        self.includeUnread = includeUnread
        self.pageSize = max(1, pageSize)
    }

    /// Whether a message is in the export (R34).
    /// - Parameter message: The message.
    /// - Returns: `true` to write it.
    public func includes(_ message: StoredMessage) -> Bool {
        if includeUnread { return true }
        switch message.direction {
        case .inbound:
            return message.readAt != nil
        case .outbound:
            guard message.state == .sent else { return false }
            // A federation room has no channel, and its peer tenant reports reads (R16).
            return message.channel != nil || message.readAt != nil
        }
    }

    /// Writes the export.
    /// - Parameters:
    ///   - storage: Where the messages are.
    ///   - sink: Receives the bytes in order: the header, then one row at a time.
    /// - Returns: The number of message rows written.
    /// - Throws: What the storage or the sink throws.
    @discardableResult
    public func write(from storage: any TalkStorage, to sink: (_ bytes: [UInt8]) throws -> Void) async throws -> Int {
        if case .csv(let bom) = format {
            var header: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
            Self.appendCSVRow(Self.columns, to: &header)
            try sink(header)
        }
        var cursor: Int64 = 0
        var written = 0
        let scope = self.scope
        let pageSize = self.pageSize
        while true {
            let after = cursor
            let page = try await storage.read { try $0.messages(in: scope, after: after, limit: pageSize) }
            var chunk: [UInt8] = []
            chunk.reserveCapacity(page.count * 160)
            for message in page where includes(message) {
                appendRow(message, to: &chunk)
                written += 1
            }
            if !chunk.isEmpty { try sink(chunk) }
            guard let last = page.last, page.count == pageSize else { break }
            cursor = last.sequence
        }
        return written
    }

    func fields(_ message: StoredMessage) -> [String] {
        let state = message.state.storedName
        return [
            String(message.sequence), message.id.rawValue, message.room.rawValue, message.channel?.rawValue ?? "",
            message.direction.rawValue, message.sender.searchableID, message.operatorName ?? "",
            Self.iso8601(message.sentAt), message.contentType, message.text, state,
            message.readAt.map(Self.iso8601) ?? "", message.editedAt.map(Self.iso8601) ?? "",
            message.unsentAt.map(Self.iso8601) ?? "",
        ]
    }

    func appendRow(_ message: StoredMessage, to bytes: inout [UInt8]) {
        let values = fields(message)
        switch format {
        case .csv:
            Self.appendCSVRow(values, to: &bytes)
        case .jsonLines:
            var writer = JSONWriter(reservingCapacity: 256)
            writer.beginObject()
            writer.field("sequence", JSONNumber(message.sequence))
            for (name, value) in zip(Self.columns.dropFirst(), values.dropFirst()) {
                if value.isEmpty, name != "text" {
                    writer.key(name)
                    writer.null()
                } else {
                    writer.field(name, value)
                }
            }
            writer.endObject()
            bytes.append(contentsOf: writer.bytes)
            bytes.append(0x0A)
        }
    }

    /// Appends one CSV record: fields quoted when they hold a comma, a quote, CR or LF, quotes doubled (RFC 4180).
    static func appendCSVRow(_ values: [String], to bytes: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            let utf8 = value.utf8
            let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
            guard needsQuotes else {
                bytes.append(contentsOf: utf8)
                continue
            }
            bytes.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    /// `2026-12-01T09:30:00.000Z`.
    static func iso8601(_ time: Timestamp) -> String {
        let local = TalkTimeZone.utc.localTime(at: time)
        let millisecondsOfMinute = Int(((time.millisecondsSinceEpoch % 60_000) + 60_000) % 60_000)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(Int(local.year), 4))-\(pad(local.month, 2))-\(pad(local.day, 2))T"
            + "\(pad(local.minuteOfDay / 60, 2)):\(pad(local.minuteOfDay % 60, 2)):"
            + "\(pad(millisecondsOfMinute / 1000, 2)).\(pad(millisecondsOfMinute % 1000, 3))Z"
    }
}

extension ExternalTalkService {
    /// Writes a history export from the service's storage, a page at a time (R34).
    /// - Parameters:
    ///   - export: What to export, and how.
    ///   - sink: Receives the bytes in order.
    /// - Returns: The number of messages written.
    /// - Throws: A storage error, or what `sink` threw.
    public func export(_ export: HistoryExport, to sink: (_ bytes: [UInt8]) throws -> Void) async throws -> Int {
        try await export.write(from: storage, to: sink)
    }
}
