/// Character-level checks shared by the identifier parsers.
enum IdentifierSyntax {
    static func isLowercaseHex(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isLowercaseLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."z").contains(scalar)
    }

    /// Drops leading and trailing whitespace, as search boxes should.
    static func trimmingWhitespace(_ text: String) -> Substring {
        var trimmed = text[...]
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        return trimmed
    }

    /// Describes a character for an error message without quoting the rest of the input.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCII, scalar.value >= 0x21, scalar.value < 0x7F {
            return "'\(Character(scalar))'"
        }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Checks that every scalar of `text` passes `isAllowed`, reporting the first that does not.
    /// - Parameter baseOffset: The offset of `text` inside the whole input, for the error.
    static func requireAll(
        _ text: Substring,
        kind: String,
        input: String,
        baseOffset: Int = 0,
        expected: String,
        where isAllowed: (Unicode.Scalar) -> Bool
    ) throws(IdentifierError) {
        for (index, scalar) in text.unicodeScalars.enumerated() where !isAllowed(scalar) {
            throw IdentifierError(
                .invalidCharacter,
                kind: kind,
                offset: baseOffset + index,
                input: input,
                "\(describe(scalar)) is not allowed; expected \(expected)"
            )
        }
    }

    /// Checks the length of `text`, in Unicode scalars, against a range.
    static func requireLength(
        _ text: Substring,
        in range: ClosedRange<Int>,
        kind: String,
        part: String,
        input: String
    ) throws(IdentifierError) {
        let count = text.unicodeScalars.count
        if count == 0 {
            throw IdentifierError(.empty, kind: kind, input: input, "the \(part) is empty")
        }
        if count < range.lowerBound || count > range.upperBound {
            let code: IdentifierError.Code = count > range.upperBound ? .tooLong : .wrongLength
            throw IdentifierError(
                code,
                kind: kind,
                input: input,
                "the \(part) has \(count) characters; expected \(range.lowerBound) to \(range.upperBound)"
            )
        }
    }
}
