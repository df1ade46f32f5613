import TalkWire

/// Conveniences for the command's output, where an absent value is written as `null`.
extension JSONWriter {
    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func number(_ value: Int64?) {
        if let value { number(JSONNumber(value)) } else { null() }
    }

    mutating func number(_ value: Double?) {
        if let value, let number = JSONNumber(value) { self.number(number) } else { null() }
    }

    mutating func bool(_ value: Bool?) {
        if let value { bool(value) } else { null() }
    }
}
