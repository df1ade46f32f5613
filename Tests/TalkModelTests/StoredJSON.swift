import Foundation
import Testing

/// JSON as the storage modules write it: Foundation's encoder with sorted keys, so output can be compared as text.
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from json: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    static func roundTrip<Value: Codable>(_ value: Value) throws -> Value {
        try decode(Value.self, from: try encode(value))
    }

    /// Decodes JSON that must be refused as corrupted data, and returns the error's context.
    static func refusal<Value: Decodable>(
        _ type: Value.Type,
        from json: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> DecodingError.Context? {
        do {
            let value = try decode(type, from: json)
            Issue.record("decoded \(value) from \(json)", sourceLocation: sourceLocation)
        } catch DecodingError.dataCorrupted(let context) {
            return context
        } catch {
            Issue.record("expected DecodingError.dataCorrupted, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// The coding path of a refusal, as dotted keys.
    static func path(_ context: DecodingError.Context?) -> String? {
        context.map { $0.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") }
    }
}
