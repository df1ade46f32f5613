import Foundation
import Synchronization

/// One of the repository's OpenAPI documents, read by the tests: each answer the admin API gives is checked against the
/// operation it documents (a documented status, and a body that matches the documented schema), and the tests
/// record which operations they exercised, so that an undocumented route or an untested operation fails.
final class OpenAPIContract: Sendable {
    struct Violation: Error, CustomStringConvertible {
        var description: String
    }

    // Read-only after init.
    nonisolated(unsafe) private let document: [String: Any]
    private let exercised = Mutex<Set<String>>([])

    /// The admin API's document.
    static let shared = OpenAPIContract(file: "external-talk-v1.json")
    /// The LINE emulator's control API document.
    static let emulator = OpenAPIContract(file: "line-emulator-v1.json")

    private convenience init(file: String) {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi").appendingPathComponent(file)
        let document = try? JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        self.init(document ?? [:])
    }

    private init(_ document: [String: Any]) {
        self.document = document
    }

    var paths: [String: Any] { document["paths"] as? [String: Any] ?? [:] }

    /// Every `METHOD path` the document lists under a prefix.
    func operations(under prefix: String) -> Set<String> {
        var found: Set<String> = []
        for (path, item) in paths where path.hasPrefix(prefix) {
            for method in (item as? [String: Any] ?? [:]).keys { found.insert("\(method.uppercased()) \(path)") }
        }
        return found
    }

    var exercisedOperations: Set<String> { exercised.withLock { $0 } }

    /// Checks an answer against the documented operation, and records it as exercised.
    func check(_ method: String, _ template: String, status: Int, body: [UInt8], contentType: String?) throws {
        guard let operation = (paths[template] as? [String: Any])?[method.lowercased()] as? [String: Any] else {
            throw Violation(description: "\(method) \(template) is not documented")
        }
        exercised.withLock { _ = $0.insert("\(method.uppercased()) \(template)") }
        guard let response = (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any] else {
            throw Violation(description: "\(method) \(template) answered \(status), which is not documented")
        }
        guard let content = response["content"] as? [String: Any],
            let json = content["application/json"] as? [String: Any],
            let schema = json["schema"] as? [String: Any]
        else { return }
        guard contentType?.hasPrefix("application/json") == true else {
            throw Violation(description: "\(method) \(template) \(status): content type \(contentType ?? "none")")
        }
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(body))
        try validate(value, against: schema, at: "\(method) \(template) \(status)")
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String else { return schema }
        let name = reference.split(separator: "/").last.map(String.init) ?? ""
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        return schemas?[name] as? [String: Any] ?? [:]
    }

    /// A small JSON Schema check: `type` (one or a list), `required`, `properties`, `items`, `enum`, `$ref`.
    func validate(_ value: JSONValue, against schema: [String: Any], at path: String) throws {
        let schema = resolve(schema)
        let types: [String] = (schema["type"] as? [String]) ?? ((schema["type"] as? String).map { [$0] } ?? [])
        if !types.isEmpty, !types.contains(value.typeName) {
            throw Violation(description: "\(path): a \(value.typeName) where \(types) is documented")
        }
        if let allowed = schema["enum"] as? [String], case .string(let text) = value, !allowed.contains(text) {
            throw Violation(description: "\(path): \(text) is not one of \(allowed)")
        }
        if case .object(let object) = value {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                throw Violation(description: "\(path): \(key) is missing")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, field) in object {
                guard let property = properties[key] as? [String: Any] else {
                    throw Violation(description: "\(path): \(key) is not documented")
                }
                try validate(field, against: property, at: "\(path).\(key)")
            }
        }
        if case .array(let array) = value, let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { try validate(item, against: items, at: "\(path)[\(index)]") }
        }
    }
}

/// A JSON value with its JSON type kept exactly (a boolean is never a number).
enum JSONValue: Decodable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
