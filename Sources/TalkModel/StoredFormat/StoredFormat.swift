/// Shared pieces of the model's stored format, the `Codable` conformances that storage modules use to keep values as
/// JSON in SQLite and PostgreSQL.
///
/// The format is a contract with data written by earlier versions, so it is spelled out by hand rather than
/// synthesized from Swift names: identifiers are their raw string, enum cases have fixed stored names, sets are sorted
/// so that equal values encode to equal bytes, and decoding goes through the validating initializers so that a
/// corrupted row is refused instead of becoming a value the model could never produce. Decoding errors name what is
/// wrong but never repeat a stored value: identifiers and names can be personal data.
enum StoredFormat {
    /// Encodes a value as one string, the form of identifiers and case names.
    static func encode(_ text: String, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// Decodes an identifier stored as one string, through its validating initializer.
    static func decodeIdentifier<Identifier>(
        from decoder: any Decoder,
        _ parse: (String) throws(IdentifierError) -> Identifier
    ) throws -> Identifier {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            return try parse(text)
        } catch {
            // The error's description names the kind, the problem and the offset, never the input.
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: container.codingPath,
                    debugDescription: "stored \(error)",
                    underlyingError: error
                )
            )
        }
    }

    /// Decodes a case stored under its fixed name.
    /// - Parameters:
    ///   - kind: What the value is, for the error, such as `room kind`.
    ///   - cases: Every case that can be stored.
    ///   - name: The stored name of a case.
    static func decodeName<Value>(
        from decoder: any Decoder,
        kind: String,
        cases: [Value],
        name: (Value) -> String
    ) throws -> Value {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let value = cases.first(where: { name($0) == text }) { return value }
        throw DecodingError.dataCorruptedError(
            in: container,
            debugDescription: "the stored \(kind) is none of \(cases.map(name).joined(separator: ", "))"
        )
    }

    /// The error for a `type` field of a value with cases that names no known case.
    static func unknownType<Key: CodingKey>(
        _ key: Key,
        in container: KeyedDecodingContainer<Key>,
        kind: String,
        known: [String]
    ) -> DecodingError {
        DecodingError.dataCorruptedError(
            forKey: key,
            in: container,
            debugDescription: "the stored \(kind) type is none of \(known.joined(separator: ", "))"
        )
    }

    /// The error for a stored value that no sequence of operations can produce.
    /// - Parameters:
    ///   - message: What is impossible, without stored values.
    ///   - underlying: The model's error, when its validating initializer refused the value.
    static func impossible(
        _ decoder: any Decoder,
        _ message: String,
        underlying: (any Error)? = nil
    ) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: message,
                underlyingError: underlying
            )
        )
    }
}

extension KeyedEncodingContainer {
    /// Encodes a set as a sorted list, so that equal sets encode to equal bytes.
    mutating func encodeSorted<Element: Encodable & Comparable>(_ set: Set<Element>, forKey key: Key) throws {
        try encode(set.sorted(), forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Decodes a set stored as a list, refusing a list that holds a value twice (no encoder writes one).
    func decodeSet<Element: Decodable & Hashable>(_ type: Element.Type, forKey key: Key) throws -> Set<Element> {
        let list = try decode([Element].self, forKey: key)
        let set = Set(list)
        guard set.count == list.count else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: self,
                debugDescription: "the stored list holds the same value twice"
            )
        }
        return set
    }

    /// Decodes a list of values with identities into a dictionary, refusing two values with the same identity.
    func decodeUnique<Element: Decodable, ID: Hashable>(
        _ type: Element.Type,
        forKey key: Key,
        what: String,
        id: (Element) -> ID
    ) throws -> [ID: Element] {
        var byID: [ID: Element] = [:]
        for element in try decode([Element].self, forKey: key) {
            guard byID.updateValue(element, forKey: id(element)) == nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: self,
                    debugDescription: "the stored list holds two \(what) with the same identity"
                )
            }
        }
        return byID
    }
}
